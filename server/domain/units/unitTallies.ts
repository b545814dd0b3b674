import type { RegionTree } from '../../../shared/regions/tree'
import type { DayRange } from '../../../shared/time/periods'
import { shanghaiDay } from '../../../shared/time/shanghai'
import { isResolved, unitOf, type CaseState } from '../cases/caseState'
import { isOverdue } from '../cases/deadline'
import { DeferredCases } from '../cases/deferredCases'

/** Counters per unit, region and report day: a case counts on the day it was reported (like the summary's flows). */
const ASSIGNED = 0
const RETURNED = 1
const RESOLVED = 2
const ON_TIME = 3
const WIDTH = 4

/** One handling unit's figures over a region's subtree and a period (cases reported in it). */
export interface UnitFigures {
  unit: string
  /** Times it was given a case (on report or by 转派). */
  assigned: number
  /** Times it gave one back (退回, 退单). */
  returned: number
  /** 退单率 = returned ÷ assigned; null when never assigned. */
  returnRate: number | null
  /** Cases it resolved. */
  resolved: number
  resolvedOnTime: number
  /** 按期办结率 = resolved on time ÷ resolved; null when it resolved none. */
  onTimeRate: number | null
  /** Unresolved cases with it now. */
  open: number
  /** 超期: unresolved cases with it now that are past due. */
  overdue: number
}

/** region → unit → day → counters, as plain data. */
export type UnitTalliesDump = Array<[string, Array<[string, Array<[number, number[]]>]>]>

interface OpenCase {
  regionCode: string
  unit: string
  day: number
  state: CaseState
}

/** What one case adds: [unit, counter, amount]. */
function contribution(c: CaseState): Array<[string, number, number]> {
  const out: Array<[string, number, number]> = []
  for (const [unit, t] of Object.entries(c.units ?? {})) {
    if (t.assigned) out.push([unit, ASSIGNED, t.assigned])
    if (t.returned) out.push([unit, RETURNED, t.returned])
  }
  const unit = unitOf(c)
  if (isResolved(c) && unit !== null) {
    out.push([unit, RESOLVED, 1])
    if (c.resolvedAt! <= c.dueAt) out.push([unit, ON_TIME, 1])
  }
  return out
}

/**
 * 承办单位 figures, kept incrementally beside the region aggregates: a case change subtracts what its
 * old state added and adds its new state's (O(units of the case)); a read sums the day counters of
 * the regions in the subtree over the period and looks at the open cases that have a unit (超期 is
 * a stock that moves with the clock), never at the store.
 */
export class UnitTallies {
  /** region → unit → day → counters */
  private counts = new Map<string, Map<string, Map<number, Int32Array>>>()
  private open = new Map<string, OpenCase>()
  /** The open cases of a lazily restored snapshot wait for the first read (a replay never reads the units; `figures` sums `open` per unit, its order unseen). */
  private deferred = new DeferredCases((c) => this.track(c))

  constructor(private readonly tree: RegionTree) {}

  clear(): void {
    this.counts.clear()
    this.open.clear()
    this.deferred.clear()
  }

  apply(prev: CaseState | null, next: CaseState): void {
    // The day counters are sums, taken in at once; only the open cases may wait for the snapshot's.
    if (prev) this.add(prev, -1)
    this.add(next, 1)
    this.deferred.change(next)
  }

  private track(next: CaseState): void {
    const unit = unitOf(next)
    if (!isResolved(next) && unit !== null) this.open.set(next.id, { regionCode: next.regionCode, unit, day: shanghaiDay(next.reportedAt), state: next })
    else this.open.delete(next.id)
  }

  /** The day counters as plain data (snapshots of the aggregates); open cases come back from the unresolved cases. */
  dump(): UnitTalliesDump {
    return [...this.counts].map(([region, units]) => [region, [...units].map(([unit, days]) => [unit, [...days].map(([day, c]) => [day, [...c]])])])
  }

  /** Take a dump back (after `clear`), with every unresolved case (given as a function: decoded at the first read). */
  restore(d: UnitTalliesDump, unresolved: Iterable<CaseState> | (() => Iterable<CaseState>)): void {
    for (const [region, units] of d) this.counts.set(region, new Map(units.map(([unit, days]) => [unit, new Map(days.map(([day, c]) => [day, Int32Array.from(c)]))])))
    this.deferred.restore(unresolved)
  }

  /** Every unit seen in the subtree of `code` over `range`, unsorted. */
  figures(code: string, range: DayRange, now: number): UnitFigures[] {
    this.deferred.load()
    const sums = new Map<string, number[]>()
    const row = (unit: string) => {
      let r = sums.get(unit)
      if (!r) sums.set(unit, (r = [0, 0, 0, 0, 0, 0]))
      return r
    }
    const inRange = (day: number) => day >= range.start && day < range.end
    for (const [region, units] of this.counts) {
      if (!this.within(region, code)) continue
      for (const [unit, days] of units)
        for (const [day, c] of days) {
          if (!inRange(day)) continue
          const r = row(unit)
          for (let i = 0; i < WIDTH; i++) r[i]! += c[i]!
        }
    }
    for (const o of this.open.values()) {
      if (!inRange(o.day) || !this.within(o.regionCode, code)) continue
      const r = row(o.unit)
      r[WIDTH]!++
      if (isOverdue(o.state, now)) r[WIDTH + 1]!++
    }
    const rate = (a: number, b: number) => (b === 0 ? null : a / b)
    return [...sums].map(([unit, r]) => ({
      unit,
      assigned: r[ASSIGNED]!,
      returned: r[RETURNED]!,
      returnRate: rate(r[RETURNED]!, r[ASSIGNED]!),
      resolved: r[RESOLVED]!,
      resolvedOnTime: r[ON_TIME]!,
      onTimeRate: rate(r[ON_TIME]!, r[RESOLVED]!),
      open: r[WIDTH]!,
      overdue: r[WIDTH + 1]!,
    }))
  }

  private within(region: string, code: string): boolean {
    return region === code || this.tree.isWithin(region, code)
  }

  private add(c: CaseState, sign: 1 | -1): void {
    const parts = contribution(c)
    if (parts.length === 0) return
    const day = shanghaiDay(c.reportedAt)
    let units = this.counts.get(c.regionCode)
    if (!units) this.counts.set(c.regionCode, (units = new Map()))
    for (const [unit, idx, n] of parts) {
      let days = units.get(unit)
      if (!days) units.set(unit, (days = new Map()))
      let counters = days.get(day)
      if (!counters) days.set(day, (counters = new Int32Array(WIDTH)))
      counters[idx]! += sign * n
    }
  }
}
