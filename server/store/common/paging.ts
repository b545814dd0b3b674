import { CursorError } from '../cursor'
import { URGENCY_MARK } from '../../domain/cases/marks'

/**
 * Keyset paging of the case list, the same in every store: the sort key of the last row seen,
 * compared as a row value `(k, id)`. `newest` sorts by report time, latest first; `urgent` by the
 * domain's urgency mark (unresolved by due time, then resolved), earliest first.
 */
export const CASE_SORT = {
  newest: { key: 'reportedAt', descending: true },
  urgent: { key: URGENCY_MARK, descending: false },
} as const

export type CaseCursor = [number, string]

export const encodeCursor = (k: number, id: string) => Buffer.from(JSON.stringify([k, id])).toString('base64url')

export function decodeCursor(cursor: string | undefined): CaseCursor | null {
  if (!cursor) return null
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as unknown
    if (Array.isArray(v) && v.length === 2 && Number.isSafeInteger(v[0]) && typeof v[1] === 'string') return v as CaseCursor
  } catch {
    // fall through: an unreadable cursor is refused below
  }
  throw new CursorError()
}

/** LIKE pattern matching `q` anywhere, with `\` as the escape character. */
export const containsPattern = (q: string) => `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`
