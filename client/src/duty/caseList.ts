import type { CaseView } from '../../../shared/api/cases'

/**
 * Red and overdue cases in one list, each once, most urgent first: the earliest due time leads,
 * so the longest overdue come first and red cases still inside their time follow.
 */
export function urgentCases(red: readonly CaseView[], overdue: readonly CaseView[]): CaseView[] {
  const byId = new Map<string, CaseView>()
  for (const c of [...overdue, ...red]) if (!c.resolvedAt) byId.set(c.id, c)
  return [...byId.values()].sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt) || a.id.localeCompare(b.id))
}

/**
 * 临期: yellow cases not yet resolved nor past due, least time left first (ties by id). A case
 * past its due time is red already and belongs to the other list.
 */
export function dueSoonCases(yellow: readonly CaseView[], now: number): CaseView[] {
  return yellow
    .filter((c) => !c.resolvedAt && !c.overdue && Date.parse(c.dueAt) > now)
    .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt) || a.id.localeCompare(b.id))
}
