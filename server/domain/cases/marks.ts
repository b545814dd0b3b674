import type { SupervisionColor } from '../../../shared/domain/vocabulary'
import { isResolved, type CaseState } from './caseState'
import { yellowAt } from './deadline'

/** Before every instant / after every instant: the marks of a standing that always or never holds. */
export const ALWAYS = -Number.MAX_SAFE_INTEGER
export const NEVER = Number.MAX_SAFE_INTEGER

/**
 * The instants from which a case stands overdue and in each colour of 三色督办, as the clock alone
 * moves it: at `now` the case is overdue when `overdueFrom <= now`, green in [greenFrom, yellowFrom),
 * yellow in [yellowFrom, redFrom), red from `redFrom` (greenFrom ≤ yellowFrom ≤ redFrom). A resolved
 * case has no colour and is never overdue (all NEVER).
 *
 * They are what a store keeps beside a case so that "red now", "overdue now" and "most urgent
 * first" are plain comparisons of stored integers with an instant the domain chooses: the rule
 * itself stays here, in one place, and agrees with `supervisionColor` and `isOverdue` by test.
 * A change to the rule (YELLOW_SHARE, the meaning of supervision) therefore ships with a store
 * migration that recomputes them.
 */
export interface CaseMarks {
  overdueFrom: number
  greenFrom: number
  yellowFrom: number
  redFrom: number
}
export type CaseMark = keyof CaseMarks

export function caseMarks(c: CaseState): CaseMarks {
  if (isResolved(c)) return { overdueFrom: NEVER, greenFrom: NEVER, yellowFrom: NEVER, redFrom: NEVER }
  const overdueFrom = c.dueAt
  const fixed = (color: SupervisionColor): CaseMarks =>
    color === 'red'
      ? { overdueFrom, greenFrom: ALWAYS, yellowFrom: ALWAYS, redFrom: ALWAYS }
      : color === 'yellow'
        ? { overdueFrom, greenFrom: ALWAYS, yellowFrom: ALWAYS, redFrom: NEVER }
        : { overdueFrom, greenFrom: ALWAYS, yellowFrom: NEVER, redFrom: NEVER }
  if (c.supervisedColor) return fixed(c.supervisedColor)
  // Instants are whole milliseconds: `now >= y` holds exactly when `now >= ceil(y)`.
  return { overdueFrom, greenFrom: ALWAYS, yellowFrom: Math.min(Math.ceil(yellowAt(c)), c.dueAt), redFrom: c.dueAt }
}

/** One comparison of a stored mark with an instant: `mark <= at` (atOrBefore) or `mark > at` (after). */
export interface MarkBound {
  mark: CaseMark
  op: 'atOrBefore' | 'after'
  at: number
}

/** The case list's colour and overdue filters at `now`, as comparisons of stored marks. */
export function caseFilterBounds(f: { color?: SupervisionColor; overdue?: boolean }, now: number): MarkBound[] {
  const out: MarkBound[] = []
  const b = (mark: CaseMark, op: MarkBound['op']) => out.push({ mark, op, at: now })
  if (f.color === 'red') b('redFrom', 'atOrBefore')
  if (f.color === 'yellow') {
    b('yellowFrom', 'atOrBefore')
    b('redFrom', 'after')
  }
  if (f.color === 'green') {
    b('greenFrom', 'atOrBefore')
    b('yellowFrom', 'after')
  }
  if (f.overdue !== undefined) b('overdueFrom', f.overdue ? 'atOrBefore' : 'after')
  return out
}

/** Whether a case's marks pass the bounds (what a store's WHERE clause computes). */
export const passes = (m: CaseMarks, bounds: readonly MarkBound[]) =>
  bounds.every(({ mark, op, at }) => (op === 'atOrBefore' ? m[mark] <= at : m[mark] > at))

/** "Most urgent first": unresolved cases by due time, then resolved ones; the store sorts by this mark. */
export const URGENCY_MARK: CaseMark = 'overdueFrom'
