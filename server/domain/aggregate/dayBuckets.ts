import { CASE_COUNTER_COUNT } from '../../../shared/summary/counters'
import type { DayRange } from '../../../shared/time/periods'
import { DaySeries } from './daySeries'

/**
 * Case counters of one region by Shanghai day of report, and cases per category. A case's figures
 * always live in the day it was reported, so "cases reported in a period" is a sum over days, and
 * each sum is O(log days) through the prefix index of DaySeries: a summary with comparisons, and
 * rankings over every child with theirs, stay cheap with years of days.
 */
export class DayBuckets {
  private readonly counters = new DaySeries(CASE_COUNTER_COUNT)
  private readonly categories = new Map<string, DaySeries>()

  /** Subtract the counters listed in `before`, add those in `after` (indices, repeats add twice). */
  shift(day: number, before: readonly number[], after: readonly number[]): void {
    for (const i of before) this.counters.add(day, i, -1)
    for (const i of after) this.counters.add(day, i, 1)
  }

  addCategory(day: number, category: string, delta: number): void {
    let series = this.categories.get(category)
    if (!series) this.categories.set(category, (series = new DaySeries(1)))
    series.add(day, 0, delta)
  }

  /** Summed counters over the days of `range`; a fresh array the caller may keep. */
  sum(range: DayRange): Int32Array {
    return this.counters.sum(range.start, range.end)
  }

  /** Cases per category reported in `range` (categories with none left out). */
  categorySums(range: DayRange): Map<string, number> {
    const out = new Map<string, number>()
    const one = new Int32Array(1)
    for (const [category, series] of this.categories) {
      const n = series.sumInto(range.start, range.end, one)[0]!
      if (n !== 0) out.set(category, n)
    }
    return out
  }

  entries(): Generator<[number, Int32Array]> {
    return this.counters.entries()
  }
}
