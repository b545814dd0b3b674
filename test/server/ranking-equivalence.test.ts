import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Aggregator } from '../../server/domain/aggregate/aggregator'
import { regionDetail } from '../../server/domain/aggregate/detail'
import { READER_PATHS, figureReader } from '../../server/domain/aggregate/figureReaders'
import { periodSummary, summaryOf } from '../../server/domain/aggregate/summary'
import { demoRegions } from '../../server/demo/regions'
import { backlogFigures, caseFigures } from '../../shared/summary/build'
import { CASE_COUNTER_COUNT } from '../../shared/summary/counters'
import type { ChildFigures, RankOrder, RegionDetail } from '../../shared/summary/detail'
import { figureAt, SUMMARY_FIGURE_PATHS } from '../../shared/summary/paths'
import type { Summary } from '../../shared/summary/schema'
import { COMPARE_KINDS, comparePeriod, periodOf, PERIOD_PRESETS, type CompareKind, type DayRange } from '../../shared/time/periods'
import { HOUR_MS, shanghaiDay, shanghaiDayStart, toShanghaiIso } from '../../shared/time/shanghai'
import { sameDateLastYear } from '../../shared/time/calendar'
import { resolvePeriod } from '../../server/domain/aggregate/view'
import { syntheticAggregator } from '../../bench/lib/syntheticAggregator'
import { TEST_REGIONS } from '../helpers/regions'

const PERIOD_PATHS = SUMMARY_FIGURE_PATHS.filter((p) => p.startsWith('cases.') || p.startsWith('backlog.'))

describe('figure readers', () => {
  it('cover every period figure of the summary schema, and nothing else', () => {
    expect([...READER_PATHS].sort()).toEqual([...PERIOD_PATHS].sort())
  })

  it('read what caseFigures and backlogFigures hold, for any counters (zeros too, so null rates)', () => {
    const counters = fc.array(fc.oneof(fc.constant(0), fc.nat(50), fc.nat(1_000_000)), { minLength: CASE_COUNTER_COUNT, maxLength: CASE_COUNTER_COUNT })
    fc.assert(
      fc.property(counters, (list) => {
        const c = Int32Array.from(list)
        const summary = { cases: caseFigures(c, ['邻里纠纷']), backlog: backlogFigures(c) }
        for (const path of PERIOD_PATHS) expect(figureReader(path)!(c), path).toBe(figureAt(summary, path))
      }),
      { numRuns: 300 },
    )
  })
})

/**
 * The ranking as its contract states it: each child's row from that child's own summaries of the
 * period and of each compared period, built whole (what a direct read answers), then sorted.
 */
function straightforwardChildren(agg: Aggregator, region: string, range: DayRange, compare: readonly CompareKind[], periodKind: Parameters<typeof comparePeriod>[2], rankBy: string, order: RankOrder): ChildFigures[] {
  const rows = agg.tree.get(region)!.children.map((code): ChildFigures => {
    const s = periodSummary(agg, code, range)
    const c = s.cases
    const cmp: ChildFigures['compare'] = {}
    for (const kind of compare) cmp[kind] = figureAt(periodSummary(agg, code, comparePeriod(kind, range, periodKind)), rankBy)
    const node = agg.tree.get(code)!
    return {
      code,
      name: node.name,
      level: node.level,
      total: c.total,
      open: c.open,
      overdue: c.overdue,
      resolved: c.resolved,
      urgeRate: c.urgeRate,
      onTimeRate: c.onTimeRate,
      satisfactionRate: c.satisfactionRate,
      localResolutionRate: c.localResolutionRate,
      townResolutionRate: c.townResolutionRate,
      riskAlarms: s.risks.byStatus.alarm,
      value: figureAt(s, rankBy),
      compare: cmp,
    }
  })
  const sign = order === 'asc' ? 1 : -1
  return rows.sort((a, b) => {
    if (a.value === null || b.value === null) return a.value === b.value ? a.code.localeCompare(b.code) : a.value === null ? 1 : -1
    return sign * (a.value - b.value) || a.code.localeCompare(b.code)
  })
}

/** A summary with its comparisons built the plain way: one whole periodSummary per period. */
function straightforwardSummary(agg: Aggregator, code: string, range: DayRange, compare: readonly CompareKind[], periodKind: Parameters<typeof comparePeriod>[2]): Summary {
  const main = periodSummary(agg, code, range)
  if (compare.length === 0) return main
  const out: NonNullable<Summary['compare']> = {}
  for (const kind of compare) {
    const r = comparePeriod(kind, range, periodKind)
    out[kind] = { period: periodOf(r), summary: periodSummary(agg, code, r) }
  }
  return { ...main, compare: out }
}

/** Today's hours and the last 30 days with the same date a year before, each instant written afresh. */
function straightforwardActivity(agg: Aggregator, code: string): Pick<RegionDetail, 'hourly' | 'daily'> {
  const now = agg.now()
  const activity = agg.activityOf(code)
  const slot = (map: Map<number, [number, number]> | undefined, key: number) => map?.get(key) ?? [0, 0]
  const today = shanghaiDay(now)
  const hourly: RegionDetail['hourly'] = []
  for (let t = shanghaiDayStart(today); t <= now; t += HOUR_MS) {
    const [reported, resolved] = slot(activity?.hours, Math.floor(t / HOUR_MS))
    hourly.push({ at: toShanghaiIso(t), reported, resolved })
  }
  const daily: RegionDetail['daily'] = []
  for (let d = today - 29; d <= today; d++) {
    const [reported, resolved] = slot(activity?.days, d)
    const [lyReported, lyResolved] = slot(activity?.days, sameDateLastYear(d))
    daily.push({ at: toShanghaiIso(shanghaiDayStart(d)), reported, resolved, lastYear: { reported: lyReported, resolved: lyResolved } })
  }
  daily[daily.length - 1]!.partial = true
  return { hourly, daily }
}

describe('ranked detail and compared summary', () => {
  const counted = Date.parse('2026-06-10T15:20:00+08:00')
  let now = counted
  const clock = () => now
  const small = syntheticAggregator(TEST_REGIONS, { cases: 600, days: 1200, now: counted, seed: 7, risks: 30, clock })
  const demo = syntheticAggregator(demoRegions(), { cases: 20_000, days: 1200, now: counted, seed: 11, risks: 300, clock })
  const parents = new Map([small, demo].map((agg, i) => [agg, (i === 0 ? TEST_REGIONS : demoRegions()).map((r) => r.code).filter((code) => agg.tree.get(code)!.children.length > 0)]))

  it('answer what whole summaries per child and period answer, for any figure, order, period and comparisons', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(small, demo),
        fc.nat(),
        fc.constantFrom(...SUMMARY_FIGURE_PATHS),
        fc.constantFrom<RankOrder>('asc', 'desc'),
        fc.constantFrom(...PERIOD_PRESETS),
        fc.subarray([...COMPARE_KINDS]),
        // Read at any minute from 850 days before the cases' last day to 50 days after (years
        // turning, 29 February 2024 among the days shown and as the year before's date).
        fc.integer({ min: -850 * 24 * 60, max: 50 * 24 * 60 }),
        (agg, pickRegion, rankBy, order, preset, compare, minutes) => {
          now = counted + minutes * 60_000
          const regions = parents.get(agg)!
          const region = regions[pickRegion % regions.length]!
          const period = resolvePeriod({ preset }, shanghaiDay(now), null)
          const detail: RegionDetail = regionDetail(agg, { region, compare, rankBy, order }, period)
          expect(JSON.stringify({ hourly: detail.hourly, daily: detail.daily })).toBe(JSON.stringify(straightforwardActivity(agg, region)))
          expect(detail.period).toEqual(periodOf(period.range))
          expect(detail.comparePeriods).toEqual(Object.fromEntries(compare.map((k) => [k, periodOf(comparePeriod(k, period.range, period.kind))])))
          expect(JSON.stringify(detail.children)).toBe(JSON.stringify(straightforwardChildren(agg, region, period.range, compare, period.kind, rankBy, order)))
          expect(JSON.stringify(summaryOf(agg, region, period, compare))).toBe(JSON.stringify(straightforwardSummary(agg, region, period.range, compare, period.kind)))
        },
      ),
      { numRuns: 300 },
    )
  })
})
