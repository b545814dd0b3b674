import { DAY_MS } from './shanghai'

/**
 * Whole Shanghai days as plain integers (days since 1970-01-01 in Shanghai, see shanghai.ts) and
 * the calendar around them. A day number read as a UTC date gives the Shanghai calendar date.
 */
export interface CivilDate {
  year: number
  /** 0 = January */
  month: number
  day: number
}

export function civil(day: number): CivilDate {
  const d = new Date(day * DAY_MS)
  return { year: d.getUTCFullYear(), month: d.getUTCMonth(), day: d.getUTCDate() }
}

/** The day number of a calendar date; months and days past their end roll over as Date.UTC does. */
export function dayOf(year: number, month: number, day = 1): number {
  return Date.UTC(year, month, day) / DAY_MS
}

/** 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
export const weekday = (day: number) => (((day + 3) % 7) + 7) % 7

export const mondayOf = (day: number) => day - weekday(day)

export const monthStart = (day: number) => {
  const c = civil(day)
  return dayOf(c.year, c.month)
}

export const quarterStart = (day: number) => {
  const c = civil(day)
  return dayOf(c.year, c.month - (c.month % 3))
}

export const yearStart = (day: number) => dayOf(civil(day).year, 0)

export const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0

/** The same calendar date one year earlier; 29 February becomes 28 February. */
export function sameDateLastYear(day: number): number {
  const c = civil(day)
  const d = c.month === 1 && c.day === 29 ? 28 : c.day
  return dayOf(c.year - 1, c.month, d)
}

/** `YYYY-MM-DD` of a day number. */
export const isoDate = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10)

/** A real calendar day written YYYY-MM-DD (2026-02-30 is not). */
export function isDay(s: string | null | undefined): s is string {
  if (!s || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}
