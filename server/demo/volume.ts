import type { CaseSource } from '../../shared/domain/vocabulary'
import type { Region } from '../../shared/regions/tree'
import { HOUR_MS, shanghaiDayStart } from '../../shared/time/shanghai'
import { reportFactor } from './calendar'
import { pickCaseRegion, pickSource } from './content'
import { createRandom, hashSeed, weightedTable, type Random } from './random'
import type { Territory, TownInfo } from './territory'

/** Hour-of-day profiles: offices work by day, 小队会 meet in the evening, police round the clock. */
const hours = (w: number[]) => weightedTable(w.map((weight, hour) => [hour, weight] as const))
const DAYTIME = [0.5, 0.3, 0.2, 0.2, 0.2, 0.4, 1, 3, 7, 10, 10, 9, 6, 7, 9, 9, 8, 7, 5, 5, 4, 3, 2, 1]
const HOURS: Record<CaseSource, (u: number) => number> = {
  hotline: hours(DAYTIME),
  other: hours(DAYTIME),
  grid: hours([0, 0, 0, 0, 0, 0, 0.5, 2, 8, 10, 10, 8, 4, 6, 9, 9, 8, 5, 2, 1, 0.5, 0, 0, 0]),
  petition: hours([0, 0, 0, 0, 0, 0, 0, 0.5, 6, 10, 10, 8, 2, 5, 9, 9, 6, 1, 0, 0, 0, 0, 0, 0]),
  meeting: hours([0, 0, 0, 0, 0, 0, 0, 0, 0.5, 0.5, 0.5, 0.3, 0.3, 0.5, 0.5, 0.5, 0.5, 0.5, 2, 8, 10, 6, 1, 0]),
  police: hours([3, 2.5, 2, 1.5, 1, 1, 2, 3, 5, 6, 6, 6, 5, 5, 6, 6, 6, 6, 7, 8, 8, 7, 5, 4]),
}

/** A moment of the day (ms after midnight) when a report by this channel comes in. */
export const timeOfDay = (r: Random, source: CaseSource) => HOURS[source](r.rng()) * HOUR_MS + r.int(0, 3599) * 1000

/** The mean report factor over the days [firstDay, lastDay]: yearly volumes are per mean day. */
export function meanReportFactor(firstDay: number, lastDay: number): number {
  let sum = 0
  for (let d = firstDay; d <= lastDay; d++) sum += reportFactor(d)
  return sum / (lastDay - firstDay + 1)
}

export interface Report {
  town: TownInfo
  region: Region
  source: CaseSource
  reportedAt: number
}

/**
 * How many reports each town gets on each day, and which: each town's yearly volume spread by the
 * day's factor (season, weekday, 春节) with day-to-day noise. Counts come from running sums of the
 * expected volumes (so yearly totals stay on target) and every day draws from its own random
 * stream, so any day can be produced on its own and in any order: the demo loads the newest days
 * first, and the simulator asks for one day after another.
 */
export class Volume {
  /** sums[d - firstDay][i]: town i's expected reports before day d, plus a random start. */
  private readonly sums: Float64Array[] = []

  constructor(
    private readonly territory: Territory,
    private readonly firstDay: number,
    /** Reports a town gets on a mean day, per report a year of its volume (scale / mean factor). */
    private readonly perMeanDay: number,
    private readonly seed: number,
  ) {
    const r = createRandom(hashSeed('volume-start', seed, firstDay))
    this.sums.push(Float64Array.from(territory.towns, () => r.rng()))
  }

  private dayRandom(day: number): Random {
    return createRandom(hashSeed('volume', this.seed, day))
  }

  /** Expected reports of each town on `day`, noise included (the day's first draws). */
  private expected(day: number, r: Random): Float64Array {
    const share = (this.perMeanDay * reportFactor(day)) / 365.25
    return Float64Array.from(this.territory.towns, (town) => town.annual * share * r.float(0.75, 1.25))
  }

  private sumBefore(day: number): Float64Array {
    for (let d = this.firstDay + this.sums.length - 1; d < day; d++) {
      const e = this.expected(d, this.dayRandom(d))
      this.sums.push(this.sums[this.sums.length - 1]!.map((v, i) => v + e[i]!))
    }
    return this.sums[day - this.firstDay]!
  }

  /** Reports of town `i` before `day` (from the first day). */
  before(day: number, i: number): number {
    return Math.floor(this.sumBefore(day)[i]!) - Math.floor(this.sums[0]![i]!)
  }

  /** Reports of each town on `day`. */
  counts(day: number): number[] {
    const before = this.sumBefore(day)
    const after = this.sumBefore(day + 1)
    return Array.from(before, (v, i) => Math.floor(after[i]!) - Math.floor(v))
  }

  /** The day's reports: where, by which channel and when; unsorted. */
  reports(day: number): Report[] {
    const r = this.dayRandom(day)
    this.expected(day, r)
    const counts = this.counts(day)
    const start = shanghaiDayStart(day)
    const out: Report[] = []
    this.territory.towns.forEach((town, i) => {
      for (let k = 0; k < counts[i]!; k++) {
        const region = pickCaseRegion(r, town)
        const source = pickSource(r, town, region)
        out.push({ town, region, source, reportedAt: start + timeOfDay(r, source) })
      }
    })
    return out
  }
}
