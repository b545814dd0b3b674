import { sameDateLastYear } from '../../../shared/time/calendar'
import type { DayRange, Period } from '../../../shared/time/periods'
import { HOUR_MS, shanghaiDayStart, toShanghaiIso } from '../../../shared/time/shanghai'

/**
 * The ISO instants of hours and day starts, and a day's same date a year before, remembered: a
 * detail writes 30 days and up to 24 hours on every read and every push, the same ones all day,
 * and a compared summary the bounds of three periods; writing them (toShanghaiIso) was the largest
 * part of a ranked detail's own work once the ranking read counters. Strings and numbers only, so
 * sharing them changes no answer; a few thousand keys at most before a memo starts again.
 */
const MEMO_MAX = 4096
const hourIsos = new Map<number, string>()
const dayIsos = new Map<number, string>()
const lastYears = new Map<number, number>()

function remembered<T>(memo: Map<number, T>, key: number, make: (key: number) => T): T {
  let v = memo.get(key)
  if (v === undefined) {
    if (memo.size >= MEMO_MAX) memo.clear()
    memo.set(key, (v = make(key)))
  }
  return v
}

/** toShanghaiIso of the start of hour number `hour` (ms / HOUR_MS). */
export const hourIso = (hour: number) => remembered(hourIsos, hour, (h) => toShanghaiIso(h * HOUR_MS))
/** toShanghaiIso of the start of Shanghai day `day`. */
export const dayIso = (day: number) => remembered(dayIsos, day, (d) => toShanghaiIso(shanghaiDayStart(d)))
export const lastYearOf = (day: number) => remembered(lastYears, day, sameDateLastYear)
/** periodOf(range) (shared/time/periods.ts), a new object of remembered strings. */
export const periodOfDays = (r: DayRange): Period => ({ from: dayIso(r.start), to: dayIso(r.end) })
