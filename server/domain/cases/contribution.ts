import { C } from '../../../shared/summary/counters'
import { LOCAL_TIERS } from '../../../shared/domain/vocabulary'
import { isClosed, isResolved, type CaseState } from './caseState'
import { isOverdue, supervisionColor } from './deadline'

/**
 * Counter indices by a field's value, looked up once here rather than by a name built per case:
 * the aggregator asks for a contribution twice per case change of every batch.
 */
const indexBy = (prefix: string, suffix = ''): ReadonlyMap<string, number> => {
  const m = new Map<string, number>()
  for (const [name, i] of Object.entries(C)) if (name.startsWith(prefix) && name.endsWith(suffix)) m.set(name.slice(prefix.length, name.length - suffix.length), i)
  return m
}
const SOURCE = indexBy('source.')
const STAGE = indexBy('stage.')
const COLOR = indexBy('color.')
const TIER = indexBy('tier.')
const SATISFACTION = indexBy('satisfaction.')
const BACKLOG_TOTAL = indexBy('backlog.', '.total')
const BACKLOG_RESOLVED = indexBy('backlog.', '.resolved')
/** The index of a value's counter: every value of the vocabulary has one (shared/summary/counters.ts). */
const at = (m: ReadonlyMap<string, number>, value: string): number => m.get(value)!

/**
 * The counters one case adds to its region's day bucket, as a list of counter indices (an index
 * appears twice to add 2). A change of the case is "subtract old list, add new list".
 *
 * A case counts in exactly one of: its stage receive…review while unresolved, `stage.followup`
 * while resolved and awaiting follow-up, `closed` once followed up (API.md v1.1). `disputes` is the
 * set of dispute categories (矛盾纠纷) whose resolutions count towards 不出村 / 不出镇街.
 */
export function caseContribution(c: CaseState, now: number, disputes: ReadonlySet<string>): number[] {
  const out: number[] = [C.total, at(SOURCE, c.source)]
  if (isClosed(c)) out.push(C.closed)
  else if (isResolved(c)) out.push(C['stage.followup'])
  else out.push(at(STAGE, c.stage))
  if (isOverdue(c, now)) out.push(C.overdue)
  const color = supervisionColor(c, now)
  if (color) out.push(at(COLOR, color))
  if (c.urgeCount > 0) {
    out.push(C.urged)
    for (let i = 0; i < c.urgeCount; i++) out.push(C.urgeCount)
  }
  if (c.backlogLevel) out.push(at(BACKLOG_TOTAL, c.backlogLevel))
  if (isResolved(c)) {
    out.push(C.resolved)
    if (c.resolvedAt! <= c.dueAt) out.push(C.resolvedOnTime)
    if (c.tier) out.push(at(TIER, c.tier))
    if (c.backlogLevel) out.push(at(BACKLOG_RESOLVED, c.backlogLevel))
    if (disputes.has(c.category)) {
      out.push(C['dispute.resolved'])
      const inVillage = c.tier !== null && LOCAL_TIERS.includes(c.tier)
      if (inVillage) out.push(C['dispute.village'])
      if (inVillage || c.tier === 'town') out.push(C['dispute.town'])
    }
  }
  if (isClosed(c)) {
    out.push(C.followedUp)
    if (c.satisfaction) out.push(at(SATISFACTION, c.satisfaction))
  }
  return out
}

export function sameContribution(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
