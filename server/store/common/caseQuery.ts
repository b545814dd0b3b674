import { caseFilterBounds } from '../../domain/cases/marks'
import type { CaseQuery, CaseSelection } from '../types'
import { MARK_COLUMN, SORT_COLUMN } from './columns'
import { CASE_SORT, containsPattern, decodeCursor } from './paging'
import { subtreeRange } from './subtree'

/** Adds a parameter and answers its placeholder (`?` in SQLite, `$n` in PostgreSQL). */
export type Param = (value: unknown) => string

/**
 * The WHERE of a case selection, the same portable SQL in every store and shared by the list and
 * its count so both see the same cases. Colour and overdue come as the domain's comparisons of
 * stored marks at the selection's instant (caseFilterBounds): no rule is written here.
 */
export function caseWhere(q: CaseSelection, $: Param): string[] {
  const { lo, hi } = subtreeRange(q.regionPath)
  const where = [`region_path >= ${$(lo)} AND region_path < ${$(hi)}`]
  if (q.stage) where.push(`stage = ${$(q.stage)}`)
  for (const b of caseFilterBounds(q, q.now)) where.push(`${MARK_COLUMN[b.mark]} ${b.op === 'atOrBefore' ? '<=' : '>'} ${$(b.at)}`)
  if (q.q) where.push(`(id = ${$(q.q)} OR title LIKE ${$(containsPattern(q.q))} ESCAPE '\\' OR category = ${$(q.q)})`)
  if (q.reportedFrom !== undefined) where.push(`reported_at >= ${$(q.reportedFrom)}`)
  if (q.reportedTo !== undefined) where.push(`reported_at < ${$(q.reportedTo)}`)
  return where
}

/** One page of a case list: its SQL (columns state, k, id) with keyset paging after the cursor. */
export function caseListSql(q: CaseQuery, $: Param): string {
  const where = caseWhere(q, $)
  const sort = CASE_SORT[q.sort]
  const k = SORT_COLUMN[sort.key]
  const after = decodeCursor(q.cursor)
  if (after) where.push(`(${k}, id) ${sort.descending ? '<' : '>'} (${$(after[0])}, ${$(after[1])})`)
  const dir = sort.descending ? 'DESC' : 'ASC'
  return `SELECT state, ${k} AS k, id FROM cases WHERE ${where.join(' AND ')} ORDER BY ${k} ${dir}, id ${dir} LIMIT ${$(q.limit + 1)}`
}
