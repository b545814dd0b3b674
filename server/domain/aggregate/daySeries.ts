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

  constructor(readonly width: number) {
    this.prefix = new Int32Array(9 * width)
  }

  /** Add `delta` to counter `index` of `day`. */
  add(day: number, index: number, delta: number): void {
    this.row(day, (row, offset) => {
      row[offset + index]! += delta
    })
  }

  /** Subtract 1 from each counter listed in `minus` and add 1 to each in `plus` (repeats count twice), on `day`. */
  shift(day: number, minus: readonly number[], plus: readonly number[]): void {
    this.row(day, (row, offset) => {
      for (const i of minus) row[offset + i]! -= 1
      for (const i of plus) row[offset + i]! += 1
    })
  }

  /**
   * Find where a change of `day` goes, once per change: a pending row, the prefix rows after the
   * day when they are few (`change` runs on each), a new last row, or a new pending row.
   */
  private row(day: number, change: (row: Int32Array, offset: number) => void): void {
    const pending = this.pending.get(day)
    if (pending) return change(pending, 0)
    const w = this.width
    const p = this.find(day)
    if (p < this.size && this.days[p] === day && this.size - p <= IN_PLACE_ROWS) {
      for (let r = p + 1; r <= this.size; r++) change(this.prefix, r * w)
      return
    }
    if (p === this.size) {
      this.append(day)
      return change(this.prefix, this.size * w)
    }
    const row = new Int32Array(w)
    change(row, 0)
    this.pending.set(day, row)
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
