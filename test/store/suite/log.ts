import { expect, it } from 'vitest'
import { planBatch } from '../../../server/domain/ingest/planBatch'
import type { LoggedBatch, Store } from '../../../server/store/types'
import { reported, resolved, riskRegistered, riskStatus, stage, T0, urged } from '../../helpers/events'
import { accept, ORIGIN, pathOf, submit, tree, type StoreFixture } from './context'

const allBatches = (s: Store) => s.readBatches(0, 1_000_000)
const eventCount = (bs: LoggedBatch[]) => bs.reduce((n, b) => n + b.events.length, 0)

/** Positions 1..n with no gap, each batch's events inside its range, batches in order. */
function expectGapless(batches: LoggedBatch[]) {
  let next = 1
  for (const b of batches) {
    expect(b.firstSeq).toBe(next)
    expect(b.events.map((e) => e.seq)).toEqual(Array.from({ length: b.seq - b.firstSeq + 1 }, (_, i) => b.firstSeq + i))
    next = b.seq + 1
  }
}

export function logTests(fixture: () => StoreFixture) {
  it('appends each batch at the head with gapless positions, its commit time, node and origin', async () => {
    const { store, clock } = fixture()
    expect(await store.lastSeq()).toBe(0)
    expect(await allBatches(store)).toEqual([])
    clock.now = T0 + 1000
    const a = await accept(store, [reported('L1', '330111001001'), urged('L1'), reported('L2', '330411001001')], clock)
    expect(a.batch).toMatchObject({ firstSeq: 1, seq: 3, committedAt: T0 + 1000, nodeId: 'node-a', origin: ORIGIN })
    expect(a.accepted.map((e) => e.seq)).toEqual([1, 2, 3])
    clock.now = T0 + 2000
    const b = await accept(store, [riskRegistered('R1', '330411001001'), riskStatus('R1', 'alarm')], clock, { keyId: null, actor: 'duty-1' })
    expect(b.batch).toMatchObject({ firstSeq: 4, seq: 5, committedAt: T0 + 2000, origin: { keyId: null, actor: 'duty-1' } })
    expect(await store.lastSeq()).toBe(5)

    const log = await allBatches(store)
    expectGapless(log)
    expect(log.map((x) => [x.seq, x.committedAt, x.nodeId, x.origin.actor])).toEqual([[3, T0 + 1000, 'node-a', null], [5, T0 + 2000, 'node-a', 'duty-1']])
    expect(log[0]!.events.map((e) => [e.type, e.event.id])).toEqual(a.accepted.map((e) => [e.event.type, e.event.id]))
    expect(log[0]!.events[0]!.event).toEqual(a.accepted[0]!.event)
    expect(log[0]!.events[1]!.at).toBe(a.accepted[1]!.at)
  })

  it('reads every state with the head from one consistent read', async () => {
    const { store, clock } = fixture()
    clock.now = T0 + 1000
    await accept(store, [reported('S1', '330111001001'), reported('S2', '330411001001'), riskRegistered('R9', '330411001001')], clock)
    await accept(store, [urged('S1')], clock)
    const cases: string[] = []
    const risks: string[] = []
    const seq = await store.readState((c) => cases.push(`${c.id}:${c.urgeCount}`), (r) => risks.push(r.id))
    expect(seq).toBe(4)
    expect(cases.sort()).toEqual(['S1:1', 'S2:0'])
    expect(risks).toEqual(['R9'])
  })

  it('reads the log in pages of whole batches after any position, and says where it stood at any instant', async () => {
    const { store, clock } = fixture()
    for (let i = 0; i < 5; i++) {
      clock.now = T0 + 10_000 * (i + 1)
      await accept(store, [reported(`P${i}`, '330111001001'), urged(`P${i}`), urged(`P${i}`)], clock)
    }
    // Whole batches only, never a part; at least one however small the page.
    expect((await store.readBatches(0, 1)).map((b) => b.seq)).toEqual([3])
    expect((await store.readBatches(0, 4)).map((b) => b.seq)).toEqual([3, 6])
    expect((await store.readBatches(6, 6)).map((b) => b.seq)).toEqual([9, 12])
    expect(await store.readBatches(15, 100)).toEqual([])
    // A reader that catches up page by page sees every event once, in order.
    const seen: number[] = []
    for (let at = 0, page = await store.readBatches(at, 4); page.length > 0; page = await store.readBatches(at, 4)) {
      for (const b of page) seen.push(...b.events.map((e) => e.seq))
      at = page.at(-1)!.seq
    }
    expect(seen).toEqual(Array.from({ length: 15 }, (_, i) => i + 1))

    expect(await store.seqAt(T0)).toBe(0)
    expect(await store.seqAt(T0 + 10_000)).toBe(3)
    expect(await store.seqAt(T0 + 29_999)).toBe(6)
    expect(await store.seqAt(T0 + 10 ** 9)).toBe(15)
  })

  it('never records a commit time earlier than the batch before it (a node whose clock lags)', async () => {
    const { store, clock, another } = fixture()
    clock.now = T0 + 60_000
    await accept(store, [reported('K1', '330111001001')], clock)
    const lagging = await another('node-b')
    clock.now = T0 + 1000
    const b = await accept(lagging, [urged('K1', T0)], clock)
    expect(b.batch).toMatchObject({ committedAt: T0 + 60_000, nodeId: 'node-b' })
    expect(await store.seqAt(T0 + 59_999)).toBe(0)
    expect(await store.seqAt(T0 + 60_000)).toBe(2)
  })

  it('writes nothing of a refused batch, and stays usable after a planner or a write failed', async () => {
    const { store, clock } = fixture()
    await accept(store, [reported('A1', '330111001001')], clock)
    const refused = await submit(store, [urged('A1'), urged('NOPE')], clock)
    expect(refused).toMatchObject({ ok: false, details: [{ index: 1, path: '/events/1/caseId' }] })

    // A failure inside the transaction, after events were already inserted: all of it rolls back.
    const events = [reported('A2', '330111001001'), urged('A1')]
    await expect(
      store.ingest({
        events,
        origin: ORIGIN,
        plan: (known) => planBatch(events, known, { regions: tree, now: clock.now }),
        pathOf: () => {
          throw new Error('path lookup failed')
        },
      }),
    ).rejects.toThrow(/path lookup failed/)
    await expect(store.ingest({ events, origin: ORIGIN, pathOf, plan: () => { throw new Error('planner failed') } })).rejects.toThrow(/planner failed/)

    expect(await store.lastSeq()).toBe(1)
    expect(eventCount(await allBatches(store))).toBe(1)
    expect(await store.getCase('A2')).toBeNull()
    expect((await store.getCase('A1'))!.urgeCount).toBe(0)
    // The lock and the connection were given back: the next batch commits at position 2.
    const next = await accept(store, events, clock)
    expect(next.batch).toMatchObject({ firstSeq: 2, seq: 3 })
  })

  it('counts an event id seen before as a duplicate that writes nothing, also inside one batch', async () => {
    const { store, clock } = fixture()
    const batch = [reported('D1', '330111001001'), urged('D1')]
    expect(await accept(store, batch, clock)).toMatchObject({ duplicates: 0, batch: { seq: 2 } })
    const again = await accept(store, batch, clock)
    expect(again).toMatchObject({ duplicates: 2, accepted: [], batch: null })
    const e = urged('D1')
    expect(await accept(store, [e, e, batch[1]!], clock)).toMatchObject({ duplicates: 2, batch: { firstSeq: 3, seq: 3 } })
    expect(await store.lastSeq()).toBe(3)
    expect((await store.getCase('D1'))!.urgeCount).toBe(2)
  })

  it('orders concurrent commits of several nodes without gaps, each planned against the state the one before left', async () => {
    const { store, clock, another } = fixture()
    await accept(store, [reported('HOT', '330111001001'), reported('HOT2', '330411001001')], clock)
    const nodes = [store, await another('node-b'), await another('node-c')]
    const perSubmitter = 6
    // Three nodes, two submitters each, all at once: every batch urges the same two cases, so a
    // batch planned against stale state would lose an urge (or a position would repeat).
    const submitters = nodes.flatMap((node, n) =>
      [0, 1].map(async (k) => {
        for (let i = 0; i < perSubmitter; i++) await accept(node, [urged('HOT'), reported(`N${n}-${k}-${i}`, '330111002001'), urged('HOT2')], clock)
      }),
    )
    await Promise.all(submitters)
    const total = nodes.length * 2 * perSubmitter
    expect((await store.getCase('HOT'))!.urgeCount).toBe(total)
    expect((await store.getCase('HOT2'))!.urgeCount).toBe(total)
    const log = await allBatches(store)
    expect(log).toHaveLength(total + 1)
    expectGapless(log)
    expect(await store.lastSeq()).toBe(2 + 3 * total)
    expect(new Set(log.map((b) => b.nodeId))).toEqual(new Set(['node-a', 'node-b', 'node-c']))
    const times = log.map((b) => b.committedAt)
    expect([...times].sort((a, b) => a - b)).toEqual(times)
  })

  it('lets exactly one of two nodes accept the same event ids at once; the other counts duplicates', async () => {
    const { store, clock, another } = fixture()
    await accept(store, [reported('S1', '330111001001')], clock)
    const b = await another('node-b')
    const events = [urged('S1'), reported('S2', '330111001002'), stage('S2', 'assign')]
    const [x, y] = await Promise.all([accept(store, events, clock), accept(b, events, clock)])
    expect(x.accepted.length + y.accepted.length).toBe(3)
    expect(x.duplicates + y.duplicates).toBe(3)
    expect([x.batch, y.batch].filter(Boolean)).toHaveLength(1)
    expect((await store.getCase('S1'))!.urgeCount).toBe(1)
    expect(await store.lastSeq()).toBe(4)
  })

  it('keeps every committed batch across a reopen, and continues the positions', async () => {
    const { store, clock, reopen } = fixture()
    await accept(store, [reported('Z1', '330111001001'), resolved('Z1', 'grid', T0 + 1000)], clock)
    const again = await reopen()
    expect(await again.lastSeq()).toBe(2)
    expect((await again.getCase('Z1'))!.resolvedAt).toBe(T0 + 1000)
    expect((await accept(again, [urged('Z1')], clock).catch((e: Error) => e.message))).toMatch(/resolved/)
    expect((await accept(again, [reported('Z2', '330111001001')], clock)).batch).toMatchObject({ firstSeq: 3, seq: 3 })
  })
}
