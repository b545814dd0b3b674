import { describe, expect, it } from 'vitest'
import { Aggregator } from '../../../server/domain/aggregate/aggregator'
import { isResolved, type CaseState } from '../../../server/domain/cases/caseState'
import { reduceCase } from '../../../server/domain/cases/reduceCase'
import type { CaseEvent } from '../../../shared/events/schema'
import { RegionTree } from '../../../shared/regions/tree'

const H = 3600_000
const T = Date.parse('2026-06-15T09:00:00+08:00')
const VILLAGES = ['330111001001', '330111001002']
const tree = new RegionTree([
  { code: '330000', name: '省', level: 'province', parent: null },
  { code: '330100', name: '市', level: 'city', parent: '330000' },
  { code: '330111', name: '区', level: 'district', parent: '330100' },
  { code: '330111001', name: '镇', level: 'town', parent: '330111' },
  { code: VILLAGES[0]!, name: '村一', level: 'village', parent: '330111001' },
  { code: VILLAGES[1]!, name: '村二', level: 'village', parent: '330111001' },
])

let n = 0
const ev = (e: Record<string, unknown>, at: number) => ({ id: `e${++n}`, at: new Date(at).toISOString(), ...e }) as CaseEvent
const step = (prev: CaseState | undefined, e: Record<string, unknown>, at: number): CaseState => {
  const r = reduceCase(prev, ev(e, at), at)
  if (!r.ok) throw new Error(`${String(e.type)} refused: ${r.message}`)
  return r.state
}

/**
 * Cases reported over the 40 days before T, minor (24 h) and major (30 days), some supervised by
 * hand, some urged, some resolved: their yellow and due times fall before, at and after T.
 */
function casesAt(): CaseState[] {
  const out: CaseState[] = []
  for (let i = 0; i < 240; i++) {
    const id = `C${i}`
    const size = i % 3 === 0 ? 'major' : 'minor'
    const at = T - ((i * 7919) % (40 * 24)) * H - (i % 7) * 60_000
    let c = step(undefined, { type: 'case.reported', caseId: id, regionCode: VILLAGES[i % 2], source: 'hotline', category: '邻里纠纷', size, title: '漏水' }, at)
    if (i % 11 === 0) c = step(c, { type: 'case.supervised', caseId: id, color: (['red', 'yellow', 'green'] as const)[i % 3] }, at + 1000)
    if (i % 5 === 0) c = step(c, { type: 'case.urged', caseId: id }, at + 2000)
    if (i % 13 === 0) c = step(c, { type: 'case.resolved', caseId: id, tier: 'village' }, at + 3000)
    out.push(c)
  }
  return out
}

/** An aggregator on a clock of its own, with `cases` applied as one batch at its `now`. */
function aggregatorAt(at: number, cases: readonly CaseState[]) {
  const clock = { at }
  const agg = new Aggregator(tree, () => clock.at)
  agg.applyBatch(
    cases.map((next) => ({ prev: null, next })),
    [],
    1,
  )
  agg.tick()
  return { agg, clock }
}

/** What a recount of `cases` counts at instant `at` (Aggregator.addCase, as a rebuild). */
const recount = (at: number, cases: readonly CaseState[]) => aggregatorAt(at, cases).agg.snapshot()

describe('Aggregator.restore scheduling', () => {
  it('looks again at a restored case only at its next clock change, and counts exactly as a recount across yellow and due times', () => {
    const cases = casesAt()
    const live = aggregatorAt(T, cases)
    const restoredClock = { at: T }
    const restored = { agg: new Aggregator(tree, () => restoredClock.at), clock: restoredClock }
    restored.agg.restore(structuredClone(live.agg.dump()), T)
    // Every case was counted as the clock stood at T: none is due for a look at once.
    expect(restored.agg.nextWakeAt()).toBe(live.agg.nextWakeAt())
    expect(restored.agg.nextWakeAt()).toBeGreaterThan(T)
    expect(restored.agg.snapshot()).toEqual(recount(T, cases))

    // Every 97 minutes for 40 days (yellow and due times crossed on most steps), a case moved on now and then.
    const current = new Map(cases.map((c) => [c.id, c]))
    let crossed = 0
    restored.agg.onChange(() => crossed++)
    for (let at = T + 97 * 60_000, i = 0; at < T + 40 * 24 * H; at += 97 * 60_000, i++) {
      live.clock.at = restored.clock.at = at
      if (i % 20 === 7) {
        const id = `C${(i * 31) % 240}`
        const prev = current.get(id)!
        if (!isResolved(prev)) {
          const next = step(prev, { type: 'case.urged', caseId: id }, at)
          current.set(id, next)
          for (const a of [live.agg, restored.agg]) a.applyBatch([{ prev, next }], [], a.seq + 1)
        }
      }
      live.agg.tick()
      restored.agg.tick()
      expect(restored.agg.snapshot(), `at T + ${(at - T) / H} h`).toEqual(live.agg.snapshot())
      if (i % 29 === 0) expect(restored.agg.snapshot(), `at T + ${(at - T) / H} h`).toEqual(recount(at, [...current.values()]))
    }
    expect(crossed).toBeGreaterThan(100)
    expect(restored.agg.nextWakeAt()).toBe(live.agg.nextWakeAt())
  })

  it('restores a dump whose counts lag its instant (dumped without a tick) and counts them again at the first tick', () => {
    const cases = casesAt()
    const live = aggregatorAt(T, cases)
    // The clock moved 20 hours on with no tick: what the dump's cases counted is that of T.
    const later = T + 20 * H
    live.clock.at = later
    const dump = structuredClone(live.agg.dump())
    expect(recount(later, cases)).not.toEqual(recount(T, cases))
    const clock = { at: later }
    const agg = new Aggregator(tree, () => clock.at)
    agg.restore(dump, later)
    expect(agg.nextWakeAt()).toBe(later)
    agg.tick()
    expect(agg.snapshot()).toEqual(recount(later, cases))
    // Then on across later deadlines, as a recount.
    for (const at of [later + 5 * H, later + 30 * H, T + 31 * 24 * H]) {
      clock.at = at
      agg.tick()
      expect(agg.snapshot()).toEqual(recount(at, cases))
    }
  })
})
