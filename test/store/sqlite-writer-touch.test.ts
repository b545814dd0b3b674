import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { tempSqliteStores } from '../helpers/sqliteStores'
import { NOW } from './suite/context'

/** A turn of the event loop: what a blocked loop would not give until the write was done. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve))

describe("SQLite store: an ingest key's last use written by the writer thread", () => {
  const stores = tempSqliteStores()

  it('waits for the write lock off the event loop, and is on disk when it answers', async () => {
    const { store, dir } = stores.open({ clock: () => NOW })
    const file = path.join(dir, 'yiping.sqlite')
    await store.access.saveIngestKey({ id: 'k1', keyHash: 'kh1', name: '12345热线', scope: null, createdAt: NOW - 10, createdBy: null, lastUsedAt: null })
    // Another connection holds the write lock, as the log's commits or the snapshot thread's do.
    const other = new Database(file)
    stores.closeAfter(() => other.close())
    other.exec('BEGIN IMMEDIATE')
    let settled = false
    const touched = store.access.touchIngestKey('k1', NOW).then(() => (settled = true))
    // The loop turns and the key is still read while the write waits.
    await turn()
    expect((await store.access.findIngestKey('kh1'))?.lastUsedAt).toBeNull()
    expect(settled).toBe(false)
    other.exec('COMMIT')
    await touched
    // Read on a connection of its own: committed, not only in the writer's.
    const row = other.prepare(`SELECT last_used_at FROM ingest_keys WHERE id = 'k1'`).get() as { last_used_at: number }
    expect(row.last_used_at).toBe(NOW)
    expect((await store.access.findIngestKey('kh1'))?.lastUsedAt).toBe(NOW)
  })
})
