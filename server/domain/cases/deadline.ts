import type { CaseSize, SupervisionColor } from '../../../shared/domain/vocabulary'
import { DAY_MS, HOUR_MS } from '../../../shared/time/shanghai'
import { isResolved, type CaseState } from './caseState'

/** 小事不过夜、大事不满月. */
export const DEFAULT_TIME_LIMITS: Record<CaseSize, number> = { minor: 24 * HOUR_MS, major: 30 * DAY_MS }

/** A case turns yellow when less than this share of its allowed time is left. */
export const YELLOW_SHARE = 0.25

export function dueAt(size: CaseSize, clockFrom: number, limits = DEFAULT_TIME_LIMITS): number {
  return clockFrom + limits[size]
}

export function isOverdue(c: CaseState, now: number): boolean {
  return !isResolved(c) && now >= c.dueAt
}

function yellowAt(c: CaseState): number {
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
