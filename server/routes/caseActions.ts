import { randomUUID } from 'node:crypto'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { CASE_ACTION_LABELS, CaseActionBodySchema, CaseActionResultSchema } from '../../shared/api/cases'
import { ErrorBodySchema } from '../../shared/api/errors'
import { toShanghaiIso } from '../../shared/time/shanghai'
import { actionEvent } from '../domain/cases/actions'
import { caseView } from './views'

/**
 * POST /api/v1/cases/:id/actions: the command desk's 催办, 督办, 提级, 转派 and 退回. Each is one event
 * of the log through the same ingest path as an integrator's (so figures, pushes, replay and the
 * case's timeline see it), with the acting account as the batch's origin, then audited.
 */
const caseActions: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/v1/cases/:id/actions',
    {
      onRequest: app.authorize('case.act'),
      schema: {
        tags: ['duty'],
        summary: 'A command desk action on a case: urge 催办, supervise 督办, escalate 提级, transfer 转派, return 退回',
        description:
          'Needs `case.act` (a dispatcher or administrator logged in, never a display token) in the case’s region; a case outside ' +
          'the caller’s scope answers 404. The action becomes one event of the log: `case.urged`, `case.supervised` (with `color`), ' +
          '`case.escalated` (handling moves to the region directly above the one handling it now), `case.transferred` (to the ' +
          'handling unit `to`) or `case.returned` (the unit gives it back; the case returns to 审核交办 without a unit). The event ' +
          'names the acting account (its batch’s origin, shown as `actor` in the case timeline), moves the figures (an urge counts ' +
          'in urgedCases), is pushed live and audited as `case.<action>`. 400 for an action that makes no sense in the case’s state ' +
          '(urging, supervising, escalating, transferring or returning a resolved case; escalating above the top region; returning ' +
          'a case with no unit; transferring to the unit that has it); nothing is written on any 4xx.',
        security: [{ bearer: [] }],
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 128 }) }),
        body: CaseActionBodySchema,
        response: { 200: CaseActionResultSchema, 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema },
      },
    },
    async (req, reply) => {
      const p = req.principal!
      const c = await app.store.getCase(req.params.id)
      // Out of scope answers like unknown, so ids outside the scope are not confirmed.
      if (!c || !app.auth.canSee(p, c.regionCode)) return reply.code(404).send({ error: `unknown case ${req.params.id}` })
      const refused = app.auth.permissions.refusal(p, 'case.act', c.regionCode)
      if (refused) return reply.code(403).send({ error: refused })

      const actor = p.account.username
      const planned = actionEvent(req.body, c, app.regions, `desk-${randomUUID()}`, app.clock())
      if (!planned.ok) return reply.code(400).send({ error: planned.message, details: [{ path: `/body/${planned.field}`, message: planned.message }] })
      const outcome = await app.ingest.submit([planned.event], { keyId: null, actor })
      if (!outcome.ok) {
        const details = outcome.details.map((d) => ({ path: d.path.replace(/^\/events\/\d+/, '/case'), message: d.message }))
        return reply.code(400).send({ error: `${CASE_ACTION_LABELS[req.body.action]}: ${details[0]?.message ?? 'refused'}; nothing was written`, details })
      }
      const committed = outcome.accepted[0]!
      const next = outcome.cases.get(c.id)?.next ?? c
      await app.audit.record({ actor, action: `case.${req.body.action}`, target: `case:${c.id}`, note: planned.event.note ?? null, region: c.regionCode })
      return {
        seq: committed.seq,
        event: { id: planned.event.id, type: planned.event.type, at: toShanghaiIso(committed.at) },
        case: caseView(next, app.regions, app.clock()),
      }
    },
  )
}
export default caseActions
