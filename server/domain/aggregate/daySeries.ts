/** Rows changed in place at the end of the series; a change further back is merged at the next read. */
const IN_PLACE_ROWS = 16

/**
 * Counter vectors of `width` numbers per Shanghai day, kept as prefix sums over the days present in
 * day order, so that the sum over any period is two binary searches and one subtraction per
 * counter: O(log days + width), whatever the length of the period.
 *
 * Live changes land on recent days and update the few prefix rows after them in place; a change
 * to an older day, or a day new in the middle (a backfill), waits in `pending` and is merged into
 * the prefix rows at the next read, once, however many such changes came in between.
 */
export class DaySeries {
  /** Sorted days present, `size` of them. */
  private days = new Int32Array(8)
  /** (size + 1) rows of `width`: row i = sum of the first i days. */
  private prefix: Int32Array
  private size = 0
  private pending = new Map<number, Int32Array>()
  /** Where the last `locate` found the rows of a change (see there). */
  private target: Int32Array
  private at = 0

  constructor(readonly width: number) {
    this.prefix = new Int32Array(9 * width)
    this.target = this.prefix
  }

  /** Add `delta` to counter `index` of `day`. */
  add(day: number, index: number, delta: number): void {
    const rows = this.locate(day)
    const t = this.target
    const w = this.width
    for (let r = 0, o = this.at; r < rows; r++, o += w) t[o + index]! += delta
  }

  /**
   * Add `delta[k]` to counter `index[k]` of `day`, for k < `size` (a case's netted change,
   * CounterDelta): the aggregator's path, once per case change and level of its lineage.
   */
  addDelta(day: number, index: ArrayLike<number>, delta: ArrayLike<number>, size: number): void {
    const rows = this.locate(day)
    const t = this.target
    const w = this.width
    for (let r = 0, o = this.at; r < rows; r++, o += w) for (let k = 0; k < size; k++) t[o + index[k]!]! += delta[k]!
  }

  /**
   * Find where a change of `day` goes, once per change: a pending row, the prefix rows after the
   * day when they are few, a new last row, or a new pending row. Returns how many rows the change
   * is added to, `width` apart from offset `at` of `target` (fields rather than a closure or an
   * object per call: this runs for every case change at every level of its region's lineage).
   */
  private locate(day: number): number {
    const w = this.width
    const size = this.size
    // Live changes: the last day, in place (never pending: a pending day is followed by later days).
    if (size > 0 && this.days[size - 1] === day) {
      this.target = this.prefix
      this.at = size * w
      return 1
    }
    const pending = this.pending.size > 0 ? this.pending.get(day) : undefined
    if (pending) {
      this.target = pending
      this.at = 0
      return 1
    }
    const p = this.find(day)
    if (p < size && this.days[p] === day && size - p <= IN_PLACE_ROWS) {
      this.target = this.prefix
      this.at = (p + 1) * w
      return size - p
    }
    if (p === size) {
      this.append(day)
      this.target = this.prefix
      this.at = this.size * w
      return 1
    }
    const row = new Int32Array(w)
    this.pending.set(day, row)
    this.target = row
    this.at = 0
    return 1
  }

  /** The sum over days [start, end) into `out` (zeroed first). */
  sumInto(start: number, end: number, out: Int32Array): Int32Array {
    this.merge()
    out.fill(0)
    const a = this.find(start)
    const b = this.find(end)
    if (b > a) {
      const w = this.width
      const lo = a * w
      const hi = b * w
      for (let i = 0; i < w; i++) out[i] = this.prefix[hi + i]! - this.prefix[lo + i]!
    }
    return out
  }

  sum(start: number, end: number): Int32Array {
    return this.sumInto(start, end, new Int32Array(this.width))
  }

  /** Every day present with its own counters (not summed), in day order. */
  *entries(): Generator<[number, Int32Array]> {
    this.merge()
    const w = this.width
    for (let p = 0; p < this.size; p++) {
      const row = new Int32Array(w)
      for (let i = 0; i < w; i++) row[i] = this.prefix[(p + 1) * w + i]! - this.prefix[p * w + i]!
      yield [this.days[p]!, row]
    }
  }

  /** Replace everything with these days (ascending) and their own rows (`width` numbers each), as `entries` gave them. */
  load(days: Int32Array, rows: Int32Array): void {
    this.pending.clear()
    this.size = 0
    this.reserve(days.length)
    const w = this.width
    this.prefix.fill(0, 0, w)
    for (let p = 0; p < days.length; p++) {
      this.days[p] = days[p]!
      for (let i = 0; i < w; i++) this.prefix[(p + 1) * w + i] = this.prefix[p * w + i]! + rows[p * w + i]!
    }
    this.size = days.length
  }

  /** The first position whose day is ≥ `day` (binary search). */
  private find(day: number): number {
    let lo = 0
    let hi = this.size
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (this.days[mid]! < day) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  /** A new last day, its prefix row a copy of the one before. */
  private append(day: number): void {
    this.reserve(this.size + 1)
    const w = this.width
    this.days[this.size] = day
    this.prefix.copyWithin((this.size + 1) * w, this.size * w, (this.size + 1) * w)
    this.size++
  }

  private reserve(size: number): void {
    if (size <= this.days.length) return
    const capacity = Math.max(size, this.days.length * 2)
    const days = new Int32Array(capacity)
    days.set(this.days.subarray(0, this.size))
    this.days = days
    const prefix = new Int32Array((capacity + 1) * this.width)
    prefix.set(this.prefix.subarray(0, (this.size + 1) * this.width))
    this.prefix = prefix
  }

  /** Fold the pending days into the prefix rows: one pass over every day, O((days + pending) × width). */
  private merge(): void {
    if (this.pending.size === 0) return
    const w = this.width
    const added = [...this.pending.keys()].sort((x, y) => x - y)
    const fresh = added.filter((d) => {
      const p = this.find(d)
      return !(p < this.size && this.days[p] === d)
    }).length
    const oldDays = this.days.slice(0, this.size)
    const oldPrefix = this.prefix.slice(0, (this.size + 1) * w)
    const oldSize = this.size
    this.reserve(oldSize + fresh)
    const days = this.days
    const prefix = this.prefix
    prefix.fill(0, 0, w)
    let i = 0
    let j = 0
    let n = 0
    while (i < oldSize || j < added.length) {
      const takeOld = j >= added.length || (i < oldSize && oldDays[i]! <= added[j]!)
      const day = takeOld ? oldDays[i]! : added[j]!
      const base = n * w
      const next = (n + 1) * w
      for (let k = 0; k < w; k++) prefix[next + k] = prefix[base + k]!
      if (takeOld) {
        for (let k = 0; k < w; k++) prefix[next + k]! += oldPrefix[(i + 1) * w + k]! - oldPrefix[i * w + k]!
        i++
      }
      if (j < added.length && added[j] === day) {
        const row = this.pending.get(day)!
        for (let k = 0; k < w; k++) prefix[next + k]! += row[k]!
        j++
      }
      days[n] = day
      n++
    }
    this.size = n
    this.pending.clear()
  }
}
