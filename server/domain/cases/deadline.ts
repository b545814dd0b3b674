import type { CaseSize, CaseSource, SupervisionColor } from '../../../shared/domain/vocabulary'
import { HOUR_MS } from '../../../shared/time/shanghai'
import { isResolved, type CaseState } from './caseState'

/** Hours allowed per case size; any size left out falls back to the next rule. */
export type SizeLimits = Partial<Record<CaseSize, number>>

/**
 * Time limits in hours: a category's rule wins over a source's, which wins over the default
 * (小事不过夜: 24 h, 大事不满月: 30 days). Set with YIPING_TIME_LIMITS (JSON). A case keeps the due
 * time it got when reported (or reopened): changing the rules does not move existing deadlines.
 */
export interface TimeLimitRules {
  default: Record<CaseSize, number>
  bySource?: Partial<Record<CaseSource, SizeLimits>>
  byCategory?: Record<string, SizeLimits>
}

export const DEFAULT_TIME_LIMITS: TimeLimitRules = { default: { minor: 24, major: 30 * 24 } }

export function allowedMs(rules: TimeLimitRules, source: CaseSource, category: string, size: CaseSize): number {
  const hours = rules.byCategory?.[category]?.[size] ?? rules.bySource?.[source]?.[size] ?? rules.default[size]
  return hours * HOUR_MS
}

/** A case turns yellow when less than this share of its allowed time is left. */
export const YELLOW_SHARE = 0.25

export function dueAt(c: Pick<CaseState, 'source' | 'category' | 'size'>, clockFrom: number, rules = DEFAULT_TIME_LIMITS): number {
  return clockFrom + allowedMs(rules, c.source, c.category, c.size)
}

export function isOverdue(c: CaseState, now: number): boolean {
  return !isResolved(c) && now >= c.dueAt
}

/** When an unsupervised case turns yellow (fractional ms; see marks.ts for the stored mark). */
export function yellowAt(c: Pick<CaseState, 'dueAt' | 'clockFrom'>): number {
  return c.dueAt - (c.dueAt - c.clockFrom) * YELLOW_SHARE
}

/** 三色督办: only unresolved cases are under supervision; a manual colour wins until resolution. */
export function supervisionColor(c: CaseState, now: number): SupervisionColor | null {
  if (isResolved(c)) return null
  if (c.supervisedColor) return c.supervisedColor
  if (now >= c.dueAt) return 'red'
  if (now >= yellowAt(c)) return 'yellow'
  return 'green'
}

/** The next instant after `now` at which the case's colour or overdue flag changes by the clock alone. */
export function nextClockChange(c: CaseState, now: number): number | null {
  if (isResolved(c)) return null
  const y = yellowAt(c)
  if (!c.supervisedColor && now < y) return y
  if (now < c.dueAt) return c.dueAt
  return null
}
