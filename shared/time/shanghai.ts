/**
 * Calendar arithmetic in Asia/Shanghai. China has had no daylight saving since 1991, so the zone is
 * a fixed +08:00 and a day is a plain integer: days since 1970-01-01 in Shanghai.
 */
export const SHANGHAI_OFFSET_MS = 8 * 3600_000
export const DAY_MS = 86_400_000
export const HOUR_MS = 3_600_000

/** The Shanghai calendar day (days since epoch) that the instant `ms` falls in. */
export function shanghaiDay(ms: number): number {
  return Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS)
}

/** The instant at which Shanghai day `day` begins. */
export function shanghaiDayStart(day: number): number {
  return day * DAY_MS - SHANGHAI_OFFSET_MS
}

/** [start, end) of the Shanghai calendar year containing `ms`. */
export function shanghaiYear(ms: number): { from: number; to: number } {
  const local = new Date(ms + SHANGHAI_OFFSET_MS)
  const year = local.getUTCFullYear()
  return {
    from: Date.UTC(year, 0, 1) - SHANGHAI_OFFSET_MS,
    to: Date.UTC(year + 1, 0, 1) - SHANGHAI_OFFSET_MS,
  }
}

/** ISO-8601 in +08:00, the way the wall and the API write instants for people. */
export function toShanghaiIso(ms: number): string {
  const d = new Date(ms + SHANGHAI_OFFSET_MS)
  return d.toISOString().replace('Z', '+08:00')
}

/** Days [firstDay, lastDay] (inclusive) that overlap the instant range [from, to). */
export function daysOverlapping(from: number, to: number): { firstDay: number; lastDay: number } {
  return { firstDay: shanghaiDay(from), lastDay: shanghaiDay(to - 1) }
}
