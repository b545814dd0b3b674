import type { CaseSource } from '../../shared/domain/vocabulary'
import type { Region } from '../../shared/regions/tree'
import { HOUR_MS, shanghaiDayStart } from '../../shared/time/shanghai'
import { reportFactor } from './calendar'
import { pickCaseRegion, pickSource } from './content'
import { weightedTable, type Random } from './random'
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
 * The regular reports of one day, town by town: each town's yearly volume spread by the day's
 * factor (season, weekday, 春节) with day-to-day noise; `carry` (one slot per town, kept by the
 * caller across days, see `startCarry`) keeps the yearly totals on target. Where and by which channel each report
 * comes, and at what time of day, are drawn here too, so that counting the demo's cases needs
 * nothing else. Unsorted.
 */
export function dayReports(r: Random, territory: Territory, day: number, perMeanDay: number, carry: Float64Array): Report[] {
  const out: Report[] = []
  const start = shanghaiDayStart(day)
  const share = (perMeanDay * reportFactor(day)) / 365.25
  territory.towns.forEach((town, i) => {
    carry[i]! += town.annual * share * r.float(0.75, 1.25)
    const n = Math.floor(carry[i]!)
    carry[i]! -= n
    for (let k = 0; k < n; k++) {
      const region = pickCaseRegion(r, town)
      const source = pickSource(r, town, region)
      out.push({ town, region, source, reportedAt: start + timeOfDay(r, source) })
    }
  })
  return out
}

/** Each town's fraction of a report carried into the first day: random, so quiet towns start too. */
export function startCarry(r: Random, territory: Territory): Float64Array {
  return Float64Array.from(territory.towns, () => r.rng())
}
