import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { CaseDetailSchema, CaseListQuerySchema, CaseListSchema } from '../../shared/api/cases'
import { ErrorBodySchema } from '../../shared/api/errors'
import type { CaseEvent } from '../../shared/events/schema'
import { ReporterSchema } from '../../shared/events/schema'
import { toShanghaiIso } from '../../shared/time/shanghai'
import { revealPersonalData, REVEAL_LIMIT_TEXT } from '../auth/reveal'
import { eventDetail, eventNote } from '../domain/cases/eventDetail'
import { CursorError } from '../store/cursor'
import { caseSelection } from './caseFilter'
import { refuseRegion } from './regionAccess'
import { caseView } from './views'

const UNMASKED = 'case.reporter.unmasked'
const CaseId = Type.Object({ id: Type.String({ minLength: 1, maxLength: 128 }) })

/** Case lists and details; reporters are masked in every answer but the logged unmasking call. */
const cases: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/cases',
    {
      onRequest: app.authorize('read'),
      schema: {
        tags: ['read'],
        summary: "A region's cases (its whole subtree), newest or most urgent first, paged by cursor",
        security: [{ bearer: [] }],
        querystring: CaseListQuerySchema,
        response: { 200: CaseListSchema, 400: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema },
      },
    },
    async (req, reply) => {
      const { limit = 50, sort = 'newest', cursor } = req.query
      const refused = refuseRegion(app, req, reply, req.query.region)
      if (refused) return refused
      const now = app.clock()
      const chosen = caseSelection(app, req.query, now)
      if ('refused' in chosen) return reply.code(400).send(chosen.refused)
      try {
        const page = await app.store.listCases({ ...chosen.selection, sort, now, limit, ...(cursor ? { cursor } : {}) })
        return { items: page.items.map((c) => caseView(c, app.regions, now)), nextCursor: page.nextCursor }
      } catch (err) {
        if (err instanceof CursorError) return reply.code(400).send({ error: err.message, details: [{ path: '/querystring/cursor', message: err.message }] })
        throw err
      }
    },
  )

  app.get(
    '/api/v1/cases/:id',
    {
      onRequest: app.authorize('read'),
      schema: {
        tags: ['read'],
        summary: 'One case with its timeline (every event of it, oldest first, with the desk account that acted and its note)',
        security: [{ bearer: [] }],
        params: CaseId,
        response: { 200: CaseDetailSchema, 404: ErrorBodySchema },
      },
    },
    async (req, reply) => {
      const c = await app.store.getCase(req.params.id)
      // Out-of-scope cases answer like unknown ones, so ids outside the scope are not confirmed.
      if (!c || !app.auth.canSee(req.principal!, c.regionCode)) return reply.code(404).send({ error: `unknown case ${req.params.id}` })
      const events = await app.store.eventsOf(c.id)
      const timeline = events.map((e) => ({
        seq: e.seq,
        at: toShanghaiIso(e.at),
        type: e.type,
        detail: eventDetail(e.event as CaseEvent),
        actor: e.origin.actor,
        note: eventNote(e.event as CaseEvent),
      }))
      return { case: caseView(c, app.regions, app.clock()), timeline }
    },
  )

  app.post(
    '/api/v1/cases/:id/reporter',
    {
      onRequest: app.authorize('personalData'),
      schema: {
        tags: ['read'],
        summary: "The reporter's name and phone unmasked; needs the personal-data permission and is logged (who, when)",
        description: `A person logged in whose account may see personal data; ${REVEAL_LIMIT_TEXT} (then 429).`,
        security: [{ bearer: [] }],
        params: CaseId,
        response: {
          200: Type.Object({ reporter: Type.Union([ReporterSchema, Type.Null()]) }),
          401: ErrorBodySchema,
          403: ErrorBodySchema,
          404: ErrorBodySchema,
          429: ErrorBodySchema,
        },
      },
    },
    async (req, reply) => {
      const p = req.principal!
      const c = await app.store.getCase(req.params.id)
      if (!c || !app.auth.canSee(p, c.regionCode)) return reply.code(404).send({ error: `unknown case ${req.params.id}` })
      const refused = await revealPersonalData(app, req, reply, { action: UNMASKED, target: `case:${c.id}`, region: c.regionCode })
      if (refused) return refused
      return { reporter: c.reporter }
    },
  )
}
export default cases
