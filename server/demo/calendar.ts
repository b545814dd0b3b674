import { DAY_MS } from '../../shared/time/shanghai'

/**
 * The demo's calendar: which days are holidays and how busy a day is. Days are Shanghai calendar
 * days (days since 1970-01-01, see shared/time/shanghai.ts).
 */

/**
 * 春节 (the first day of the lunar year) for the years the demo may span; the lunar calendar cannot
 * be computed in a line, so it is a table. A year missing here simply gets no festival dip.
 */
export const SPRING_FESTIVAL: Readonly<Record<number, string>> = {
  2023: '2023-01-22',
  2024: '2024-02-10',
  2025: '2025-01-29',
  2026: '2026-02-17',
  2027: '2027-02-06',
  2028: '2028-01-26',
  2029: '2029-02-13',
}

export interface LocalDate {
  year: number
  /** 0 = January. */
  month: number
  date: number
  /** 0 = Sunday. */
  weekday: number
}

/** The calendar date of a Shanghai day. */
export function localDate(day: number): LocalDate {
  const d = new Date(day * DAY_MS)
  return { year: d.getUTCFullYear(), month: d.getUTCMonth(), date: d.getUTCDate(), weekday: d.getUTCDay() }
}

/** The Shanghai day of a calendar date (month 0-based; a day past the month's end rolls over). */
export function dayOf(year: number, month: number, date: number): number {
  return Math.floor(Date.UTC(year, month, date) / DAY_MS)
}

/** The same calendar date `years` later (earlier when negative); 29 February becomes 28 February. */
export function shiftYears(day: number, years: number): number {
  const { year, month, date } = localDate(day)
  const last = localDate(dayOf(year + years, month + 1, 0)).date
  return dayOf(year + years, month, Math.min(date, last))
}

const festivalDays = new Map(Object.entries(SPRING_FESTIVAL).map(([y, iso]) => [Number(y), Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY_MS)]))

/** Days from the nearest 春节 (negative before it), or undefined when none is within 40 days. */
export function festivalOffset(day: number): number | undefined {
  const { year } = localDate(day)
  let best: number | undefined
  for (const y of [year - 1, year, year + 1]) {
    const f = festivalDays.get(y)
    if (f === undefined) continue
    const o = day - f
    if (Math.abs(o) <= 40 && (best === undefined || Math.abs(o) < Math.abs(best))) best = o
  }
  return best
}

/**
 * Public holidays when offices close: 春节 from 除夕 to 初七 (eight days), 元旦, 劳动节 (1–5 May)
 * and 国庆 (1–7 October). Make-up working weekends (调休) are left out.
 */
export function isHoliday(day: number): boolean {
  const o = festivalOffset(day)
  if (o !== undefined && o >= -1 && o <= 6) return true
  const { month, date } = localDate(day)
  return (month === 0 && date === 1) || (month === 4 && date <= 5) || (month === 9 && date <= 7)
}

export type DayKind = 'workday' | 'restday' | 'holiday'

export function dayKind(day: number): DayKind {
  if (isHoliday(day)) return 'holiday'
  const { weekday } = localDate(day)
  return weekday === 0 || weekday === 6 ? 'restday' : 'workday'
}

/** Busier summers (rain, heat, windows open), a calmer late autumn; 春节 comes on top (below). */
const SEASON = [0.97, 0.97, 1.02, 1.0, 1.03, 1.08, 1.14, 1.14, 1.05, 0.98, 1.0, 0.98]
/** Sunday first: offices and the hotline are busiest on Monday, quiet at weekends. */
const WEEKDAY = [0.66, 1.1, 1.08, 1.06, 1.05, 1.02, 0.76]

/**
 * Reports around 春节: fewer as workers travel home, very few from 除夕 to 初二, a slow return
 * until 元宵 (day 15).
 */
function festivalFactor(o: number): number {
  if (o < -10 || o > 14) return 1
  if (o <= -2) return 1 - 0.03 * (o + 11)
  if (o <= 2) return 0.35
  if (o <= 6) return 0.5
  return 0.6 + 0.045 * (o - 7)
}

/** How busy a day is for new reports, relative to an ordinary day (the mean over a year is ~1). */
export function reportFactor(day: number): number {
  const { month, weekday } = localDate(day)
  const o = festivalOffset(day)
  const festival = o === undefined ? 1 : festivalFactor(o)
  const holiday = isHoliday(day)
  // On a holiday the holiday decides, whatever the weekday.
  const week = holiday ? (o !== undefined && o >= -1 && o <= 6 ? 1 : 0.7) : WEEKDAY[weekday]!
  return SEASON[month]! * week * festival
}

/**
 * Categories with a season of their own: 涉水 (swimming, floods) peaks in July and August, 噪声
 * (open windows, square dancing, summer building sites) in summer.
 */
export const CATEGORY_SEASON: Readonly<Record<string, readonly number[]>> = {
  涉水安全: [0.3, 0.3, 0.5, 0.8, 1.2, 2.2, 3.2, 3.0, 1.6, 0.8, 0.4, 0.3],
  噪声扰民: [0.7, 0.6, 0.8, 0.9, 1.1, 1.5, 1.8, 1.7, 1.2, 1.0, 0.8, 0.7],
}

/** Wage arrears come to a head in the weeks before 春节 (讨薪): labour disputes double then. */
export function labourFactor(day: number): number {
  const o = festivalOffset(day)
  return o !== undefined && o >= -28 && o <= -2 ? 2 : 1
}
