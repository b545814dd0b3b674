import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { SNAPSHOT_FILE } from '../../server/store/sqlite/snapshotFile'
import type { SqliteStore } from '../../server/store/sqlite/sqliteStore'
import { reported } from '../helpers/events'
import { tempSqliteStores } from '../helpers/sqliteStores'
import { NOW, pathOf, submit, SUITE_REGIONS } from './suite/context'

const VERSION = 7
const seqsIn = (db: Database.Database) => db.prepare<[], { seq: number }>(`SELECT seq FROM snapshots ORDER BY seq`).all().map((r) => r.seq)

/** The snapshots of the aggregates in their own SQLite file beside the store's (server/store/sqlite/snapshotFile.ts). */
describe('SQLite store: the snapshot file', () => {
  const stores = tempSqliteStores()

  /** A store with three batches in its log; their positions and commit times. */
  async function withLog() {
    const clock = { now: NOW }
    const opened = stores.open({ clock: () => clock.now })
    await opened.store.putRegions(SUITE_REGIONS, pathOf)
    for (const id of ['S1', 'S2', 'S3']) {
      clock.now += 60_000
      await submit(opened.store, [reported(id, SUITE_REGIONS.at(-1)!.code)], clock)
    }
    const batches = (await opened.store.readBatches(0, 100)).map((b) => ({ seq: b.seq, at: b.committedAt }))
    expect(batches).toHaveLength(3)
    return { ...opened, batches }
  }
  const put = (store: SqliteStore, b: { seq: number; at: number }, body: string) =>
    store.replay.putSnapshot({ seq: b.seq, at: b.at, version: VERSION, bytes: body.length, body: Buffer.from(body) })

  it('writes snapshots to their own file, and reads and deletes those an older version left in the store’s file', async () => {
    const { store, dir, batches } = await withLog()
    const [b1, b2, b3] = batches as [{ seq: number; at: number }, { seq: number; at: number }, { seq: number; at: number }]
    // As an older version wrote them: in the store's file.
    store.db.prepare(`INSERT INTO snapshots (seq, at, version, bytes, body) VALUES (?, ?, ?, 3, ?)`).run(b1.seq, b1.at, VERSION, Buffer.from('old'))
    store.db.prepare(`INSERT INTO snapshots (seq, at, version, bytes, body) VALUES (?, ?, ?, 3, ?)`).run(b3.seq, b3.at, VERSION + 1, Buffer.from('odd'))
    await put(store, b2, 'new')
    expect(seqsIn(store.snapshotDb)).toEqual([b2.seq])
    expect(seqsIn(store.db)).toEqual([b1.seq, b3.seq])

    expect(await store.replay.latestSnapshot(b3.seq, VERSION)).toEqual({ seq: b2.seq, at: b2.at, version: VERSION, bytes: 3 })
    expect(await store.replay.latestSnapshot(b2.seq - 1, VERSION)).toEqual({ seq: b1.seq, at: b1.at, version: VERSION, bytes: 3 })
    expect(await store.replay.latestSnapshot(b3.seq, VERSION + 1)).toMatchObject({ seq: b3.seq })
    expect((await store.replay.snapshotBody(b1.seq))?.toString()).toBe('old')
    expect((await store.replay.snapshotBody(b2.seq))?.toString()).toBe('new')
    expect((await store.replay.listSnapshots()).map((m) => m.seq)).toEqual([b1.seq, b2.seq, b3.seq])

    await store.replay.deleteSnapshots([b1.seq, b2.seq])
    expect(seqsIn(store.snapshotDb)).toEqual([])
    expect(seqsIn(store.db)).toEqual([b3.seq])
    expect(await store.replay.snapshotBody(b1.seq)).toBeNull()
    await store.close()

    // Opened again, what is left is still there.
    const again = stores.open({ clock: () => NOW, dir }).store
    expect((await again.replay.listSnapshots()).map((m) => m.seq)).toEqual([b3.seq])
  })

  it('drops at open the snapshots that are not of its log (a position it does not hold, or another commit time there)', async () => {
    const { store, dir, batches } = await withLog()
    const [b1, b2] = batches as [{ seq: number; at: number }, { seq: number; at: number }]
    await put(store, b1, 'one')
    await put(store, b2, 'two')
    await store.close()
    // The store's file replaced by another history beside the snapshot file kept.
    const file = new Database(path.join(dir, SNAPSHOT_FILE))
    file.prepare(`UPDATE snapshots SET at = at + 1 WHERE seq = ?`).run(b2.seq)
    file.prepare(`INSERT INTO snapshots (seq, at, version, bytes, body) VALUES (?, ?, ?, 5, ?)`).run(b2.seq + 100, b2.at, VERSION, Buffer.from('ahead'))
    file.close()

    const again = stores.open({ clock: () => NOW, dir }).store
    expect((await again.replay.listSnapshots()).map((m) => m.seq)).toEqual([b1.seq])
    expect((await again.replay.snapshotBody(b1.seq))?.toString()).toBe('one')
  })
})
