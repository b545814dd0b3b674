/**
 * The net change of the counters between two contributions of one case (lists of counter indices,
 * an index repeated to count twice; cases/contribution.ts): only the counters that move, as
 * (index, delta) pairs. A change of a case moves two or three of the ten or more counters it counts
 * in, and is applied to a day at every level of its region's lineage, so the two lists are netted
 * once here instead of walked whole at each level and each prefix row.
 *
 * One instance is reused for every change (no allocation per case): its pairs are valid until the
 * next `between` (a replay's deferred changes copy them as numbers: dayBuckets.ts).
 */
export class CounterDelta {
  /** The counters that move, `size` of them (each once, except a new case's repeats: see `between`). */
  readonly index: Int32Array
  /** How much each of them moves (never 0). */
  readonly delta: Int32Array
  size = 0
  /** Scratch per counter, all 0 between calls. */
  private readonly net: Int32Array

  constructor(readonly width: number) {
    this.index = new Int32Array(width)
    this.delta = new Int32Array(width)
    this.net = new Int32Array(width)
  }

  /** Become `after` − `before`. */
  between(before: readonly number[], after: readonly number[]): this {
    // A case counted for the first time (every report): its list as it is, nothing to net. A
    // repeated index stays two pairs of +1, which add up the same.
    if (before.length === 0 && after.length <= this.width) {
      for (let k = 0; k < after.length; k++) {
        this.index[k] = after[k]!
        this.delta[k] = 1
      }
      this.size = after.length
      return this
    }
    const net = this.net
    for (let k = 0; k < before.length; k++) net[before[k]!]! -= 1
    for (let k = 0; k < after.length; k++) net[after[k]!]! += 1
    let n = 0
    // Each counter is taken once, at its first mention, and its scratch zeroed as it is taken.
    for (let k = 0; k < before.length; k++) n = this.take(before[k]!, n)
    for (let k = 0; k < after.length; k++) n = this.take(after[k]!, n)
    this.size = n
    return this
  }

  /** Become the non-zero counters of `row` (a net change of `width` counters), in index order. */
  ofRow(row: Int32Array): this {
    let n = 0
    for (let i = 0; i < row.length; i++) {
      const d = row[i]!
      if (d === 0) continue
      this.index[n] = i
      this.delta[n] = d
      n++
    }
    this.size = n
    return this
  }

  private take(i: number, n: number): number {
    const d = this.net[i]!
    if (d === 0) return n
    this.net[i] = 0
    this.index[n] = i
    this.delta[n] = d
    return n + 1
  }
}
