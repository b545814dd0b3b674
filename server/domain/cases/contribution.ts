import { C } from '../../../shared/summary/counters'
import { LOCAL_TIERS } from '../../../shared/domain/vocabulary'
import { isClosed, isResolved, type CaseState } from './caseState'
import { isOverdue, supervisionColor } from './deadline'

/**
 * The counters one case adds to its region's day bucket, as a list of counter indices (an index
 * appears twice to add 2). A change of the case is "subtract old list, add new list".
 *
 * A case counts in exactly one of: its stage receive…review while unresolved, `stage.followup`
 * while resolved and awaiting follow-up, `closed` once followed up (API.md v1.1). `disputes` is the
 * set of dispute categories (矛盾纠纷) whose resolutions count towards 不出村 / 不出镇街.
 */
export function caseContribution(c: CaseState, now: number, disputes: ReadonlySet<string>): number[] {
  const out: number[] = [C.total, C[`source.${c.source}`]]
  if (isClosed(c)) out.push(C.closed)
  else if (isResolved(c)) out.push(C['stage.followup'])
  else out.push(C[`stage.${c.stage}`])
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
    if (disputes.has(c.category)) {
      out.push(C['dispute.resolved'])
      const inVillage = c.tier !== null && LOCAL_TIERS.includes(c.tier)
      if (inVillage) out.push(C['dispute.village'])
      if (inVillage || c.tier === 'town') out.push(C['dispute.town'])
    }
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
