import { R } from '../../../shared/summary/counters'
import { backlogFigures, caseFigures, riskFigures } from '../../../shared/summary/build'
import type { ChildFigures, RankOrder } from '../../../shared/summary/detail'
import { figureAt } from '../../../shared/summary/paths'
import type { CaseFigures } from '../../../shared/summary/schema'
import type { CompareKind, DayRange } from '../../../shared/time/periods'
import type { Aggregator } from './aggregator'

/** The part of a summary a figure's path starts with; region, at, seq and period are never figures. */
type Section = 'cases' | 'backlog' | 'risks' | 'alarms'

const sectionOf = (path: string): Section => path.slice(0, path.indexOf('.')) as Section

/**
 * The `rankBy` figure of a region over some days, from the one part of its summary the path is
 * in (`cases` figures when the caller has them already): a ranking reads one figure per child and
 * compared period, and building whole summaries for it was most of a detail read's work and
 * garbage (24 children × 3 periods at 3–4 KB each).
 */
function figureOf(agg: Aggregator, code: string, range: DayRange, path: string, cases?: CaseFigures): number | null {
  const section = sectionOf(path)
  switch (section) {
    case 'cases':
      return figureAt({ cases: cases ?? caseFigures(agg.caseCounts(code, range), agg.disputeCategories) }, path)
    case 'backlog':
      return figureAt({ backlog: backlogFigures(agg.caseCounts(code, range)) }, path)
    case 'risks':
      return figureAt({ risks: riskFigures(agg.riskCounts(code)) }, path)
    case 'alarms':
      return figureAt({ alarms: agg.alarmCounts(code) }, path)
  }
}

/**
 * Every child with its headline figures over `range`, its `rankBy` figure (`value`) and that
 * figure over each compared period, ranked by value in `order`; null values (a rate without
 * denominator) last, ties by code so the order is stable from one push to the next. Each figure is
 * what the child's summary of that period holds (test/server/ranking.test.ts, detail.test.ts).
 */
export function rankChildren(
  agg: Aggregator,
  children: readonly string[],
  range: DayRange,
  compared: ReadonlyArray<readonly [CompareKind, DayRange]>,
  rankBy: string,
  order: RankOrder,
): ChildFigures[] {
  const rows = children.map((code): ChildFigures => {
    const node = agg.tree.get(code)
    if (!node) throw new Error(`unknown region ${code}`)
    const c = caseFigures(agg.caseCounts(code, range), agg.disputeCategories)
    const compare: ChildFigures['compare'] = {}
    for (const [kind, r] of compared) compare[kind] = figureOf(agg, code, r, rankBy)
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
      riskAlarms: agg.riskCounts(code)[R['status.alarm']]!,
      value: figureOf(agg, code, range, rankBy, c),
      compare,
    }
  })
  const sign = order === 'asc' ? 1 : -1
  return rows.sort((a, b) => {
    if (a.value === null || b.value === null) return a.value === b.value ? a.code.localeCompare(b.code) : a.value === null ? 1 : -1
    return sign * (a.value - b.value) || a.code.localeCompare(b.code)
  })
}
