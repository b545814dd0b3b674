import type { ActivitySlot, DailySlot, RegionDetail } from '../../../shared/summary/detail'
import { sameDateLastYear } from '../../../shared/time/calendar'
import { comparePeriod, periodOf, type CompareKind, type ResolvedPeriod } from '../../../shared/time/periods'
import { HOUR_MS, shanghaiDay, shanghaiDayStart, toShanghaiIso } from '../../../shared/time/shanghai'
import type { Aggregator } from './aggregator'
import { rankChildren } from './ranking'
import type { ViewSpec } from './view'

const DAYS_SHOWN = 30
const TOP_CATEGORIES = 12

/** The panels' figures for one region and period: children ranked, activity over time, categories. */
export function regionDetail(agg: Aggregator, view: Pick<ViewSpec, 'region' | 'compare' | 'rankBy' | 'order'>, period: ResolvedPeriod): RegionDetail {
  const code = view.region
  const node = agg.tree.get(code)
  if (!node) throw new Error(`unknown region ${code}`)
  const now = agg.now()
  const compared = view.compare.map((kind) => [kind, comparePeriod(kind, period.range, period.kind)] as const)
  const comparePeriods: RegionDetail['comparePeriods'] = {}
  for (const [kind, range] of compared) comparePeriods[kind] = periodOf(range)

  const activity = agg.activityOf(code)
  const slot = (map: Map<number, [number, number]> | undefined, key: number) => map?.get(key) ?? [0, 0]
  const today = shanghaiDay(now)
  const hourly: ActivitySlot[] = []
  for (let t = shanghaiDayStart(today); t <= now; t += HOUR_MS) {
    const [reported, resolved] = slot(activity?.hours, Math.floor(t / HOUR_MS))
    hourly.push({ at: toShanghaiIso(t), reported, resolved })
  }
  const daily: DailySlot[] = []
  for (let d = today - DAYS_SHOWN + 1; d <= today; d++) {
    const [reported, resolved] = slot(activity?.days, d)
    const [lyReported, lyResolved] = slot(activity?.days, sameDateLastYear(d))
    daily.push({ at: toShanghaiIso(shanghaiDayStart(d)), reported, resolved, lastYear: { reported: lyReported, resolved: lyResolved } })
  }
  daily[daily.length - 1]!.partial = true

  const byCategory = [...agg.categoryCounts(code, period.range)]
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'zh-CN'))
    .slice(0, TOP_CATEGORIES)
    .map(([category, count]) => ({ category, count }))

  return {
    region: code,
    seq: agg.seq,
    period: periodOf(period.range),
    rankBy: view.rankBy,
    order: view.order,
    comparePeriods,
    children: rankChildren(agg, node.children, period.range, compared as ReadonlyArray<readonly [CompareKind, typeof period.range]>, view.rankBy, view.order),
    hourly,
    daily,
    byCategory,
  }
}
