import pg from 'pg'

/** bigint columns hold millisecond instants and positions, all below 2^53: read them as numbers. */
const INT8 = 20
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 && format !== 'binary' ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
}

export type Db = pg.Pool
export type Conn = pg.PoolClient

export function connect(url: string, max = 10): Db {
  const pool = new pg.Pool({ connectionString: url, max, types })
  // An idle connection that dies (a database restart) must not take the process down: the next
  // query on it fails and says so to its caller.
  pool.on('error', () => undefined)
  return pool
}

/** Runs `fn` in one transaction on one connection: COMMIT if it resolves, ROLLBACK if it throws. */
export async function tx<T>(db: Db, fn: (c: Conn) => Promise<T>, begin = 'BEGIN'): Promise<T> {
  const c = await db.connect()
  try {
    await c.query(begin)
    const out = await fn(c)
    await c.query('COMMIT')
    return out
  } catch (err) {
    await c.query('ROLLBACK').catch(() => undefined)
    throw err
  } finally {
    c.release()
  }
}

/** A unique index refused a row (SQLSTATE 23505), optionally that one index. */
export const isUniqueViolation = (err: unknown, constraint?: string) =>
  err instanceof Error && (err as { code?: string }).code === '23505' && (!constraint || (err as { constraint?: string }).constraint === constraint)
