import { CASE_COUNTER_COUNT } from '../../../shared/summary/counters'

/**
 * Case counters of one region, one vector per Shanghai day of report. A case's figures always live
 * in the bucket of the day it was reported, so "cases reported in a period" is a sum of buckets.
 */
export class DayBuckets {
  private readonly days = new Map<number, Int32Array>()
  private readonly categories = new Map<number, Map<string, number>>()
  /** Bumped on every change, so sums over a period can be cached until the next one. */
  version = 0
  private cache: { key: string; version: number; counts: Int32Array | null; categories: Map<string, number> | null } | null = null

  bucket(day: number): Int32Array {
    this.version++
    let b = this.days.get(day)
    if (!b) {
      b = new Int32Array(CASE_COUNTER_COUNT)
      this.days.set(day, b)
    }
    return b
  }

  addCategory(day: number, category: string, delta: number): void {
    this.version++
    let m = this.categories.get(day)
    if (!m) this.categories.set(day, (m = new Map()))
    m.set(category, (m.get(category) ?? 0) + delta)
  }

  /**
   * Sum of the buckets of days firstDay..lastDay (inclusive); read-only. The last sum is cached
   * until the next change, so a region that did not move costs nothing to summarise again.
   */
  sum(firstDay: number, lastDay: number): Int32Array {
    const entry = this.cached(firstDay, lastDay)
    if (entry.counts) return entry.counts
    const out = new Int32Array(CASE_COUNTER_COUNT)
    for (const [day, b] of this.days) {
      if (day < firstDay || day > lastDay) continue
      for (let i = 0; i < CASE_COUNTER_COUNT; i++) out[i]! += b[i]!
    }
    return (entry.counts = out)
  }

  /** Cases per category reported in days firstDay..lastDay. */
  categorySums(firstDay: number, lastDay: number): Map<string, number> {
    const entry = this.cached(firstDay, lastDay)
    if (entry.categories) return entry.categories
    const out = new Map<string, number>()
    for (const [day, m] of this.categories) {
      if (day < firstDay || day > lastDay) continue
      for (const [k, v] of m) out.set(k, (out.get(k) ?? 0) + v)
    }
    return (entry.categories = out)
  }

  private cached(firstDay: number, lastDay: number) {
    const key = `${firstDay}:${lastDay}`
    if (!this.cache || this.cache.key !== key || this.cache.version !== this.version)
      this.cache = { key, version: this.version, counts: null, categories: null }
    return this.cache
  }

  entries(): IterableIterator<[number, Int32Array]> {
    return this.days.entries()
  }
}
