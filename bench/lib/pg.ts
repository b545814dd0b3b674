import { randomBytes } from 'node:crypto'
import pg from 'pg'

/** The machine's PostgreSQL (trust auth): the bench creates and drops databases of its own there. */
export const PG_SERVER = process.env.YIPING_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432'

export interface BenchDatabase {
  url: string
  drop(): Promise<void>
}

async function onTest(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: `${PG_SERVER}/test` })
  await c.connect()
  try {
    await c.query(sql)
  } finally {
    await c.end()
  }
}

/** A fresh database `<prefix>_<random>`, created from a connection to `test`. */
export async function createBenchDatabase(prefix: string): Promise<BenchDatabase> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`
  await onTest(`CREATE DATABASE ${name}`)
  return { url: `${PG_SERVER}/${name}`, drop: () => onTest(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) }
}
