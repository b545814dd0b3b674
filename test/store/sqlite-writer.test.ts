import { describe, expect, it } from 'vitest'
import { PendingIds, StateOverlay } from '../../server/store/sqlite/writer/overlay'
import { reported, resolved, stage, urged } from '../helpers/events'
import { tempSqliteStores } from '../helpers/sqliteStores'
import { NOW, pathOf, submit, SUITE_REGIONS } from './suite/context'

const state = (id: string, v: number) => ({ id, v })

describe('StateOverlay', () => {
  it('answers the state of the last batch planned, then the last committed, and forgets all at once', () => {
    const o = new StateOverlay<{ id: string; v: number }>(10)
    o.planned(1, [state('a', 1), state('b', 1)])
    o.planned(2, [state('a', 2)])
    expect(o.get('a')).toEqual(state('a', 2))
    // Batch 1 committed: b is a row now; a stays batch 2's until that one commits.
    o.committed(1, ['a', 'b'])
    expect(o.get('a')).toEqual(state('a', 2))
    expect(o.get('b')).toEqual(state('b', 1))
    o.committed(2, ['a'])
    expect(o.get('a')).toEqual(state('a', 2))
    o.clear()
    expect(o.get('a')).toBeUndefined()
    expect(o.get('b')).toBeUndefined()
    expect(o.size).toBe(0)
  })

  it('keeps between max and twice max committed states, the newest', () => {
    const o = new StateOverlay<{ id: string; v: number }>(3)
    for (let i = 0; i < 8; i++) {
      o.planned(i + 1, [state(`s${i}`, i)])
      o.committed(i + 1, [`s${i}`])
    }
    expect(o.size).toBeGreaterThanOrEqual(3)
    expect(o.size).toBeLessThanOrEqual(6)
    expect(o.get('s7')).toEqual(state('s7', 7))
    expect(o.get('s0')).toBeUndefined()
  })
})

describe('PendingIds', () => {
  it('holds an id until the batch that last planned it commits', () => {
    const p = new PendingIds()
    p.planned(1, ['e1', 'e2'])
    p.planned(2, ['e2'])
    p.committed(1, ['e1', 'e2'])
    expect(p.has('e1')).toBe(false)
    expect(p.has('e2')).toBe(true)
    p.committed(2, ['e2'])
    expect(p.size).toBe(0)
  })
})

describe('SQLite store: the writer thread', () => {
  const stores = tempSqliteStores()
  const open = () => {
    const clock = { now: NOW }
    return { store: stores.open({ clock: () => clock.now }).store, clock }
  }

  it('plans each batch handed over on the ones before it, committed or not, and commits them in order', async () => {
    const { store, clock } = open()
    await store.putRegions(SUITE_REGIONS, pathOf)
    // Handed over at once, nothing awaited in between: each one names the cases of the one before.
    const outcomes = await Promise.all([
      submit(store, [reported('W1', '330111001001'), reported('W2', '330111001001')], clock),
      submit(store, [stage('W1', 'assign'), urged('W2')], clock),
      submit(store, [urged('W2'), resolved('W1', 'grid', NOW - 1000)], clock),
      submit(store, [urged('W1')], clock),
    ])
    expect(outcomes.map((o) => o.ok)).toEqual([true, true, true, false])
    expect(outcomes.slice(0, 3).map((o) => (o.ok ? [o.batch?.firstSeq, o.batch?.seq] : null))).toEqual([[1, 2], [3, 4], [5, 6]])
    expect((await store.getCase('W2'))!.urgeCount).toBe(2)
    expect((await store.getCase('W1'))!.resolvedAt).toBe(NOW - 1000)
    expect(await store.lastSeq()).toBe(6)
    // The same event again, while its first batch may still be on its way, is a duplicate.
    const e = urged('W2')
    const [first, again] = await Promise.all([submit(store, [e], clock), submit(store, [e], clock)])
    expect(first).toMatchObject({ ok: true, duplicates: 0 })
    expect(again).toMatchObject({ ok: true, duplicates: 1, batch: null })
  })

  it('fails a batch its rows cannot be written for, and plans the ones after it again without its states', async () => {
    const { store, clock } = open()
    await store.putRegions(SUITE_REGIONS, pathOf)
    const bad = reported('F1', '330111001001')
    // The write lock is held while the batches are planned; meanwhile another connection's row takes
    // the first batch's event id, so its insert fails in the writer thread once the lock is free.
    store.db.exec('BEGIN IMMEDIATE')
    const a = submit(store, [bad], clock)
    const b = submit(store, [urged('F1')], clock)
    const c = submit(store, [reported('F2', '330111001001')], clock)
    store.db.prepare(`INSERT INTO events (seq, id, type, at, received_at, body, subject) VALUES (1000, ?, 'case.reported', 0, 0, '{}', 'X')`).run(bad.id)
    store.db.exec('COMMIT')
    await expect(a).rejects.toThrow(/not written.*UNIQUE/)
    expect(await b).toMatchObject({ ok: false, details: [{ index: 0, path: '/events/0/caseId' }] })
    expect(await c).toMatchObject({ ok: true, batch: { firstSeq: 1, seq: 1 } })
    expect(await store.getCase('F1')).toBeNull()
    expect(await store.getCase('F2')).not.toBeNull()
    // Nothing of the failed batch is remembered: F1 is still unknown, and F2 moves on.
    expect(await submit(store, [stage('F1', 'assign')], clock)).toMatchObject({ ok: false })
    expect(await submit(store, [stage('F2', 'assign')], clock)).toMatchObject({ ok: true, batch: { firstSeq: 2, seq: 2 } })
  })
})
