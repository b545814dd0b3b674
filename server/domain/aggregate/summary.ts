import { backlogFigures, caseFigures, riskFigures } from '../../../shared/summary/build'
import type { PeriodSummary, Summary } from '../../../shared/summary/schema'
import { comparePeriod, type CompareKind, type DayRange, type Period, type ResolvedPeriod } from '../../../shared/time/periods'
import { toShanghaiIso } from '../../../shared/time/shanghai'
import type { Aggregator } from './aggregator'
import { periodOfDays } from './isoMemo'

/** When a read was computed and the period it counts, written once per read rather than per region. */
export interface Stamp {
  at: string
  period: Period
}

export const stampOf = (agg: Aggregator, range: DayRange): Stamp => ({ at: toShanghaiIso(agg.now()), period: periodOfDays(range) })

/** A region's figures (itself and everything below it) for cases reported in the days of `range`. */
export function periodSummary(agg: Aggregator, code: string, range: DayRange, stamp: Stamp = stampOf(agg, range)): PeriodSummary {
  const node = agg.tree.get(code)
  if (!node) throw new Error(`unknown region ${code}`)
  const counts = agg.caseCounts(code, range)
  return {
    region: { code: node.code, name: node.name, level: node.level },
    at: stamp.at,
    seq: agg.seq,
    period: stamp.period,
    cases: caseFigures(counts, agg.disputeCategories),
    backlog: backlogFigures(counts),
    risks: riskFigures(agg.riskCounts(code)),
    alarms: agg.alarmCounts(code),
  }
}

/**
 * The summary of a period and, for each kind asked, of the period it is compared with: each a sum
 * of day buckets (no scan of cases), equal to what a direct read of that period answers. The
 * instant is written once for all of them and each compared period's days once for both places
 * it appears (ISO strings are a good part of a compared read's work); `compare` is added to the
 * main summary rather than copied into a new one, last, as before.
 */
export function summaryOf(agg: Aggregator, code: string, period: ResolvedPeriod, compare: readonly CompareKind[]): Summary {
  const at = toShanghaiIso(agg.now())
  const main: Summary = periodSummary(agg, code, period.range, { at, period: periodOfDays(period.range) })
  if (compare.length === 0) return main
  const out: NonNullable<Summary['compare']> = {}
  for (const kind of compare) {
    const range = comparePeriod(kind, period.range, period.kind)
    const days = periodOfDays(range)
    out[kind] = { period: days, summary: periodSummary(agg, code, range, { at, period: { from: days.from, to: days.to } }) }
  }
  main.compare = out
  return main
}
