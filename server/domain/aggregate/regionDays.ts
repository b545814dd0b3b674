import { CASE_COUNTER_COUNT } from '../../../shared/summary/counters'
import type { RegionTree } from '../../../shared/regions/tree'
import type { DayRange } from '../../../shared/time/periods'
import { shanghaiDay } from '../../../shared/time/shanghai'
import type { CaseState } from '../cases/caseState'
import { ActivitySeries } from './activity'
import { DayBuckets, type DayBucketsDump } from './dayBuckets'

const EMPTY_CASES = new Int32Array(CASE_COUNTER_COUNT)

/**
 * The day-keyed figures of every region, each rolled up to its ancestors: case counters by day of
 * report (DayBuckets), categories, and reports and resolutions by the hour and day they happened.
 */
export class RegionDays {
  private cases = new Map<string, DayBuckets>()
  private activity = new Map<string, ActivitySeries>()

  constructor(private readonly tree: RegionTree) {}

  clear(): void {
    this.cases.clear()
    this.activity.clear()
  }

  /** Move a case's counted figures from `before` to `after` in its region and every ancestor; they are marked dirty. */
  shift(c: CaseState, before: readonly number[], after: readonly number[], dirty: Set<string>): void {
    const day = shanghaiDay(c.reportedAt)
    for (const code of this.tree.get(c.regionCode)!.lineage) {
      this.bucketsOf(code).shift(day, before, after)
      dirty.add(code)
    }
  }

  /** Reports and resolutions by when they happened, and categories by day of report. */
  track(prev: CaseState | null, next: CaseState, now: number): void {
    const wasResolved = prev?.resolvedAt ?? null
    if (prev && wasResolved === next.resolvedAt) return
    const day = shanghaiDay(next.reportedAt)
    for (const code of this.tree.get(next.regionCode)!.lineage) {
      let a = this.activity.get(code)
      if (!a) this.activity.set(code, (a = new ActivitySeries()))
      if (!prev) {
        a.add(next.reportedAt, 0, 1, now)
        this.bucketsOf(code).addCategory(day, next.category, 1)
      }
      if (wasResolved !== null) a.add(wasResolved, 1, -1, now)
      if (next.resolvedAt !== null) a.add(next.resolvedAt, 1, 1, now)
    }
  }

  /** Summed case counters of a region over the days of `range`. */
  caseCounts(code: string, range: DayRange): Int32Array {
    return this.cases.get(code)?.sum(range) ?? EMPTY_CASES
  }

  categoryCounts(code: string, range: DayRange): Map<string, number> {
    return this.cases.get(code)?.categorySums(range) ?? new Map()
  }

  activityOf(code: string): ActivitySeries | undefined {
    return this.activity.get(code)
  }

  /** Drop hourly activity older than two days (days are kept). */
  prune(now: number): void {
    for (const a of this.activity.values()) a.prune(now)
  }

  /** Raw counters per region and day (days with anything counted). */
  snapshot(): Map<string, Map<number, number[]>> {
    const out = new Map<string, Map<number, number[]>>()
    for (const [code, buckets] of this.cases) {
      const days = new Map<number, number[]>()
      for (const [day, b] of buckets.entries()) if (b.some((v) => v !== 0)) days.set(day, [...b])
      if (days.size) out.set(code, days)
    }
    return out
  }

  /** Everything as plain data (replay snapshots). */
  dump(): RegionDaysDump {
    return {
      cases: [...this.cases].map(([code, b]) => [code, b.dump()]),
      activity: [...this.activity].map(([code, a]) => [code, [...a.hours], [...a.days]]),
    }
  }

  /** Take a dump back (after `clear`). */
  restore(d: RegionDaysDump): void {
    for (const [code, b] of d.cases) this.bucketsOf(code).restore(b)
    for (const [code, hours, days] of d.activity) {
      const a = new ActivitySeries()
      for (const [k, slot] of hours) a.hours.set(k, [slot[0], slot[1]])
      for (const [k, slot] of days) a.days.set(k, [slot[0], slot[1]])
      this.activity.set(code, a)
    }
  }

  private bucketsOf(code: string): DayBuckets {
    let buckets = this.cases.get(code)
    if (!buckets) this.cases.set(code, (buckets = new DayBuckets()))
    return buckets
  }
}

export interface RegionDaysDump {
  cases: Array<[string, DayBucketsDump]>
  activity: Array<[string, Array<[number, [number, number]]>, Array<[number, [number, number]]>]>
}
