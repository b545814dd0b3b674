import type { Store, StoreOptions } from './types'

/** The store the configuration asks for: the embedded SQLite file in the data directory. */
export async function openStore(where: { databaseUrl: string | null; dataDir: string }, opts: StoreOptions): Promise<Store> {
  if (where.databaseUrl) throw new Error('YIPING_DATABASE_URL (PostgreSQL) is not supported by this build yet')
  const { SqliteStore } = await import('./sqlite/sqliteStore')
  return new SqliteStore(where.dataDir, opts)
}
