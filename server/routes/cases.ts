import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { CaseListQuerySchema, CaseViewSchema } from '../../shared/api/cases'
import { ErrorBodySchema } from '../../shared/api/errors'
import { regionPath } from '../../shared/regions/tree'
import { caseView } from './views'

/** Case lists and details; reporters are masked in every answer. */
import { refuseRegion } from './regionAccess'

const cases: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/cases',
    {
      onRequest: app.requireViewer,
      schema: {
        tags: ['read'],
        summary: "A region's cases (its whole subtree), newest first",
        security: [{ bearer: [] }],
        querystring: CaseListQuerySchema,
        response: { 200: Type.Object({ items: Type.Array(CaseViewSchema) }), 403: ErrorBodySchema, 404: ErrorBodySchema },
      },
    },
    async (req, reply) => {
      const { region, stage, color, overdue, limit } = req.query
      const refused = refuseRegion(app, req, reply, region)
      if (refused) return refused
      const now = app.clock()
      const list = await app.store.listCases({ regionPath: regionPath(app.regions, region), stage, color, overdue, now, limit: limit ?? 50 })
      return { items: list.map((c) => caseView(c, app.regions, now)) }
    },
  )

  app.get(
    '/api/v1/cases/:id',
    {
      onRequest: app.requireViewer,
      schema: {
        tags: ['read'],
        summary: 'One case',
        security: [{ bearer: [] }],
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 128 }) }),
        response: { 200: CaseViewSchema, 404: ErrorBodySchema },
      },
    },
    async (req, reply) => {
      const c = await app.store.getCase(req.params.id)
      // Out-of-scope cases answer like unknown ones, so ids outside the scope are not confirmed.
      if (!c || !app.auth.canSee(req.principal!, c.regionCode)) return reply.code(404).send({ error: `unknown case ${req.params.id}` })
      return caseView(c, app.regions, app.clock())
    },
  )
}
export default cases
