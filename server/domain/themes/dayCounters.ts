import type { RegionTree } from '../../../shared/regions/tree'
import type { DayRange } from '../../../shared/time/periods'

/** Sparse amounts to add: [counter index, amount]. */
export type Contribution = ReadonlyArray<readonly [number, number]>

/** Per region (rolled up), per day: the counters. */
export type DayCountersDump = Array<[string, Array<[number, number[]]>]>

/**
 * Counters per region and Shanghai day, rolled up to every ancestor when written (O(depth)), so a
 * read of any region over any period sums that region's own days and never walks its subtree.
 */
export class DayCounters {
  private byRegion = new Map<string, Map<number, Float64Array>>()

  constructor(
    private readonly tree: RegionTree,
    readonly width: number,
  ) {}

  clear(): void {
    this.byRegion.clear()
  }

  add(regionCode: string, day: number, parts: Contribution, sign: 1 | -1): void {
    if (parts.length === 0) return
    for (const code of this.tree.get(regionCode)?.lineage ?? []) {
      let days = this.byRegion.get(code)
      if (!days) this.byRegion.set(code, (days = new Map()))
      let c = days.get(day)
      if (!c) days.set(day, (c = new Float64Array(this.width)))
      for (const [i, n] of parts) c[i]! += sign * n
    }
  }

  /** Everything as plain data (snapshots of the aggregates, domain/replay). */
  dump(): DayCountersDump {
    return [...this.byRegion].map(([code, days]) => [code, [...days].map(([day, c]) => [day, [...c]])])
  }

  /** Take a dump back (after `clear`). */
  restore(d: DayCountersDump): void {
    for (const [code, days] of d) this.byRegion.set(code, new Map(days.map(([day, c]) => [day, Float64Array.from(c)])))
  }

  sum(code: string, range: DayRange): Float64Array {
    const out = new Float64Array(this.width)
    for (const [day, c] of this.byRegion.get(code) ?? []) {
      if (day < range.start || day >= range.end) continue
      for (let i = 0; i < this.width; i++) out[i]! += c[i]!
    }
    return out
  }
}

/** Counters per region now (stocks), rolled up the same way. */
export class StockCounters {
  private byRegion = new Map<string, Float64Array>()

  constructor(
    private readonly tree: RegionTree,
    readonly width: number,
  ) {}

  clear(): void {
    this.byRegion.clear()
  }

  add(regionCode: string, parts: Contribution, sign: 1 | -1): void {
    if (parts.length === 0) return
    for (const code of this.tree.get(regionCode)?.lineage ?? []) {
      let c = this.byRegion.get(code)
      if (!c) this.byRegion.set(code, (c = new Float64Array(this.width)))
      for (const [i, n] of parts) c[i]! += sign * n
    }
  }

  dump(): Array<[string, number[]]> {
    return [...this.byRegion].map(([code, c]) => [code, [...c]])
  }

  restore(d: ReadonlyArray<[string, number[]]>): void {
    for (const [code, c] of d) this.byRegion.set(code, Float64Array.from(c))
  }

  of(code: string): Float64Array {
    return this.byRegion.get(code) ?? new Float64Array(this.width)
  }
}
