import { dayOf, civil, mondayOf, monthStart, quarterStart, sameDateLastYear, yearStart } from './calendar'
import { shanghaiDay, shanghaiDayStart, toShanghaiIso } from './shanghai'

/** Whole Shanghai days [start, end), as day numbers (see shanghai.ts). */
export interface DayRange {
  start: number
  end: number
}

/** The calendar periods a leader speaks of; weeks start on Monday. */
export const CALENDAR_KINDS = ['day', 'week', 'month', 'quarter', 'year'] as const
export type CalendarKind = (typeof CALENDAR_KINDS)[number]

/** 环比 (`previous`), 同比 (`lastYear`) and 环比 to the same point (`previousToDate`). */
export const COMPARE_KINDS = ['previous', 'lastYear', 'previousToDate'] as const
export type CompareKind = (typeof COMPARE_KINDS)[number]

/** Periods named relative to today, resolved by the server clock ("to date": up to tomorrow 00:00). */
export const PERIOD_PRESETS = ['today', 'week', 'month', 'quarter', 'year', 'assessment'] as const
export type PeriodPreset = (typeof PERIOD_PRESETS)[number]
export const PERIOD_PRESET_LABELS: Record<PeriodPreset, string> = {
  today: '今日',
  week: '本周',
  month: '本月',
  quarter: '本季',
  year: '本年',
  assessment: '考核期',
}

/** A period as the API writes it: instants in +08:00 at whole Shanghai days, [from, to). */
export interface Period {
  from: string
  to: string
}

export function kindStart(kind: CalendarKind, day: number): number {
  switch (kind) {
    case 'day':
      return day
    case 'week':
      return mondayOf(day)
    case 'month':
      return monthStart(day)
    case 'quarter':
      return quarterStart(day)
    case 'year':
      return yearStart(day)
  }
}

/** The start of the period of `kind` after the one starting at `start`. */
function kindNext(kind: CalendarKind, start: number): number {
  const c = civil(start)
  switch (kind) {
    case 'day':
      return start + 1
    case 'week':
      return start + 7
    case 'month':
      return dayOf(c.year, c.month + 1)
    case 'quarter':
      return dayOf(c.year, c.month + 3)
    case 'year':
      return dayOf(c.year + 1, 0)
  }
}

/** The start of the period of `kind` before the one starting at `start`. */
function kindPrevious(kind: CalendarKind, start: number): number {
  return kindStart(kind, start - 1)
}

/** Whether the range begins where a period of `kind` begins and ends within it. */
function fitsIn(kind: CalendarKind, r: DayRange): boolean {
  return kindStart(kind, r.start) === r.start && r.end <= kindNext(kind, r.start)
}

/** The kind the range is exactly one whole period of, or null (lengths never overlap: 1, 7, 28–31, 90–92, 365–366). */
export function exactKind(r: DayRange): CalendarKind | null {
  for (const kind of CALENDAR_KINDS) if (kindStart(kind, r.start) === r.start && kindNext(kind, r.start) === r.end) return kind
  return null
}

/** 环比 as API.md defines it: the period of the same kind before, else as many days just before. */
export function previousPeriod(r: DayRange): DayRange {
  const kind = exactKind(r)
  if (kind) return { start: kindPrevious(kind, r.start), end: r.start }
  return { start: r.start - (r.end - r.start), end: r.start }
}

/** 同比: the same calendar dates a year earlier, first and last day mapped (29 Feb → 28 Feb). */
export function lastYearPeriod(r: DayRange): DayRange {
  return { start: sameDateLastYear(r.start), end: sameDateLastYear(r.end - 1) + 1 }
}

/**
 * 环比 to the same point: for a range that starts a calendar period and ends within it (Dec 1–4),
 * the first as many days of the period of that kind before it (Nov 1–4), capped at its length. The
 * kind is `intent` when the caller knows it (a preset: 本周, 本月 …) and the range fits it, else the
 * largest kind the range starts and fits in. A whole period, or a range that starts none, compares
 * with `previous`.
 */
export function previousToDatePeriod(r: DayRange, intent?: CalendarKind | null): DayRange {
  if (exactKind(r)) return previousPeriod(r)
  const kind = intent && fitsIn(intent, r) ? intent : [...CALENDAR_KINDS].reverse().find((k) => fitsIn(k, r))
  if (!kind) return previousPeriod(r)
  const start = kindPrevious(kind, r.start)
  return { start, end: start + Math.min(r.end - r.start, r.start - start) }
}

export function comparePeriod(kind: CompareKind, r: DayRange, intent?: CalendarKind | null): DayRange {
  if (kind === 'previous') return previousPeriod(r)
  if (kind === 'lastYear') return lastYearPeriod(r)
  return previousToDatePeriod(r, intent)
}

/** A range as the API writes it. */
export function periodOf(r: DayRange): Period {
  return { from: toShanghaiIso(shanghaiDayStart(r.start)), to: toShanghaiIso(shanghaiDayStart(r.end)) }
}

/** The whole Shanghai days overlapping the instants [from, to). */
export function rangeOverlapping(fromMs: number, toMs: number): DayRange {
  return { start: shanghaiDay(fromMs), end: shanghaiDay(toMs - 1) + 1 }
}

/** The calendar year containing `today` (the default period of a summary). */
export function calendarYear(today: number): DayRange {
  const start = yearStart(today)
  return { start, end: kindNext('year', start) }
}

/** A period resolved to days, with the calendar kind it was named by (for previousToDate), if any. */
export interface ResolvedPeriod {
  range: DayRange
  kind: CalendarKind | null
  label: string
}

export interface AssessmentConfig {
  label: string
  range: DayRange
}

const PRESET_KINDS: Record<Exclude<PeriodPreset, 'assessment'>, CalendarKind> = {
  today: 'day',
  week: 'week',
  month: 'month',
  quarter: 'quarter',
  year: 'year',
}

/**
 * A preset resolved on Shanghai day `today`: from the start of the day, week (Monday), month,
 * quarter or year up to tomorrow 00:00. The 考核期 is the configured one, cut at tomorrow while it
 * runs; without one, the year to date.
 */
export function resolvePreset(preset: PeriodPreset, today: number, assessment: AssessmentConfig | null = null): ResolvedPeriod {
  if (preset === 'assessment') {
    if (!assessment) return { ...resolvePreset('year', today), label: `${PERIOD_PRESET_LABELS.assessment}（本年）` }
    const { start, end } = assessment.range
    const running = start <= today && today < end
    return { range: { start, end: running ? today + 1 : end }, kind: null, label: assessment.label }
  }
  const kind = PRESET_KINDS[preset]
  return { range: { start: kindStart(kind, today), end: today + 1 }, kind, label: PERIOD_PRESET_LABELS[preset] }
}
