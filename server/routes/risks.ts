import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { RiskViewSchema } from '../../shared/api/cases'
import { ErrorBodySchema } from '../../shared/api/errors'
import { regionPath } from '../../shared/regions/tree'
import { parseAsOf } from '../domain/replay/asOf'
import { risksAt } from '../domain/risks/risksAt'
import { refuseRegion } from './regionAccess'
import { riskView } from './views'

/** GET /api/v1/risks: the risk points inside a region's subtree with their status, now or as of an instant. */
const risks: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/risks',
    {
      onRequest: app.authorize('read'),
      schema: {
        tags: ['read'],
        summary: 'Risk points in a region (its whole subtree); with asOf, as they stood at that instant',
        description:
          "Every risk point of the region's subtree with its status now, by id. `asOf=<instant>` (not in the future) answers the " +
          "points registered by then with their status, note and time of change as they stood then, by the server's commit times " +
          '(each point\'s events in the log up to that instant, through the same reducer as ingest): a read live at T and the same ' +
          'read later with asOf=T are equal. 400 for an unreadable or future instant; scoped like every read.',
        security: [{ bearer: [] }],
        querystring: Type.Object({
          region: Type.String({ minLength: 1 }),
          asOf: Type.Optional(Type.String({ description: 'an instant (ISO-8601) not in the future: the points as they stood then (replay)' })),
        }),
        response: { 200: Type.Object({ items: Type.Array(RiskViewSchema) }), 400: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema },
      },
    },
    async (req, reply) => {
      const { region } = req.query
      const refused = refuseRegion(app, req, reply, region)
      if (refused) return refused
      const asOf = parseAsOf(req.query.asOf, app.clock())
      if (asOf && !asOf.ok) return reply.code(400).send({ error: asOf.error, details: asOf.details })
      const path = regionPath(app.regions, region)
      const list = asOf ? await risksAt(app.store, path, await app.store.seqAt(asOf.value)) : await app.store.listRisks(path)
      return { items: list.map((r) => riskView(r, app.regions)) }
    },
  )
}
export default risks
