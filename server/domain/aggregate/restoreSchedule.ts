import { SUPERVISION_COLORS } from '../../../shared/domain/vocabulary'
import { C } from '../../../shared/summary/counters'
import type { CaseState } from '../cases/caseState'
import { isOverdue, nextClockChange, supervisionColor } from '../cases/deadline'

/** The counters of a case's contribution that the clock alone moves (cases/contribution.ts: overdue and the colour). */
const CLOCK_COUNTERS: ReadonlySet<number> = new Set([C.overdue, ...SUPERVISION_COLORS.map((c) => C[`color.${c}`])])

/**
 * Whether `applied` (what an unresolved case counted) holds exactly the clock-driven counters the
 * case has at instant `t`. The rest of a contribution depends on the state alone, and `applied`
 * was computed from this very state (Aggregator keeps the two together).
 */
function countedAsAt(c: CaseState, applied: readonly number[], t: number): boolean {
  let clock = 0
  for (const i of applied) if (CLOCK_COUNTERS.has(i)) clock++
  const overdue = isOverdue(c, t)
  const color = supervisionColor(c, t)
  if (clock !== (overdue ? 1 : 0) + (color ? 1 : 0)) return false
  if (overdue && !applied.includes(C.overdue)) return false
  return color === null || applied.includes(C[`color.${color}`])
}

/**
 * When the deadline heap must next look at an unresolved case taken back from a dump evaluated at
 * `evaluatedAt`: at its next clock change after that instant when what it counted is what it
 * counts there (every stored snapshot: it is dumped right after a tick at its instant), so a first
 * tick re-evaluates only the cases whose colour or overdue flag changed since; at `evaluatedAt`
 * itself (the first tick counts it again, as it counts every case due by then) when the dump
 * disagrees with the clock. Null: the clock never changes it again.
 */
export function nextLookAfterRestore(c: CaseState, applied: readonly number[], evaluatedAt: number): number | null {
  return countedAsAt(c, applied, evaluatedAt) ? nextClockChange(c, evaluatedAt) : evaluatedAt
}
