import type { CaseActionBody } from '../../../shared/api/cases'
import type { CaseEvent } from '../../../shared/events/schema'
import type { RegionTree } from '../../../shared/regions/tree'
import { toShanghaiIso } from '../../../shared/time/shanghai'
import { handlingRegionOf, type CaseState } from './caseState'

export type ActionEvent = Extract<CaseEvent, { type: 'case.urged' | 'case.supervised' | 'case.escalated' | 'case.transferred' | 'case.returned' }>
export type ActionPlan = { ok: true; event: ActionEvent } | { ok: false; field: string; message: string }

/**
 * A command desk action (催办, 督办, 提级, 转派, 退回) as the case event it becomes. Pure: the event
 * then goes through the ingest path like any integrator's, whose reducer decides whether it makes
 * sense in the case's state (a closed case is not urged) against the state under the log's lock.
 * Here only what the body alone (or the tree) decides: a missing colour or unit, the level above.
 */
export function actionEvent(body: CaseActionBody, c: CaseState, tree: RegionTree, id: string, at: number): ActionPlan {
  const base = { id, at: toShanghaiIso(at), caseId: c.id, ...(body.note?.trim() ? { note: body.note.trim() } : {}) }
  switch (body.action) {
    case 'urge':
      return { ok: true, event: { ...base, type: 'case.urged' } }
    case 'supervise':
      if (!body.color) return { ok: false, field: 'color', message: 'supervise (督办) needs a color: red, yellow or green' }
      return { ok: true, event: { ...base, type: 'case.supervised', color: body.color } }
    case 'escalate': {
      const from = handlingRegionOf(c)
      const above = tree.get(from)?.parent ?? null
      if (above === null) return { ok: false, field: 'action', message: `case ${c.id} is already handled at the top level (${from}); there is no level above` }
      return { ok: true, event: { ...base, type: 'case.escalated', toRegion: above } }
    }
    case 'transfer':
      if (!body.to?.trim()) return { ok: false, field: 'to', message: 'transfer (转派) needs `to`: the handling unit the case goes to' }
      return { ok: true, event: { ...base, type: 'case.transferred', unit: body.to.trim() } }
    case 'return':
      return { ok: true, event: { ...base, type: 'case.returned' } }
  }
}
