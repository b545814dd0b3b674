import type { ActivitySlot, DailySlot, RegionDetail } from '../../../shared/summary/detail'
import { comparePeriod, type CompareKind, type ResolvedPeriod } from '../../../shared/time/periods'
import { HOUR_MS, shanghaiDay, shanghaiDayStart } from '../../../shared/time/shanghai'
import type { Aggregator } from './aggregator'
import { dayIso, hourIso, lastYearOf, periodOfDays } from './isoMemo'
import { rankChildren, rankGrandchildren } from './ranking'
import type { ViewSpec } from './view'

const DAYS_SHOWN = 30
const TOP_CATEGORIES = 12
const NOTHING: readonly [number, number] = [0, 0]

/** The panels' figures for one region and period: children ranked, activity over time, categories. */
export function regionDetail(agg: Aggregator, view: Pick<ViewSpec, 'region' | 'compare' | 'rankBy' | 'order' | 'grandchildrenBelow'>, period: ResolvedPeriod): RegionDetail {
  const code = view.region
  const node = agg.tree.get(code)
  if (!node) throw new Error(`unknown region ${code}`)
  const now = agg.now()
  const compared = view.compare.map((kind) => [kind, comparePeriod(kind, period.range, period.kind)] as const)
  const comparePeriods: RegionDetail['comparePeriods'] = {}
  for (const [kind, range] of compared) comparePeriods[kind] = periodOfDays(range)

  const activity = agg.activityOf(code)
  const slot = (map: Map<number, [number, number]> | undefined, key: number): readonly [number, number] => map?.get(key) ?? NOTHING
  const today = shanghaiDay(now)
  const hourly: ActivitySlot[] = []
  // Shanghai day starts are whole hours (+08:00), so the hours of today are whole hour numbers.
  for (let h = shanghaiDayStart(today) / HOUR_MS; h * HOUR_MS <= now; h++) {
    const [reported, resolved] = slot(activity?.hours, h)
    hourly.push({ at: hourIso(h), reported, resolved })
  }
  const daily: DailySlot[] = []
  for (let d = today - DAYS_SHOWN + 1; d <= today; d++) {
    const [reported, resolved] = slot(activity?.days, d)
    const [lyReported, lyResolved] = slot(activity?.days, lastYearOf(d))
    daily.push({ at: dayIso(d), reported, resolved, lastYear: { reported: lyReported, resolved: lyResolved } })
  }
  daily[daily.length - 1]!.partial = true

  const byCategory = [...agg.categoryCounts(code, period.range)]
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'zh-CN'))
    .slice(0, TOP_CATEGORIES)
    .map(([category, count]) => ({ category, count }))

  const ranked = compared as ReadonlyArray<readonly [CompareKind, typeof period.range]>
  return {
    region: code,
    seq: agg.seq,
    period: periodOfDays(period.range),
    rankBy: view.rankBy,
    order: view.order,
    comparePeriods,
    children: rankChildren(agg, node.children, period.range, ranked, view.rankBy, view.order),
    // A province of two cities ranks their districts too: two bars are a comparison, not a ranking.
    ...(view.grandchildrenBelow !== undefined && node.children.length < view.grandchildrenBelow
      ? { grandchildren: rankGrandchildren(agg, node.children, period.range, ranked, view.rankBy, view.order) }
      : {}),
    hourly,
    daily,
    byCategory,
  }
}

