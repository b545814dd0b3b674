import { CASE_COUNTER_COUNT } from '../../../shared/summary/counters'
import type { DayRange } from '../../../shared/time/periods'
import { DEFERRED_CHANGES_MAX } from '../deferred'
import type { CounterDelta } from './counterDelta'
import { DaySeries } from './daySeries'

/**
 * Case counters of one region by Shanghai day of report, and cases per category. A case's figures
 * always live in the day it was reported, so "cases reported in a period" is a sum over days, and
 * each sum is O(log days) through the prefix index of DaySeries: a summary with comparisons, and
 * rankings over every child with theirs, stay cheap with years of days.
 */
export class DayBuckets {
  /**
   * Made when there is something to count: a deferred instance's at its decoding (a replay
   * restores every region's buckets and reads a few; one series each was a few MB per restore).
   * Read through `counters`, never directly.
   */
  private series: DaySeries | null
  private readonly categories = new Map<number, Map<string, number>>()
  /** Bumped on every change of categories, so their sum over a period is cached until the next one. */
  private version = 0
  /** The day whose categories were counted last (live reports land on one day): its map, without a lookup. */
  private lastCategoryDay = NaN
  private lastCategories: Map<string, number> | null = null
  /**
   * Category sums of the periods read last (at most CATEGORY_CACHE), each as of `version`, least
   * recently read first: a read moves its period to the end, and the first one goes when another
   * period comes in (a wall going back and forth between its views keeps the ones it returns to).
   */
  private cache: CategorySums[] = []
  /** A snapshot's figures not decoded yet (a replay reads few regions), and the changes since, in order. */
  private unloaded: Unloaded | null = null

  /** `counted`: false for a deferred instance (`deferred`), whose series is made when it is decoded. */
  constructor(counted = true) {
    this.series = counted ? new DaySeries(CASE_COUNTER_COUNT) : null
  }

  /**
   * The counters by day. They exist from the constructor on, or for a deferred instance from
   * `load()` on, and every path reads them only then (`unloaded` is null exactly when they exist):
   * a read before would be a bug here, said as such rather than as a TypeError on null.
   */
  private get counters(): DaySeries {
    const series = this.series
    if (!series) throw new Error('DayBuckets: counters read before load() decoded the deferred snapshot')
    return series
  }

  /**
   * Buckets whose figures are a snapshot's, decoded by `load` at the first read: until then a
   * change is only queued, and applied in order after the decoding, so the figures are exactly
   * those of an instance restored at once.
   */
  static deferred(load: () => DayBucketsDump): DayBuckets {
    const b = new DayBuckets(false)
    b.unloaded = { load, counters: [], categoryDays: [], categoryNames: [], categoryDeltas: [], changes: 0 }
    return b
  }

  /** Add a case's netted change (the aggregator's path; `delta` is reused after the call, so a deferred change keeps a copy). */
  apply(day: number, delta: CounterDelta): void {
    const u = this.unloaded
    if (u) {
      // Queued as numbers (day, size, then index and delta pairs) rather than a closure and a copy
      // of the pairs per change: a replay's tail queues one per case change at every level of its
      // region's lineage, most of them for regions it never reads.
      const q = u.counters
      q.push(day, delta.size)
      for (let k = 0; k < delta.size; k++) q.push(delta.index[k]!, delta.delta[k]!)
      this.queued(u)
    } else this.counters.addDelta(day, delta.index, delta.delta, delta.size)
  }

  addCategory(day: number, category: string, delta: number): void {
    const u = this.unloaded
    if (u) {
      u.categoryDays.push(day)
      u.categoryNames.push(category)
      u.categoryDeltas.push(delta)
      this.queued(u)
    } else this.countCategory(day, category, delta)
  }

  private queued(u: Unloaded): void {
    if (++u.changes >= DEFERRED_CHANGES_MAX) this.load()
  }

  private countCategory(day: number, category: string, delta: number): void {
    this.version++
    let m = this.lastCategories
    if (!m || this.lastCategoryDay !== day) {
      let found = this.categories.get(day)
      if (!found) this.categories.set(day, (found = new Map()))
      this.lastCategoryDay = day
      this.lastCategories = m = found
    }
    m.set(category, (m.get(category) ?? 0) + delta)
    // The cached sums over periods are kept up to date rather than dropped: under live ingest every
    // batch counts categories in today's bucket, and each panel's next read would walk every day of
    // its period again (a year of days and their categories per read of the root). A change outside
    // a period leaves its sum as it was. (A map handed to a reader before changes under it: readers
    // use it at once, regionDetail copies it.)
    for (const c of this.cache) {
      if (c.version !== this.version - 1) continue
      if (day >= c.start && day < c.end) c.sums.set(category, (c.sums.get(category) ?? 0) + delta)
      c.version = this.version
    }
  }

  /** Summed counters over the days of `range`; a fresh array the caller may keep. */
  sum(range: DayRange): Int32Array {
    this.load()
    return this.counters.sum(range.start, range.end)
  }

  /** Summed counters over the days of `range` into `out` (a read's scratch, overwritten). */
  sumInto(range: DayRange, out: Int32Array): Int32Array {
    this.load()
    return this.counters.sumInto(range.start, range.end, out)
  }

  /**
   * Cases per category reported in `range`: only the panel of the main period needs it (never the
   * comparisons or the children), so a loop over the days, cached for the periods read last (the
   * least recently read goes first) and kept up to date by each change after it (`countCategory`).
   * The map is the cache's own: read it at once, do not keep it.
   */
  categorySums(range: DayRange): Map<string, number> {
    this.load()
    const cache = this.cache
    const at = cache.findIndex((c) => c.start === range.start && c.end === range.end)
    let c = at >= 0 ? cache[at] : undefined
    if (at >= 0) cache.splice(at, 1)
    else if (cache.length >= CATEGORY_CACHE) cache.shift()
    if (!c || c.version !== this.version) {
      const sums = new Map<string, number>()
      for (const [day, m] of this.categories) {
        if (day < range.start || day >= range.end) continue
        for (const [k, v] of m) sums.set(k, (sums.get(k) ?? 0) + v)
      }
      c = { start: range.start, end: range.end, version: this.version, sums }
    }
    cache.push(c)
    return c.sums
  }

  entries(): Generator<[number, Int32Array]> {
    this.load()
    return this.counters.entries()
  }

  /** Everything as plain data (replay snapshots): days with their own counters, categories by day. */
  dump(): DayBucketsDump {
    this.load()
    const entries = [...this.counters.entries()]
    const rows = new Int32Array(entries.length * CASE_COUNTER_COUNT)
    entries.forEach(([, row], p) => rows.set(row, p * CASE_COUNTER_COUNT))
    const categories: DayBucketsDump['categories'] = []
    for (const [day, m] of this.categories) categories.push([day, [...m]])
    return { days: Int32Array.from(entries, ([day]) => day), rows, categories }
  }

  /** Take a dump back (on a fresh instance). */
  restore(d: DayBucketsDump): void {
    this.counters.load(d.days, d.rows)
    this.categories.clear()
    this.lastCategories = null
    for (const [day, list] of d.categories) this.categories.set(day, new Map(list))
    this.version++
  }

  /** Decode a deferred snapshot's figures, then apply the changes queued meanwhile. */
  private load(): void {
    const u = this.unloaded
    if (!u) return
    this.unloaded = null
    const counters = (this.series = new DaySeries(CASE_COUNTER_COUNT))
    this.restore(u.load())
    // Counters and categories are apart (one never reads the other), each queue applied in order.
    const q = u.counters
    const index = new Int32Array(CASE_COUNTER_COUNT)
    const delta = new Int32Array(CASE_COUNTER_COUNT)
    for (let p = 0; p < q.length; ) {
      const day = q[p++]!
      const size = q[p++]!
      for (let k = 0; k < size; k++) {
        index[k] = q[p++]!
        delta[k] = q[p++]!
      }
      counters.addDelta(day, index, delta, size)
    }
    for (let i = 0; i < u.categoryDays.length; i++) this.countCategory(u.categoryDays[i]!, u.categoryNames[i]!, u.categoryDeltas[i]!)
  }
}

/** Periods whose category sums a region keeps (the wall's views of one region: year, month, 考核期…). */
const CATEGORY_CACHE = 4

interface CategorySums {
  start: number
  end: number
  version: number
  sums: Map<string, number>
}

/** A snapshot's figures not decoded yet, and the changes since (counters and categories, each in order). */
interface Unloaded {
  load: () => DayBucketsDump
  /** Per counter change: day, size, then `size` pairs of counter index and delta. */
  counters: number[]
  categoryDays: number[]
  categoryNames: string[]
  categoryDeltas: number[]
  /** Changes queued, of both kinds. */
  changes: number
}

export interface DayBucketsDump {
  days: Int32Array
  rows: Int32Array
  categories: Array<[number, Array<[string, number]>]>
}
