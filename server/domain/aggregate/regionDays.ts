import { CASE_COUNTER_COUNT } from '../../../shared/summary/counters'
import type { RegionTree } from '../../../shared/regions/tree'
import type { DayRange } from '../../../shared/time/periods'
import { shanghaiDay } from '../../../shared/time/shanghai'
import type { CaseState } from '../cases/caseState'
import { DEFERRED_CHANGES_MAX } from '../deferred'
import { ActivitySeries } from './activity'
import { CounterDelta } from './counterDelta'
import { DayBuckets, type DayBucketsDump } from './dayBuckets'

const EMPTY_CASES = new Int32Array(CASE_COUNTER_COUNT)

/** A region's activity as a snapshot holds it (hours, then days: [key, [reported, resolved]]). */
export type ActivityDump = [Array<[number, [number, number]]>, Array<[number, [number, number]]>]

const EMPTY_QUEUE = new Float64Array(0)

/** A queued prune (see DeferredActivity): then the instant. */
const PRUNE = 0
/** A queued change of a case (see DeferredActivity): then new (1) or not (0), its resolution before (NaN: none), its report, its resolution after (NaN: none), the instant. */
const TRACK = 1

/**
 * A snapshot's activity of one region, decoded at the first read; changes until then are queued in
 * order, as numbers (a replay's tail queues one per case change at every level of its region's
 * lineage, most for regions it never reads: a closure each, holding both states, was garbage to
 * collect and old states kept alive).
 */
class DeferredActivity {
  /**
   * The queue, `length` numbers of it used: a typed array grown by doubling, written in place (an
   * array of numbers pushed six at a time, at every level of a tail's lineages, was 6% of a cold
   * instant's CPU). Made at the first change, small: a restore makes one of these for every
   * region and prunes each, and eight numbers lie in V8's heap, not in a buffer of their own.
   */
  private changes = EMPTY_QUEUE
  private length = 0
  /** Changes queued. */
  count = 0
  constructor(readonly load: () => ActivityDump) {}

  private room(n: number): Float64Array {
    if (this.length + n > this.changes.length) {
      const next = new Float64Array(Math.max(8, this.changes.length * 2))
      next.set(this.changes)
      this.changes = next
    }
    return this.changes
  }

  track(prev: CaseState | null, next: CaseState, now: number): void {
    const q = this.room(6)
    let p = this.length
    q[p++] = TRACK
    q[p++] = prev ? 0 : 1
    q[p++] = prev?.resolvedAt ?? NaN
    q[p++] = next.reportedAt
    q[p++] = next.resolvedAt ?? NaN
    q[p++] = now
    this.length = p
    this.count++
  }

  prune(now: number): void {
    const q = this.room(2)
    q[this.length++] = PRUNE
    q[this.length++] = now
    this.count++
  }

  /** The queued changes applied to the decoded series, in order. */
  replay(a: ActivitySeries): void {
    const q = this.changes
    for (let p = 0; p < this.length; ) {
      if (q[p++] === PRUNE) {
        a.prune(q[p++]!)
        continue
      }
      const isNew = q[p++] === 1
      const wasResolved = q[p++]!
      const reportedAt = q[p++]!
      const resolvedAt = q[p++]!
      const now = q[p++]!
      addActivity(a, isNew, Number.isNaN(wasResolved) ? null : wasResolved, reportedAt, Number.isNaN(resolvedAt) ? null : resolvedAt, now)
    }
  }
}

function activityFrom([hours, days]: ActivityDump): ActivitySeries {
  const a = new ActivitySeries()
  for (const [k, slot] of hours) a.hours.set(k, [slot[0], slot[1]])
  for (const [k, slot] of days) a.days.set(k, [slot[0], slot[1]])
  return a
}

/** Reports and resolutions of one change of a case, by when they happened. */
function trackActivity(a: ActivitySeries, prev: CaseState | null, next: CaseState, now: number): void {
  addActivity(a, prev === null, prev?.resolvedAt ?? null, next.reportedAt, next.resolvedAt, now)
}

/** The same from the numbers it reads: whether the case is new, its resolution before, its report and its resolution after. */
function addActivity(a: ActivitySeries, isNew: boolean, wasResolved: number | null, reportedAt: number, resolvedAt: number | null, now: number): void {
  if (isNew) a.add(reportedAt, 0, 1, now)
  if (wasResolved !== null) a.add(wasResolved, 1, -1, now)
  if (resolvedAt !== null) a.add(resolvedAt, 1, 1, now)
}

/**
 * The day-keyed figures of every region, each rolled up to its ancestors: case counters by day of
 * report (DayBuckets), categories, and reports and resolutions by the hour and day they happened.
 */
export class RegionDays {
  private cases = new Map<string, DayBuckets>()
  /** Per region, the buckets of its lineage in order (one lookup per case change instead of one per level); dropped with `cases`' instances. */
  private lineages = new Map<string, DayBuckets[]>()
  private activity = new Map<string, ActivitySeries | DeferredActivity>()
  /** Per region, its lineage's activity in order, the same way; dropped whenever an entry of `activity` is replaced. */
  private activityLineages = new Map<string, Array<ActivitySeries | DeferredActivity>>()

  /** Changes summed per region and day of report between `gather` and `flush`. */
  private gathered: Map<string, Map<number, Int32Array>> | null = null
  /** Scratch for a gathered row's change. */
  private readonly rowDelta = new CounterDelta(CASE_COUNTER_COUNT)

  constructor(private readonly tree: RegionTree) {}

  clear(): void {
    this.gathered = null
    this.cases.clear()
    this.lineages.clear()
    this.activity.clear()
    this.activityLineages.clear()
  }

  /** Move a case's counted figures by `delta` (from what it counted to what it counts) in its region and every ancestor; they are marked dirty. */
  shift(c: CaseState, delta: CounterDelta, dirty: Set<string>): void {
    const day = shanghaiDay(c.reportedAt)
    const lineage = this.tree.get(c.regionCode)!.lineage
    const gathered = this.gathered
    if (gathered) {
      for (let i = 0; i < lineage.length; i++) dirty.add(lineage[i]!)
      let days = gathered.get(c.regionCode)
      if (!days) gathered.set(c.regionCode, (days = new Map()))
      let row = days.get(day)
      if (!row) days.set(day, (row = new Int32Array(CASE_COUNTER_COUNT)))
      for (let k = 0; k < delta.size; k++) row[delta.index[k]!]! += delta.delta[k]!
      return
    }
    const buckets = this.lineageBuckets(c.regionCode, lineage)
    for (let i = 0; i < buckets.length; i++) {
      buckets[i]!.apply(day, delta)
      dirty.add(lineage[i]!)
    }
  }

  /**
   * Until `flush`, `shift` sums the changes per region and day of report instead of applying each
   * at every level of its region's lineage: a batch's (or a replay's page of) 2,000 case changes
   * land on a few days, so the upper levels take one change per day instead of one per case (a
   * replay's deferred regions queued each, most never read). The counters are sums: the figures
   * are those of the changes applied one by one, every day touched present as it would be.
   */
  gather(): void {
    this.gathered ??= new Map()
  }

  /** Apply the sums gathered since `gather`, deepest regions first, each region's added into its parent's. */
  flush(): void {
    const gathered = this.gathered
    if (!gathered) return
    this.gathered = null
    const byDepth: string[][] = []
    for (const code of gathered.keys()) (byDepth[this.tree.get(code)!.lineage.length - 1] ??= []).push(code)
    for (let depth = byDepth.length - 1; depth >= 0; depth--) {
      const codes = byDepth[depth]
      if (!codes) continue
      for (const code of codes) {
        const days = gathered.get(code)!
        const parent = this.tree.get(code)!.parent
        let up = parent === null ? undefined : gathered.get(parent)
        if (parent !== null && !up) {
          gathered.set(parent, (up = new Map()))
          ;(byDepth[depth - 1] ??= []).push(parent)
        }
        const buckets = this.bucketsOf(code)
        for (const [day, row] of days) {
          buckets.apply(day, this.rowDelta.ofRow(row))
          if (!up) continue
          const above = up.get(day)
          if (above) for (let k = 0; k < row.length; k++) above[k]! += row[k]!
          else up.set(day, row)
        }
      }
    }
  }

  /** Reports and resolutions by when they happened, and categories by day of report. */
  track(prev: CaseState | null, next: CaseState, now: number): void {
    const wasResolved = prev?.resolvedAt ?? null
    if (prev && wasResolved === next.resolvedAt) return
    const day = shanghaiDay(next.reportedAt)
    const lineage = this.tree.get(next.regionCode)!.lineage
    const buckets = prev ? null : this.lineageBuckets(next.regionCode, lineage)
    const activity = this.lineageActivity(next.regionCode, lineage)
    for (let i = 0; i < lineage.length; i++) {
      const a = activity[i]!
      if (a instanceof DeferredActivity) {
        a.track(prev, next, now)
        if (a.count >= DEFERRED_CHANGES_MAX) this.activityOf(lineage[i]!)
      } else trackActivity(a, prev, next, now)
      if (buckets) buckets[i]!.addCategory(day, next.category, 1)
    }
  }

  /** Summed case counters of a region over the days of `range`. */
  caseCounts(code: string, range: DayRange): Int32Array {
    return this.cases.get(code)?.sum(range) ?? EMPTY_CASES
  }

  /** The same into `out`, zeroed for a region with nothing counted. */
  caseCountsInto(code: string, range: DayRange, out: Int32Array): Int32Array {
    const buckets = this.cases.get(code)
    return buckets ? buckets.sumInto(range, out) : out.fill(0)
  }

  categoryCounts(code: string, range: DayRange): Map<string, number> {
    return this.cases.get(code)?.categorySums(range) ?? new Map()
  }

  activityOf(code: string): ActivitySeries | undefined {
    const a = this.activity.get(code)
    if (!(a instanceof DeferredActivity)) return a
    const loaded = activityFrom(a.load())
    a.replay(loaded)
    // In place: the map's order (that of a dump) stays the order the regions were first seen in.
    this.activity.set(code, loaded)
    this.activityLineages.clear()
    return loaded
  }

  /** Drop hourly activity older than two days (days are kept). */
  prune(now: number): void {
    for (const [code, a] of this.activity) {
      if (a instanceof DeferredActivity) {
        a.prune(now)
        // Replacing the entry of the key being visited is allowed while iterating a Map.
        if (a.count >= DEFERRED_CHANGES_MAX) this.activityOf(code)
      } else a.prune(now)
    }
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
      activity: [...this.activity.keys()].map((code) => {
        const a = this.activityOf(code)!
        return [code, [...a.hours], [...a.days]]
      }),
    }
  }

  /** Take a dump back (after `clear`). */
  restore(d: RegionDaysDump): void {
    this.activityLineages.clear()
    for (const [code, b] of d.cases) this.bucketsOf(code).restore(b)
    for (const [code, hours, days] of d.activity) this.activity.set(code, activityFrom([hours, days]))
  }

  /**
   * Take a snapshot's figures back region by region on demand (after `clear`): each region's are
   * decoded at its first read (a replay reads a few), changes before that are queued and applied
   * after, in order; a dump decodes them all.
   */
  restoreDeferred(d: DeferredRegionDays): void {
    this.activityLineages.clear()
    for (const [code, load] of d.cases) this.cases.set(code, DayBuckets.deferred(load))
    for (const [code, load] of d.activity) this.activity.set(code, new DeferredActivity(load))
  }

  private lineageBuckets(code: string, lineage: readonly string[]): DayBuckets[] {
    let buckets = this.lineages.get(code)
    if (!buckets) this.lineages.set(code, (buckets = lineage.map((c) => this.bucketsOf(c))))
    return buckets
  }

  private lineageActivity(code: string, lineage: readonly string[]): Array<ActivitySeries | DeferredActivity> {
    let activity = this.activityLineages.get(code)
    if (!activity)
      this.activityLineages.set(
        code,
        (activity = lineage.map((c) => {
          let a = this.activity.get(c)
          if (!a) this.activity.set(c, (a = new ActivitySeries()))
          return a
        })),
      )
    return activity
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

/** A snapshot's day-keyed figures, each region's decoded by its function when first read. */
export interface DeferredRegionDays {
  cases: Array<[string, () => DayBucketsDump]>
  activity: Array<[string, () => ActivityDump]>
}
