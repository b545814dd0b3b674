import { setImmediate as turn } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import type { YipingEvent } from '../../shared/events/schema'
import { planBatch } from '../../server/domain/ingest/planBatch'
import { reported, urged } from '../helpers/events'
import { tempSqliteStores } from '../helpers/sqliteStores'
import { NOW, ORIGIN, pathOf, submit, SUITE_REGIONS, tree } from '../store/suite/context'

/**
 * The embedded store plans a batch when called and makes and posts its rows a turn of the event
 * loop later (server/store/sqlite/log.ts): what is planned but not handed over yet must fail and be
 * planned again exactly as if it had been handed over at once.
 */
describe('SQLite store: rows handed over a turn after the plan', () => {
  const stores = tempSqliteStores()

  it('fails a batch whose rows cannot be made after the ones before it, and plans the ones after it again, in order', async () => {
    const clock = { now: NOW }
    const { store } = stores.open({ clock: () => clock.now })
    await store.putRegions(SUITE_REGIONS, pathOf)
    const village = '330111001001'
    // The write lock is held: the first batch stays with the writer thread, unanswered.
    store.db.exec('BEGIN IMMEDIATE')
    const a = submit(store, [reported('H1', village)], clock)
    await turn()
    // Its rows cannot be made (the region's path fails): planned, and its case known to the batches after it.
    const events: YipingEvent[] = [reported('H2', village)]
    const b = store.ingest({
      events,
      origin: ORIGIN,
      pathOf: () => {
        throw new Error('no path for this region')
      },
      plan: (known) => planBatch(events, known, { regions: tree, now: clock.now }),
    })
    const c = submit(store, [urged('H2')], clock)
    const d = submit(store, [reported('H3', village), urged('H1')], clock)
    store.db.exec('COMMIT')
    expect(await a).toMatchObject({ ok: true, batch: { firstSeq: 1, seq: 1 } })
    await expect(b).rejects.toThrow('no path for this region')
    // Planned again without H2's report: an unknown case now.
    expect(await c).toMatchObject({ ok: false, details: [{ index: 0, path: '/events/0/caseId' }] })
    expect(await d).toMatchObject({ ok: true, batch: { firstSeq: 2, seq: 3 } })
    expect(await store.getCase('H2')).toBeNull()
    expect((await store.getCase('H1'))!.urgeCount).toBe(1)
    expect(await store.lastSeq()).toBe(3)
  })
})
