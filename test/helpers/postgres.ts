import { randomBytes } from 'node:crypto'
import pg from 'pg'

/** The shared PostgreSQL of this machine (trust auth); tests only ever create and drop their own databases there. */
export const PG_SERVER = process.env.YIPING_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432'

async function onTest<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: `${PG_SERVER}/test` })
  await c.connect()
  try {
    return await fn(c)
  } finally {
    await c.end()
  }
}

export interface TestDatabase {
  url: string
  drop(): Promise<void>
}

/**
 * A fresh database of our own, `yiping_t_<random>`, created from a connection to `test`. It
 * collates by ICU's Chinese rules with punctuation ignored at the first level (`ka-shifted`, as
 * glibc's en_US.UTF-8 does) where the server has ICU (it does here), so that anything that silently
 * relies on byte-order ("C") collation fails in the tests, not in a city's deployment.
 */
export async function createTestDatabase(prefix = 'yiping_t'): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`
  await onTest(async (c) => {
    const icu = (await c.query(`SELECT 1 FROM pg_collation WHERE collname = 'zh-x-icu'`)).rowCount
    await c.query(
      icu
        ? `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8' LOCALE_PROVIDER icu ICU_LOCALE 'zh-u-ka-shifted'`
        : `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8'`,
    )
  })
  return {
    url: `${PG_SERVER}/${name}`,
    drop: () => onTest(async (c) => void (await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))),
  }
}
