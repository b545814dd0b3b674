import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { RiskViewSchema } from '../../shared/api/cases'
import { ErrorBodySchema } from '../../shared/api/errors'
import { regionPath } from '../../shared/regions/tree'
import { riskView } from './views'

/** GET /api/v1/risks: the risk points inside a region's subtree with their status. */
import { refuseRegion } from './regionAccess'

const risks: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/risks',
    {
      onRequest: app.authorize('read'),
      schema: {
        tags: ['read'],
        summary: 'Risk points in a region (its whole subtree)',
        security: [{ bearer: [] }],
        querystring: Type.Object({ region: Type.String({ minLength: 1 }) }),
        response: { 200: Type.Object({ items: Type.Array(RiskViewSchema) }), 403: ErrorBodySchema, 404: ErrorBodySchema },
      },
    },
    async (req, reply) => {
      const { region } = req.query
      const refused = refuseRegion(app, req, reply, region)
      if (refused) return refused
      const list = await app.store.listRisks(regionPath(app.regions, region))
      return { items: list.map((r) => riskView(r, app.regions)) }
    },
  )
}
export default risks
