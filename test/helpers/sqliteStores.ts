import fs from 'node:fs'
import { afterEach } from 'vitest'
import { SqliteStore } from '../../server/store/sqlite/sqliteStore'
import { tempDataDir } from './app'

export interface OpenedStore {
  store: SqliteStore
  /** Its data directory (the SQLite file is `yiping.sqlite` in it). */
  dir: string
}

/**
 * Temporary SQLite stores for the tests of one describe block (call it in the block): `open` makes
 * a store on a fresh data directory, or on one given to open it again. After each test everything
 * registered is closed, the last first (a connection opened on a store's file before that store),
 * then the directories are removed. The test still says which clock, node and regions it opens with.
 */
export function tempSqliteStores() {
  const dirs: string[] = []
  const closers: Array<() => unknown> = []
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close()
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
  })
  return {
    open({ clock, dir, nodeId = 'node-a' }: { clock: () => number; dir?: string; nodeId?: string }): OpenedStore {
      if (dir === undefined) {
        dir = tempDataDir()
        dirs.push(dir)
      }
      const store = new SqliteStore(dir, { clock, nodeId })
      closers.push(() => store.close())
      return { store, dir }
    },
    /** Something else the test opened (another connection to a store's file): closed after it, before the stores. */
    closeAfter(close: () => unknown): void {
      closers.push(close)
    },
  }
}
