import type { CaseReported } from '../../../shared/events/schema'
import type { CaseTheme } from './caseState'

/** The themed pages' fields of a report, kept on the case only when sent (old cases stay as they were). */
export function caseTheme(e: CaseReported): { theme?: CaseTheme } {
  const t: CaseTheme = {}
  if (e.visit) t.visit = e.visit
  if (e.overLevel !== undefined) t.overLevel = e.overLevel
  if (e.caseLeader) t.caseLeader = e.caseLeader
  if (e.clearBy) t.clearBy = Date.parse(e.clearBy)
  if (e.fraudType) t.fraudType = e.fraudType
  if (e.loss !== undefined) t.loss = e.loss
  return Object.keys(t).length ? { theme: t } : {}
}
