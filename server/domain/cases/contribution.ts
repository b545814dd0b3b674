import { C } from '../../../shared/summary/counters'
import { isClosed, isResolved, type CaseState } from './caseState'
import { isOverdue, supervisionColor } from './deadline'

/**
 * The counters one case adds to its region's day bucket, as a list of counter indices (an index
 * appears twice to add 2). A change of the case is "subtract old list, add new list".
 */
export function caseContribution(c: CaseState, now: number): number[] {
  const out: number[] = [C.total, C[`source.${c.source}`], C[`stage.${c.stage}`]]
  if (isClosed(c)) out.push(C.closed)
  if (isOverdue(c, now)) out.push(C.overdue)
  const color = supervisionColor(c, now)
  if (color) out.push(C[`color.${color}`])
  if (c.urgeCount > 0) {
    out.push(C.urged)
    for (let i = 0; i < c.urgeCount; i++) out.push(C.urgeCount)
  }
  if (c.backlogLevel) out.push(C[`backlog.${c.backlogLevel}.total`])
  if (isResolved(c)) {
    out.push(C.resolved)
    if (c.resolvedAt! <= c.dueAt) out.push(C.resolvedOnTime)
    if (c.tier) out.push(C[`tier.${c.tier}`])
    if (c.backlogLevel) out.push(C[`backlog.${c.backlogLevel}.resolved`])
  }
  if (isClosed(c)) {
    out.push(C.followedUp)
    if (c.satisfaction) out.push(C[`satisfaction.${c.satisfaction}`])
  }
  return out
}

export function sameContribution(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
