import type { Alarm } from '../../../shared/api/alarms'
import type { CaseView } from '../../../shared/api/cases'
import type { RegionTree } from '../../../shared/regions/tree'
import { regionPath } from '../../../shared/regions/tree'
import type { ChildFigures, GrandchildFigures, RankOrder } from '../../../shared/summary/detail'
import { ranksGrandchildren } from '../../../shared/summary/rankScope'
import type { Summary } from '../../../shared/summary/schema'
import { comparePeriod, type CompareKind, type DayRange, type ResolvedPeriod } from '../../../shared/time/periods'
import { shanghaiDay } from '../../../shared/time/shanghai'
import type { Aggregator } from '../../domain/aggregate/aggregator'
import { rankChildren, rankGrandchildren } from '../../domain/aggregate/ranking'
import { periodSummary, summaryOf } from '../../domain/aggregate/summary'
import { alarmView } from '../../domain/alarms/alarmView'
import { caseView } from '../../routes/views'
import type { Store } from '../../store/types'
import { risingCategories, type RisingCategory } from './categories'
import { trendOf, type Trend } from './trend'

/** 同比 and 环比 as the wall shows them: the same dates last year, and the period before up to the same point. */
export const BRIEFING_COMPARE: readonly CompareKind[] = ['lastYear', 'previousToDate']
const URGENT_SHOWN = 12
const ALARMS_SHOWN = 10

/** Everything a briefing says, gathered at one instant; the PDF only lays it out. */
export interface BriefingData {
  region: { code: string; name: string; level: string; path: string[] }
  period: ResolvedPeriod
  /** The preset's name when the period was asked for by one (本月, 考核期 …), else null. */
  periodName: string | null
  generatedAt: number
  /** The region's summary over the period, with compare.lastYear and compare.previousToDate. */
  summary: Summary
  trend: Trend
  /**
   * The children ranked or, as on the wall, the grandchildren when the region has fewer children
   * than RANK_GRANDCHILDREN_BELOW (`below`; each then with the child it lies in); `children`: how
   * many children the region has.
   */
  ranking: { rankBy: string; order: RankOrder; below: boolean; children: number; rows: Array<ChildFigures | GrandchildFigures> }
  /** Categories rising most against the 环比 period. */
  categories: RisingCategory[]
  /**
   * Red and overdue cases now, whenever reported (all and, as in the summary, those reported in
   * the period), and the most urgent of them (masked).
   */
  urgent: { red: number; overdue: number; redInPeriod: number; overdueInPeriod: number; cases: CaseView[]; complete: boolean }
  alarms: { open: number; acknowledged: number; items: Alarm[] }
}

export interface BriefingSources {
  aggregator: Aggregator
  store: Store
  regions: RegionTree
  now: number
}

/**
 * The briefing's figures from the same sources as the REST reads: the summary and its comparisons
 * (summaryOf, what GET /api/v1/summary?compare= answers), children ranked (as /summary/detail
 * ranks them; grandchildren as the wall's `grandchildrenBelow` read does, for a region of few children), the activity series, the case list and the alarm list.
 */
export async function briefingData(
  src: BriefingSources,
  view: { region: string; rankBy: string; order: RankOrder },
  period: ResolvedPeriod,
  periodName: string | null = null,
): Promise<BriefingData> {
  const { aggregator: agg, store, regions, now } = src
  const node = regions.get(view.region)!
  const summary = summaryOf(agg, view.region, period, BRIEFING_COMPARE)
  const range = period.range
  const before: DayRange = comparePeriod('previousToDate', range, period.kind)
  const ly = [['lastYear', comparePeriod('lastYear', range, period.kind)]] as const
  // As the wall's ranking (client/src/panels/ranking/scope.ts): its children when no child has any.
  const grand = ranksGrandchildren(node.children.length) ? rankGrandchildren(agg, node.children, range, ly, view.rankBy, view.order) : []
  const below = grand.length > 0
  const ranked = below ? grand : rankChildren(agg, node.children, range, ly, view.rankBy, view.order)

  const path = regionPath(regions, view.region)
  // Whatever the period, a leader is told what is on fire now: red and overdue cases of any date.
  // How many: the stocks of every case ever reported, summed from the day buckets (no scan).
  const ever = periodSummary(agg, view.region, { start: 0, end: shanghaiDay(now) + 1 }).cases
  const [redAll, overdueAll] = [ever.byColor.red, ever.overdue]
  const [red, overdue, alarms] = await Promise.all([
    store.listCases({ regionPath: path, now, color: 'red', sort: 'urgent', limit: URGENT_SHOWN }),
    store.listCases({ regionPath: path, now, overdue: true, sort: 'urgent', limit: URGENT_SHOWN }),
    store.duty.list({ regionPath: path, status: 'open', limit: ALARMS_SHOWN }),
  ])
  const urgent = new Map([...overdue.items, ...red.items].map((c) => [c.id, c]))
  const complete = red.items.length === redAll && overdue.items.length === overdueAll && urgent.size <= URGENT_SHOWN
  const cases = [...urgent.values()]
    .sort((a, b) => a.dueAt - b.dueAt || a.id.localeCompare(b.id))
    .slice(0, URGENT_SHOWN)
    .map((c) => caseView(c, regions, now))

  return {
    region: { code: node.code, name: node.name, level: node.level, path: regions.path(node.code).map((c) => regions.get(c)!.name) },
    period,
    periodName,
    generatedAt: now,
    summary,
    trend: trendOf(agg.activityOf(view.region), range, shanghaiDay(now)),
    ranking: { rankBy: view.rankBy, order: view.order, below, children: node.children.length, rows: ranked },
    categories: risingCategories(agg.categoryCounts(view.region, range), agg.categoryCounts(view.region, before)),
    urgent: { red: redAll, overdue: overdueAll, redInPeriod: summary.cases.byColor.red, overdueInPeriod: summary.cases.overdue, cases, complete },
    alarms: { open: summary.alarms.open, acknowledged: summary.alarms.acknowledged, items: alarms.map((a) => alarmView(a, regions)) },
  }
}
