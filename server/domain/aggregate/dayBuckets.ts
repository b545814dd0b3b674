import { CASE_COUNTER_COUNT } from '../../../shared/summary/counters'

/**
 * Case counters of one region, one vector per Shanghai day of report. A case's figures always live
 * in the bucket of the day it was reported, so "cases reported in a period" is a sum of buckets.
 */
export class DayBuckets {
  private readonly days = new Map<number, Int32Array>()

  bucket(day: number): Int32Array {
    let b = this.days.get(day)
    if (!b) {
      b = new Int32Array(CASE_COUNTER_COUNT)
      this.days.set(day, b)
    }
    return b
  }

  /** Sum of the buckets of days firstDay..lastDay (inclusive) into `out`. */
  sumInto(out: Int32Array, firstDay: number, lastDay: number): void {
    for (const [day, b] of this.days) {
      if (day < firstDay || day > lastDay) continue
      for (let i = 0; i < CASE_COUNTER_COUNT; i++) out[i]! += b[i]!
    }
  }

  entries(): IterableIterator<[number, Int32Array]> {
    return this.days.entries()
  }
}
