import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { PG_SERVER } from './postgres'

/**
 * Once per `vitest run`: names the run, so that the PostgreSQL databases its app tests create
 * (yiping_t_<run>_app_…) can be dropped at the end even when a test failed before its own cleanup.
 * Only this run's databases are touched.
 */
export default function setup() {
  const run = randomBytes(4).toString('hex')
  process.env.YIPING_TEST_RUN = run
  return async () => {
    const c = new pg.Client({ connectionString: `${PG_SERVER}/test` })
    try {
      await c.connect()
      const { rows } = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`yiping\\_t\\_${run}\\_%`])
      for (const { datname } of rows) await c.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`)
    } catch {
      // No PostgreSQL reachable: then no test of this run created a database on it.
    } finally {
      await c.end().catch(() => undefined)
    }
  }
}
