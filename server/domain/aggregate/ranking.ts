import { CASE_COUNTER_COUNT, R } from '../../../shared/summary/counters'
import { backlogFigures, caseFigures, riskFigures } from '../../../shared/summary/build'
import type { ChildFigures, GrandchildFigures, RankOrder } from '../../../shared/summary/detail'
import { figureAt } from '../../../shared/summary/paths'
import type { CompareKind, DayRange } from '../../../shared/time/periods'
import type { Aggregator } from './aggregator'
import { figureReader, openOf } from './figureReaders'

/** The part of a summary a figure's path starts with; region, at, seq and period are never figures. */
type Section = 'cases' | 'backlog' | 'risks' | 'alarms'

const sectionOf = (path: string): Section => path.slice(0, path.indexOf('.')) as Section

/**
 * The `rankBy` figure of a region over some days, from the one part of its summary the path is
 * in: what a ranking reads for a figure without a counters reader (risks and alarms, which are as
 * of now, so one read serves every period of a child).
 */
function figureOf(agg: Aggregator, code: string, range: DayRange, path: string): number | null {
  const section = sectionOf(path)
  switch (section) {
    case 'cases':
      return figureAt({ cases: caseFigures(agg.caseCounts(code, range), agg.disputeCategories) }, path)
    case 'backlog':
      return figureAt({ backlog: backlogFigures(agg.caseCounts(code, range)) }, path)
    case 'risks':
      return figureAt({ risks: riskFigures(agg.riskCounts(code)) }, path)
    case 'alarms':
      return figureAt({ alarms: agg.alarmCounts(code) }, path)
  }
}

/** Risks and alarms are counted as of now, whatever the period. */
const isStock = (path: string) => sectionOf(path) === 'risks' || sectionOf(path) === 'alarms'

const CASE_COUNTS = new Int32Array(CASE_COUNTER_COUNT)
const total = figureReader('cases.total')!
const overdue = figureReader('cases.overdue')!
const resolved = figureReader('cases.resolved')!
const urgeRate = figureReader('cases.urgeRate')!
const onTimeRate = figureReader('cases.onTimeRate')!
const satisfactionRate = figureReader('cases.satisfactionRate')!
const localResolutionRate = figureReader('cases.localResolutionRate')!
const townResolutionRate = figureReader('cases.townResolutionRate')!

/**
 * Every child with its headline figures over `range`, its `rankBy` figure (`value`) and that
 * figure over each compared period, ranked by value in `order`; null values (a rate without
 * denominator) last, ties by code so the order is stable from one push to the next. Each figure is
 * what the child's summary of that period holds (test/server/ranking.test.ts, detail.test.ts,
 * ranking-equivalence.test.ts).
 *
 * Per child and period only the counters' sum is made (into one scratch vector) and the figures
 * the row holds are read from it (figureReaders.ts): no CaseFigures, no counters array per sum. A
 * figure "as of now" (risks, alarms) is the same in every period, so it is read once per child.
 */
export function rankChildren(
  agg: Aggregator,
  children: readonly string[],
  range: DayRange,
  compared: ReadonlyArray<readonly [CompareKind, DayRange]>,
  rankBy: string,
  order: RankOrder,
): ChildFigures[] {
  const read = figureReader(rankBy)
  const stockFigure = !read && isStock(rankBy)
  const c = CASE_COUNTS
  const rows = children.map((code): ChildFigures => {
    const node = agg.tree.get(code)
    if (!node) throw new Error(`unknown region ${code}`)
    const stock = stockFigure ? figureOf(agg, code, range, rankBy) : null
    const compare: ChildFigures['compare'] = {}
    for (const [kind, r] of compared) compare[kind] = read ? read(agg.caseCountsInto(code, r, c)) : stockFigure ? stock : figureOf(agg, code, r, rankBy)
    // The main period last: its sum stays in `c` for the row's headline figures.
    agg.caseCountsInto(code, range, c)
    const value = read ? read(c) : stockFigure ? stock : figureOf(agg, code, range, rankBy)
    return {
      code,
      name: node.name,
      level: node.level,
      total: total(c)!,
      open: openOf(c),
      overdue: overdue(c)!,
      resolved: resolved(c)!,
      urgeRate: urgeRate(c),
      onTimeRate: onTimeRate(c),
      satisfactionRate: satisfactionRate(c),
      localResolutionRate: localResolutionRate(c),
      townResolutionRate: townResolutionRate(c),
      riskAlarms: agg.riskCounts(code)[R['status.alarm']]!,
      value,
      compare,
    }
  })
  const sign = order === 'asc' ? 1 : -1
  return rows.sort((a, b) => {
    if (a.value === null || b.value === null) return a.value === b.value ? a.code.localeCompare(b.code) : a.value === null ? 1 : -1
    return sign * (a.value - b.value) || a.code.localeCompare(b.code)
  })
}

/** Every child of every one of `children`, ranked as rankChildren ranks, each with the child it lies in. */
export function rankGrandchildren(
  agg: Aggregator,
  children: readonly string[],
  range: DayRange,
  compared: ReadonlyArray<readonly [CompareKind, DayRange]>,
  rankBy: string,
  order: RankOrder,
): GrandchildFigures[] {
  const within = new Map<string, string>()
  for (const child of children) for (const g of agg.tree.get(child)?.children ?? []) within.set(g, child)
  return rankChildren(agg, [...within.keys()], range, compared, rankBy, order).map((g) => {
    const parent = within.get(g.code)!
    return { ...g, parent, parentName: agg.tree.get(parent)!.name }
  })
}
