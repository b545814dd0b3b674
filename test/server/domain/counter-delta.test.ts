import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Aggregator } from '../../../server/domain/aggregate/aggregator'
import { CounterDelta } from '../../../server/domain/aggregate/counterDelta'
import { DaySeries } from '../../../server/domain/aggregate/daySeries'
import { RegionDays } from '../../../server/domain/aggregate/regionDays'
import { planBatch, type KnownState } from '../../../server/domain/ingest/planBatch'
import type { CaseState } from '../../../server/domain/cases/caseState'
import type { YipingEvent } from '../../../shared/events/schema'
import { RegionTree } from '../../../shared/regions/tree'
import { reported, resolved, stage, T0, urged } from '../../helpers/events'
import { TEST_REGIONS, VILLAGES } from '../../helpers/regions'

const WIDTH = 5
const indices = fc.array(fc.integer({ min: 0, max: WIDTH - 1 }), { maxLength: 8 })
// Longer than the width: a case urged many times lists `urgeCount` once per urge.
const many = fc.array(fc.integer({ min: 0, max: WIDTH - 1 }), { minLength: WIDTH + 1, maxLength: 12 })

/** after − before per counter, the obvious way. */
function naiveNet(before: readonly number[], after: readonly number[]): number[] {
  const net = new Array<number>(WIDTH).fill(0)
  for (const i of before) net[i]! -= 1
  for (const i of after) net[i]! += 1
  return net
}

describe('CounterDelta (a case change netted once)', () => {
  it('lists each counter that moves with its net move, and none that does not; reused, it starts clean every time', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.oneof(indices, fc.constant([])), fc.oneof(indices, many)), { minLength: 1, maxLength: 20 }), (pairs) => {
        const d = new CounterDelta(WIDTH)
        for (const [before, after] of pairs) {
          d.between(before, after)
          const got = new Array<number>(WIDTH).fill(0)
          const seen = new Set<number>()
          for (let k = 0; k < d.size; k++) {
            // A first count (nothing before) is its list as it is; otherwise each counter once.
            if (before.length > 0) expect(seen.has(d.index[k]!)).toBe(false)
            seen.add(d.index[k]!)
            expect(d.delta[k]).not.toBe(0)
            got[d.index[k]!]! += d.delta[k]!
          }
          expect(got).toEqual(naiveNet(before, after))
        }
      }),
      { seed: 20261204, numRuns: 300 },
    )
  })

})

type Change = { day: number; before: number[]; after: number[] }
const change: fc.Arbitrary<Change> = fc.record({
  // Live days at the end, and a backfill's all over (new days in the middle, old days far back).
  day: fc.oneof(fc.integer({ min: 700, max: 730 }), fc.integer({ min: 0, max: 730 })),
  before: indices,
  after: indices,
})

describe('DaySeries.addDelta', () => {
  it('counts like subtracting the old list and adding the new one, whatever the order of days (live, backfill)', () => {
    fc.assert(
      fc.property(fc.array(change, { maxLength: 200 }), fc.array(fc.tuple(fc.integer({ min: -5, max: 735 }), fc.nat(800)), { maxLength: 10 }), (changes, reads) => {
        const lists = new DaySeries(WIDTH)
        const netted = new DaySeries(WIDTH)
        const d = new CounterDelta(WIDTH)
        changes.forEach((c, i) => {
          // The day is placed even for a change that moves nothing, as addDelta places it.
          lists.add(c.day, 0, 0)
          for (const i of c.before) lists.add(c.day, i, -1)
          for (const i of c.after) lists.add(c.day, i, 1)
          d.between(c.before, c.after)
          netted.addDelta(c.day, d.index, d.delta, d.size)
          // Reads in between merge the pending days, so later changes land in place or pending again.
          const r = reads[i % Math.max(1, reads.length)]
          if (r && i % 17 === 0) expect([...netted.sum(r[0], r[0] + r[1])]).toEqual([...lists.sum(r[0], r[0] + r[1])])
        })
        for (const [start, length] of reads) expect([...netted.sum(start, start + length)]).toEqual([...lists.sum(start, start + length)])
        expect([...netted.entries()].map(([day, row]) => [day, [...row]])).toEqual([...lists.entries()].map(([day, row]) => [day, [...row]]))
      }),
      { seed: 20261205, numRuns: 300 },
    )
  })
})

describe('the aggregator after a reset', () => {
  const tree = new RegionTree(TEST_REGIONS)
  const known = (cases: Map<string, CaseState>): KnownState => ({ seenEventIds: new Set(), cases, risks: new Map() })
  const plan = (events: YipingEvent[], cases: Map<string, CaseState>) => {
    const p = planBatch(events, known(cases), { regions: tree, now: T0 + 86_400_000 })
    if (!p.ok) throw new Error(JSON.stringify(p.details))
    for (const [id, ch] of p.cases) cases.set(id, ch.next)
    return p
  }

  it('counts every change in the buckets it reads, after a restore replaced the ones it counted in before', () => {
    const now = () => T0 + 86_400_000
    const states = new Map<string, CaseState>()
    const first = plan([reported('A1', VILLAGES[0]!), reported('A2', VILLAGES[2]!), stage('A1', 'assign')], states)
    const second = plan([urged('A1'), resolved('A2'), reported('A3', VILLAGES[0]!), reported('A4', VILLAGES[1]!)], states)

    // `a` counted in its buckets before the restore; `b` never did.
    const a = new Aggregator(tree, now)
    a.applyBatch(first.cases.values(), first.risks.values(), 1)
    const base = new Aggregator(tree, now)
    base.applyBatch(first.cases.values(), first.risks.values(), 1)
    const dump = base.dump()
    a.restore(dump, now())
    const b = new Aggregator(tree, now)
    b.restore(dump, now())
    for (const agg of [a, b]) agg.applyBatch(second.cases.values(), second.risks.values(), 2)

    const root = '330000'
    const range = { start: 0, end: 100_000 }
    expect(a.snapshot()).toEqual(b.snapshot())
    expect([...a.caseCounts(root, range)]).toEqual([...b.caseCounts(root, range)])
    expect(a.caseCounts(root, range)[0]).toBe(4)
  })

  it('counts activity in a region of a replay decoded between two changes (its lineage looked up again)', () => {
    const states = new Map<string, CaseState>()
    const first = plan([reported('D1', VILLAGES[0]!)], states)
    const second = plan([reported('D2', VILLAGES[0]!)], states)
    const days = new RegionDays(tree)
    const reports = (code: string) => [...(days.activityOf(code)?.days.values() ?? [])].reduce((n, slot) => n + slot[0], 0)
    days.restoreDeferred({ cases: [], activity: TEST_REGIONS.map((r) => [r.code, () => [[], []]]) })
    days.track(null, first.cases.get('D1')!.next, T0)
    expect(reports(VILLAGES[0]!)).toBe(1)
    days.track(null, second.cases.get('D2')!.next, T0)
    expect(reports(VILLAGES[0]!)).toBe(2)
    expect(reports('330000')).toBe(2)
  })
})
