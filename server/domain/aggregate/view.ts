import type { ErrorDetail } from '../../../shared/api/errors'
import { DEFAULT_RANK_BY, DEFAULT_RANK_ORDER, type RankOrder } from '../../../shared/summary/detail'
import { isSummaryFigure } from '../../../shared/summary/paths'
import { isoDate } from '../../../shared/time/calendar'
import {
  calendarYear,
  COMPARE_KINDS,
  rangeOverlapping,
  resolvePreset,
  type AssessmentConfig,
  type CompareKind,
  type DayRange,
  type PeriodPreset,
  type ResolvedPeriod,
} from '../../../shared/time/periods'
import { shanghaiDayStart } from '../../../shared/time/shanghai'

/** The period of a view: a preset re-resolved at every push, fixed days, or the default (the calendar year). */
export type PeriodSpec = { preset: PeriodPreset } | { range: DayRange } | null

/** What a screen watches: one region through one period, comparisons and ranking. */
export interface ViewSpec {
  region: string
  period: PeriodSpec
  /** In COMPARE_KINDS order, without repeats. */
  compare: CompareKind[]
  rankBy: string
  order: RankOrder
  /** Rank the grandchildren too when the region has fewer children than this (absent: never). */
  grandchildrenBelow?: number | undefined
}

/** A view as asked for, from a query string or a subscribe message. */
export interface ViewRequest {
  region: string
  from?: string | undefined
  to?: string | undefined
  period?: PeriodPreset | { from: string; to: string } | undefined
  compare?: readonly CompareKind[] | undefined
  rankBy?: string | undefined
  order?: RankOrder | undefined
  grandchildrenBelow?: number | undefined
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string; details: ErrorDetail[] }

const refuse = (path: string, message: string): Parsed<never> => ({ ok: false, error: `invalid request: ${message}`, details: [{ path, message }] })

/** Whole days overlapping [from, to); a missing bound is that of the calendar year of `today`. */
function daysOf(from: string | undefined, to: string | undefined, path: string, today: number): Parsed<DayRange> {
  const year = calendarYear(today)
  const fromMs = from === undefined ? shanghaiDayStart(year.start) : Date.parse(from)
  const toMs = to === undefined ? shanghaiDayStart(year.end) : Date.parse(to)
  if (Number.isNaN(fromMs)) return refuse(`${path}/from`, 'is not an ISO-8601 date-time')
  if (Number.isNaN(toMs)) return refuse(`${path}/to`, 'is not an ISO-8601 date-time')
  if (fromMs >= toMs) return refuse(`${path}/from`, 'must be before `to`')
  return { ok: true, value: rangeOverlapping(fromMs, toMs) }
}

/**
 * Check a view request and put it in its canonical form (custom periods as whole days, kinds in a
 * fixed order), so that two screens asking for the same thing share one view. `where` prefixes
 * the error paths (`/querystring` for REST).
 */
export function parseView(req: ViewRequest, today: number, where = ''): Parsed<ViewSpec> {
  let period: PeriodSpec = null
  if (req.period !== undefined && (req.from !== undefined || req.to !== undefined))
    return refuse(`${where}/period`, 'give either `period` or `from`/`to`, not both')
  if (typeof req.period === 'string') period = { preset: req.period }
  else if (req.period || req.from !== undefined || req.to !== undefined) {
    const days = req.period ? daysOf(req.period.from, req.period.to, `${where}/period`, today) : daysOf(req.from, req.to, where, today)
    if (!days.ok) return days
    period = { range: days.value }
  }
  const rankBy = req.rankBy ?? DEFAULT_RANK_BY
  if (!isSummaryFigure(rankBy))
    return refuse(`${where}/rankBy`, `unknown figure "${rankBy}": rankBy takes the path of a numeric figure of the summary, e.g. cases.total, cases.onTimeRate, cases.overdue`)
  const compare = COMPARE_KINDS.filter((k) => req.compare?.includes(k))
  const view: ViewSpec = { region: req.region, period, compare, rankBy, order: req.order ?? DEFAULT_RANK_ORDER }
  if (req.grandchildrenBelow !== undefined) view.grandchildrenBelow = req.grandchildrenBelow
  return { ok: true, value: view }
}

/** The view's period on Shanghai day `today`: presets move with the day, fixed days do not. */
export function resolvePeriod(period: PeriodSpec, today: number, assessment: AssessmentConfig | null): ResolvedPeriod {
  if (period === null) return { range: calendarYear(today), kind: 'year', label: '本年' }
  if ('preset' in period) return resolvePreset(period.preset, today, assessment)
  return { range: period.range, kind: null, label: `${isoDate(period.range.start)} 至 ${isoDate(period.range.end - 1)}` }
}

/** The name of a view, the same for every screen asking for the same thing (also its room's name). */
export function viewKey(v: ViewSpec): string {
  const period = v.period === null ? 'default' : 'preset' in v.period ? v.period.preset : `${isoDate(v.period.range.start)}/${isoDate(v.period.range.end)}`
  const key = [v.region, period, v.compare.join(',') || '-', v.rankBy, v.order]
  if (v.grandchildrenBelow !== undefined) key.push(`gc<${v.grandchildrenBelow}`)
  return key.join('|')
}
