import type { FastifyInstance } from 'fastify'
import type { CaseFilter } from '../../shared/api/cases'
import type { ErrorBody } from '../../shared/api/errors'
import { regionPath } from '../../shared/regions/tree'
import type { CaseSelection } from '../store/types'

/**
 * A case filter of the query string as the store's selection, or the 400 body saying what is wrong
 * with it. The case list and its export both come through here, so they select the same cases.
 */
export function caseSelection(app: FastifyInstance, f: CaseFilter, now: number): { selection: CaseSelection } | { refused: ErrorBody } {
  const reportedFrom = f.from === undefined ? undefined : Date.parse(f.from)
  const reportedTo = f.to === undefined ? undefined : Date.parse(f.to)
  if (reportedFrom !== undefined && reportedTo !== undefined && reportedFrom >= reportedTo)
    return { refused: { error: '`from` must be before `to`', details: [{ path: '/querystring/from', message: 'must be before to' }] } }
  return {
    selection: {
      regionPath: regionPath(app.regions, f.region),
      ...(f.stage ? { stage: f.stage } : {}),
      ...(f.color ? { color: f.color } : {}),
      ...(f.overdue !== undefined ? { overdue: f.overdue } : {}),
      ...(f.q ? { q: f.q } : {}),
      ...(reportedFrom !== undefined ? { reportedFrom } : {}),
      ...(reportedTo !== undefined ? { reportedTo } : {}),
      now,
    },
  }
}
