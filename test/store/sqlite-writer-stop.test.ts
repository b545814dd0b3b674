import fs from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import type { App } from '../../server/app'
import type { SqliteStore } from '../../server/store/sqlite/sqliteStore'
import type { YipingEvent } from '../../shared/events/schema'
import { adminToken, ingestHeaders, testApp } from '../helpers/app'
import { reported, resolved, stage, T0, urged } from '../helpers/events'
import { VILLAGES } from '../helpers/regions'
import { tempSqliteStores } from '../helpers/sqliteStores'
import { accept, NOW, pathOf, submit, SUITE_REGIONS } from './suite/context'

const VILLAGE = '330111001001'

/** Every event id in the log, with how often it is there (the log's key makes it once, but the test says so). */
function eventIds(store: SqliteStore): Array<{ id: string; n: number }> {
  return store.db.prepare(`SELECT id, count(*) AS n FROM events GROUP BY id ORDER BY min(seq)`).all() as Array<{ id: string; n: number }>
}

describe('SQLite store: a writer thread that stops between COMMIT and its answer', () => {
  const stores = tempSqliteStores()
  const open = () => {
    const clock = { now: NOW }
    return { ...stores.open({ clock: () => clock.now }), clock }
  }

  it('answers the committed batch with its real positions and writes the ones it had not, once, in order', async () => {
    const { store, clock, dir } = open()
    await store.putRegions(SUITE_REGIONS, pathOf)
    await accept(store, [reported('S0', VILLAGE)], clock)
    store.log.stopWriterAfterNextCommit()
    // Handed over at once: b is planned on a's states, c on b's; the thread commits a alone and stops.
    const a = [reported('S1', VILLAGE), reported('S2', VILLAGE)]
    const b = [urged('S1'), stage('S2', 'assign')]
    const c = [urged('S1'), resolved('S2', 'grid', NOW - 1000)]
    const outcomes = await Promise.all([submit(store, a, clock), submit(store, b, clock), submit(store, c, clock)])
    expect(store.log.writerStops, 'the thread stopped with batches in hand').toBe(1)
    expect(outcomes.map((o) => (o.ok ? { accepted: o.accepted.length, duplicates: o.duplicates, batch: o.batch && [o.batch.firstSeq, o.batch.seq] } : o))).toEqual([
      { accepted: 2, duplicates: 0, batch: [2, 3] },
      { accepted: 2, duplicates: 0, batch: [4, 5] },
      { accepted: 2, duplicates: 0, batch: [6, 7] },
    ])
    // The answer of the committed batch is the log's, commit time included.
    const logged = await store.readBatches(1, 100)
    expect(logged.map((l) => [l.firstSeq, l.seq, l.events.map((e) => e.id)])).toEqual([
      [2, 3, a.map((e) => e.id)],
      [4, 5, b.map((e) => e.id)],
      [6, 7, c.map((e) => e.id)],
    ])
    expect(outcomes[0]!.ok && outcomes[0]!.batch!.committedAt).toBe(logged[0]!.committedAt)
    expect(eventIds(store).every((e) => e.n === 1)).toBe(true)
    expect(eventIds(store)).toHaveLength(7)
    expect((await store.getCase('S1'))!.urgeCount).toBe(2)
    expect((await store.getCase('S2'))!.resolvedAt).toBe(NOW - 1000)

    // The states in memory are the rows': the next batches plan on them, and so does a fresh store.
    expect(await submit(store, [urged('S1')], clock)).toMatchObject({ ok: true, batch: { firstSeq: 8, seq: 8 } })
    expect(await submit(store, [...c], clock)).toMatchObject({ ok: true, duplicates: 2, batch: null })
    expect((await store.getCase('S1'))!.urgeCount).toBe(3)
    await store.close()
    const { store: again } = stores.open({ clock: () => clock.now, dir })
    expect(await again.lastSeq()).toBe(8)
    expect((await again.getCase('S1'))!.urgeCount).toBe(3)
  })

  it('plans both again when the commit that stopped the thread held neither: the failed batch is then a duplicate', async () => {
    const { store, clock } = open()
    await store.putRegions(SUITE_REGIONS, pathOf)
    const bad = reported('F1', VILLAGE)
    // As in sqlite-writer.test.ts: while the main connection holds the write lock, another row takes
    // the first batch's event id, so that batch fails in the thread; the commit that stops the
    // thread holds nothing, and the batch after it was refused. Neither is in the log.
    store.db.exec('BEGIN IMMEDIATE')
    store.log.stopWriterAfterNextCommit()
    const a = submit(store, [bad, urged('F1')], clock)
    const f2 = reported('F2', VILLAGE)
    const b = submit(store, [f2], clock)
    store.db.prepare(`INSERT INTO events (seq, id, type, at, received_at, body, subject) VALUES (1000, ?, 'case.reported', 0, 0, '{}', 'X')`).run(bad.id)
    store.db.exec('COMMIT')
    // Planned again on the log as it is: the event is there (a duplicate), the case is not.
    expect(await a).toMatchObject({ ok: false, details: [{ index: 1, path: '/events/1/caseId' }] })
    expect(await b).toMatchObject({ ok: true, batch: { firstSeq: 1, seq: 1 } })
    expect(store.log.writerStops).toBe(1)
    expect(await store.getCase('F1')).toBeNull()
    expect(eventIds(store).map((e) => e.id)).toEqual([f2.id, bad.id])
  })
})

const H = 3600_000

describe('the app on SQLite: a writer thread that stops between COMMIT and its answer', { timeout: 60_000 }, () => {
  let app: App | undefined
  const dirs: string[] = []
  afterEach(async () => {
    await app?.close()
    app = undefined
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
  })

  const post = async (events: YipingEvent[]) => {
    const res = await app!.inject({ method: 'POST', url: '/api/v1/events', headers: ingestHeaders, payload: { events } })
    return { status: res.statusCode, body: res.json() as { accepted: number; duplicates: number; seq: number } }
  }
  const figures = async () => {
    const headers = { authorization: `Bearer ${await adminToken(app!)}` }
    const read = async (url: string) => {
      const res = await app!.inject({ url, headers })
      expect(res.statusCode, res.body).toBe(200)
      return res.json() as Record<string, unknown>
    }
    return { root: await read('/api/v1/summary?region=330000'), village: await read(`/api/v1/summary?region=${VILLAGES[0]}&period=today`) }
  }

  it('answers the stored batch with success, counts every event once, and the figures are a recount of the store', async () => {
    const now = T0 + 2 * H
    const started = await testApp({ clock: () => now, config: { snapshotRestart: false } })
    app = started.app
    dirs.push(started.dataDir)
    const store = app.store as SqliteStore
    expect((await post([reported('A0', VILLAGES[0]!), reported('A1', VILLAGES[1]!)])).status).toBe(200)

    // The batch handed over first is committed and not answered; those after it are not written at first.
    store.log.stopWriterAfterNextCommit()
    const batches = [
      [reported('B1', VILLAGES[0]!), reported('B2', VILLAGES[1]!), urged('A0')],
      [stage('B1', 'assign'), resolved('A1', 'grid', T0 + H), reported('B3', VILLAGES[0]!)],
      [urged('B1'), urged('A0'), reported('B4', VILLAGES[2]!)],
    ]
    const answers = await Promise.all(batches.map(post))
    expect(store.log.writerStops).toBe(1)
    expect(answers.map((a) => [a.status, a.body.accepted, a.body.duplicates])).toEqual(batches.map((b) => [200, b.length, 0]))
    const head = await store.lastSeq()
    expect(head).toBe(2 + 9)
    expect(app.aggregator.seq).toBe(head)
    expect(Math.max(...answers.map((a) => a.body.seq))).toBe(head)

    // Later ingest works, on the states the stopped thread left.
    const later = await post([urged('B1'), reported('C1', VILLAGES[1]!)])
    expect(later.status).toBe(200)
    expect(later.body).toMatchObject({ accepted: 2, duplicates: 0, seq: head + 2 })
    expect((await app.store.getCase('B1'))!.urgeCount).toBe(2)
    const live = await figures()
    expect((live.root.cases as { total: number }).total).toBe(7)

    // A restart recounts every case from the store (no snapshot): the same figures.
    await app.close()
    app = (await testApp({ dataDir: started.dataDir, clock: () => now, config: { snapshotRestart: false } })).app
    expect(app.aggregatorStart).toMatchObject({ from: 'store' })
    expect(app.aggregator.seq).toBe(head + 2)
    expect(await figures()).toEqual(live)
  })
})
