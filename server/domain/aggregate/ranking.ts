import type { ChildFigures, RankOrder } from '../../../shared/summary/detail'
import { figureAt } from '../../../shared/summary/paths'
import type { CompareKind, DayRange } from '../../../shared/time/periods'
import type { Aggregator } from './aggregator'
import { periodSummary, stampOf } from './summary'

/**
 * Every child with its headline figures over `range`, its `rankBy` figure (`value`) and that
 * figure over each compared period, ranked by value in `order`; null values (a rate without
 * denominator) last, ties by code so the order is stable from one push to the next.
 */
export function rankChildren(
  agg: Aggregator,
  children: readonly string[],
  range: DayRange,
  compared: ReadonlyArray<readonly [CompareKind, DayRange]>,
  rankBy: string,
  order: RankOrder,
): ChildFigures[] {
  const stamp = stampOf(agg, range)
  const others = compared.map(([kind, r]) => [kind, r, stampOf(agg, r)] as const)
  const rows = children.map((code): ChildFigures => {
    const s = periodSummary(agg, code, range, stamp)
    const c = s.cases
    const compare: ChildFigures['compare'] = {}
    for (const [kind, r, st] of others) compare[kind] = figureAt(periodSummary(agg, code, r, st), rankBy)
    return {
      code,
      name: s.region.name,
      level: s.region.level,
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
      compare,
    }
  })
  const sign = order === 'asc' ? 1 : -1
  return rows.sort((a, b) => {
    if (a.value === null || b.value === null) return a.value === b.value ? a.code.localeCompare(b.code) : a.value === null ? 1 : -1
    return sign * (a.value - b.value) || a.code.localeCompare(b.code)
  })
}
