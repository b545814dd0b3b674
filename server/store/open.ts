import type { Store, StoreOptions } from './types'

/**
 * The store the configuration asks for: PostgreSQL when a `postgres://` URL is given, else the
 * embedded SQLite file in the data directory. Each implementation is loaded only when chosen.
 */
export async function openStore(where: { databaseUrl: string | null; dataDir: string }, opts: StoreOptions): Promise<Store> {
  if (where.databaseUrl) {
    const { PgStore } = await import('./postgres/pgStore')
    return PgStore.open(where.databaseUrl, opts)
  }
  const { SqliteStore } = await import('./sqlite/sqliteStore')
  return new SqliteStore(where.dataDir, opts)
}
