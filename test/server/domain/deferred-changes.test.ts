import { describe, expect, it } from 'vitest'
import { CounterDelta } from '../../../server/domain/aggregate/counterDelta'
import { DayBuckets } from '../../../server/domain/aggregate/dayBuckets'
import { RegionDays } from '../../../server/domain/aggregate/regionDays'
import type { CaseState } from '../../../server/domain/cases/caseState'
import { RegionTree } from '../../../shared/regions/tree'
import { CASE_COUNTER_COUNT } from '../../../shared/summary/counters'
import { DEFERRED_CHANGES_MAX } from '../../../server/domain/deferred'
import { CHANGES_HELD_MAX, DeferredCases } from '../../../server/domain/cases/deferredCases'
import { TEST_REGIONS } from '../../helpers/regions'

// The test tree's regions these cases land in: two villages of one town, up to its province, and another city.
const R = { p: '330000', c: '330100', d: '330111', t: '330111001', v1: '330111001001', v2: '330111001002', c2: '330400' }
const tree = new RegionTree(TEST_REGIONS)
/** What `restoreDeferred` takes: a dump's figures, each behind a loader (as a snapshot decodes them on demand). */
const deferredLoaders = (dump: ReturnType<RegionDays['dump']>) => ({
  cases: dump.cases.map(([code, b]): [string, () => typeof b] => [code, () => b]),
  activity: dump.activity.map(([code, hours, days]): [string, () => [typeof hours, typeof days]] => [code, () => [hours, days]]),
})

// A replay's figures not read yet queue their changes; the queue must stay bounded (a replay played
// forward for hours) and give exactly the figures of buckets restored at once.
describe('deferred day figures', () => {
  // A case change as the aggregator hands it over: the counters `after` adds and `before` takes away.
  const delta = new CounterDelta(CASE_COUNTER_COUNT)
  const shift = (b: DayBuckets, day: number, before: number[], after: number[]) => b.apply(day, delta.between(before, after))
  const base = new DayBuckets()
  shift(base, 20_000, [], [0, 1])
  base.addCategory(20_000, '邻里纠纷', 1)
  const dump = base.dump()
  const range = { start: 19_990, end: 20_100 }

  function pair() {
    let loads = 0
    const deferred = DayBuckets.deferred(() => {
      loads++
      return dump
    })
    const eager = new DayBuckets()
    eager.restore(dump)
    return { deferred, eager, loads: () => loads }
  }

  it('queues changes without decoding while the queue is short', () => {
    const { deferred, eager, loads } = pair()
    for (let i = 0; i < DEFERRED_CHANGES_MAX - 1; i++) for (const b of [deferred, eager]) shift(b, 20_000 + (i % 50), [], [i % 3])
    expect(loads()).toBe(0)
    expect([...deferred.sum(range)]).toEqual([...eager.sum(range)])
    expect(loads()).toBe(1)
  })

  it('decodes and applies the queue once it is full, and the figures are those of buckets restored at once', () => {
    const { deferred, eager, loads } = pair()
    const changes = DEFERRED_CHANGES_MAX * 2 + 7
    for (let i = 0; i < changes; i++) {
      for (const b of [deferred, eager]) {
        if (i % 4 === 0) b.addCategory(20_000 + (i % 30), '劳动争议', 1)
        else shift(b, 20_000 + (i % 50), i % 5 === 0 ? [0] : [], [i % 3])
      }
      if (i === DEFERRED_CHANGES_MAX - 2) expect(loads()).toBe(0)
    }
    expect(loads()).toBe(1)
    expect([...deferred.sum(range)]).toEqual([...eager.sum(range)])
    expect(deferred.categorySums(range)).toEqual(eager.categorySums(range))
    expect(loads()).toBe(1)
  })

  it('says so plainly when its figures are taken back before they were ever decoded', () => {
    const { deferred, loads } = pair()
    // restore() is for a fresh instance: on a deferred one its counters do not exist yet.
    expect(() => deferred.restore(dump)).toThrow('DayBuckets: counters read before load() decoded the deferred snapshot')
    expect(loads()).toBe(0)
  })
})

// A replay's activity (reports and resolutions by hour and day) not read yet queues its changes as
// numbers; read, it must be exactly (slots and their order) that of activity restored at once.
describe('deferred activity', () => {
  const H = 3_600_000
  const t0 = Date.UTC(2026, 11, 1)
  const state = (id: number, regionCode: string, reportedAt: number, resolvedAt: number | null) =>
    ({ id: `c${id}`, regionCode, reportedAt, resolvedAt, category: '邻里纠纷' }) as unknown as CaseState
  // Some activity before the snapshot, over several days and within the hours kept.
  const base = new RegionDays(tree)
  for (let i = 0; i < 30; i++) base.track(null, state(i, i % 2 ? R.v1 : R.v2, t0 + i * 5 * H, null), t0 + 150 * H)
  const dump = base.dump()
  const slots = (d: RegionDays, code: string) => {
    const a = d.activityOf(code)!
    return { hours: [...a.hours], days: [...a.days] }
  }

  it.each([40, DEFERRED_CHANGES_MAX + 15])('gives the slots of activity restored at once after %i changes and prunes', (changes) => {
    const eager = new RegionDays(tree)
    eager.restore(dump)
    const deferred = new RegionDays(tree)
    deferred.restoreDeferred(deferredLoaders(dump))
    for (let i = 0; i < changes; i++) {
      const now = t0 + 150 * H + i * 60_000
      const reportedAt = t0 + ((i * 7) % 160) * H
      const region = i % 3 ? R.v1 : R.v2
      for (const d of [eager, deferred]) {
        // New cases, resolutions, reopenings (a resolution taken back) and resolved cases reported late.
        if (i % 4 === 0) d.track(null, state(i, region, reportedAt, null), now)
        else if (i % 4 === 1) d.track(state(i, region, reportedAt, null), state(i, region, reportedAt, now - H), now)
        else if (i % 4 === 2) d.track(state(i, region, reportedAt, now - 3 * H), state(i, region, reportedAt, null), now)
        else d.track(null, state(i, region, reportedAt, now - 60 * H), now)
        if (i % 17 === 0) d.prune(now + i * H)
      }
    }
    for (const code of [R.v1, R.v2, R.t, R.d, R.c, R.p]) expect(slots(deferred, code)).toEqual(slots(eager, code))
  })
})

// A batch's day counters are summed per region and day and taken up the lineages once (gather,
// flush): the figures, the days present and the regions marked dirty must be those of the changes
// applied one by one, on buckets restored at once and on deferred ones.
describe('gathered day counters', () => {
  const D = 86_400_000
  const t0 = Date.UTC(2026, 10, 1)
  const at = (code: string, day: number) => ({ id: `x${day}`, regionCode: code, reportedAt: t0 + day * D, resolvedAt: null, category: '邻里纠纷' }) as unknown as CaseState
  const delta = new CounterDelta(CASE_COUNTER_COUNT)
  const base = new RegionDays(tree)
  base.shift(at(R.v1, 0), delta.between([], [0, 1, 2]), new Set())
  base.shift(at(R.c2, 3), delta.between([], [0, 4]), new Set())
  const dump = base.dump()
  const codes = Object.values(R)

  it.each(['eager', 'deferred'])('gives the figures and days of changes applied one by one (%s)', (kind) => {
    const make = () => {
      const d = new RegionDays(tree)
      if (kind === 'eager') d.restore(dump)
      else d.restoreDeferred(deferredLoaders(dump))
      return d
    }
    const one = make()
    const gathered = make()
    const dirtyOne = new Set<string>()
    const dirtyGathered = new Set<string>()
    gathered.gather()
    // Cases of villages, of a town and of a city, on days before, within and after the snapshot's,
    // some cancelling out (counted, then taken back: the day is present with nothing in it).
    const changes: Array<[string, number, number[], number[]]> = []
    for (let i = 0; i < 200; i++) {
      const code = [R.v1, R.v2, R.t, R.c2, R.v1][i % 5]!
      const day = (i * 7) % 9
      changes.push([code, day, [], [0, 1 + (i % 6), 1 + (i % 6)]])
      if (i % 3 === 0) changes.push([code, day, [0, 1 + (i % 6), 1 + (i % 6)], [0, 7 + (i % 4)]])
    }
    changes.push([R.v2, 20, [], [3]], [R.v2, 20, [3], []])
    for (const [code, day, before, after] of changes) {
      one.shift(at(code, day), delta.between(before, after), dirtyOne)
      gathered.shift(at(code, day), delta.between(before, after), dirtyGathered)
    }
    gathered.flush()
    expect([...dirtyGathered]).toEqual([...dirtyOne])
    const range = { start: 0, end: 100_000 }
    for (const code of codes) expect([...gathered.caseCounts(code, range)]).toEqual([...one.caseCounts(code, range)])
    const days = (d: RegionDays) => d.dump().cases.map(([code, b]) => [code, [...b.days], [...b.rows]])
    expect(days(gathered)).toEqual(days(one))
  })
})

// A lazily restored snapshot's per-case lists (open 积案, the units' open cases) hold the cases
// changed since in order until their first read; what they track then, and in which order, must be
// what an eager restore followed by the same changes tracks (the latest state of each case, the
// snapshot's unchanged cases first), before and after the held changes pass the cap.
describe('deferred per-case lists', () => {
  const c = (id: number, v: number) => ({ id: `k${id}`, v }) as unknown as CaseState
  const snapshot = Array.from({ length: 50 }, (_, i) => c(i, 0))

  it.each([30, CHANGES_HELD_MAX * 2 + 11])('tracks each case at its latest state after %i changes, as an eager restore does', (changes) => {
    const eagerSeen = new Map<string, number>()
    const eager = new DeferredCases((x) => eagerSeen.set(x.id, (x as unknown as { v: number }).v))
    eager.restore(snapshot)
    const tracked: Array<[string, number]> = []
    let reads = 0
    const deferred = new DeferredCases((x) => tracked.push([x.id, (x as unknown as { v: number }).v]))
    deferred.restore(() => {
      reads++
      return snapshot
    })
    // Cases of the snapshot and new ones, each changed again and again (a case's last change decides).
    for (let i = 0; i < changes; i++) {
      const next = c((i * 7) % 80, i + 1)
      eager.change(next)
      deferred.change(next)
    }
    expect(tracked).toEqual([])
    deferred.load()
    expect(reads).toBe(1)
    const seen = new Map(tracked)
    expect(seen).toEqual(eagerSeen)
    // Each case tracked once: the snapshot's unchanged ones, then the changed ones in the order first changed.
    expect(tracked.length).toBe(seen.size)
    const firstChanged = [...new Set(Array.from({ length: changes }, (_, i) => `k${(i * 7) % 80}`))]
    const unchanged = snapshot.map((x) => x.id).filter((id) => !firstChanged.includes(id))
    expect(tracked.map(([id]) => id)).toEqual([...unchanged, ...firstChanged])
    // After the read, changes are tracked at once.
    deferred.change(c(3, -1))
    expect(tracked.at(-1)).toEqual(['k3', -1])
    deferred.load()
    expect(reads).toBe(1)
  })
})
