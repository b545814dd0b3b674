import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorBodySchema } from '../../shared/api/errors'
import { SummaryQuerySchema, SummarySchema } from '../../shared/summary/schema'

/** GET /api/v1/summary: a region's figures from the in-memory aggregates (no scan of cases). */
const summary: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/summary',
    {
      onRequest: app.requireViewer,
      schema: {
        tags: ['read'],
        summary: "A region's figures, including every region below it",
        description:
          'Cases counted are those reported in [from, to), default the current calendar year in Asia/Shanghai, ' +
          'resolved to whole Shanghai days (every day overlapping the range counts; `period` says which). ' +
          'Stage, open, overdue and colour counts are as of now.',
        security: [{ bearer: [] }],
        querystring: SummaryQuerySchema,
        response: { 200: SummarySchema, 400: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema },
      },
    },
    async (req, reply) => {
      const { region, from, to } = req.query
      if (!app.regions.has(region)) return reply.code(404).send({ error: `unknown region ${region}` })
      if (!app.auth.canSee(req.principal!, region)) return reply.code(403).send({ error: `region ${region} is outside this account's scope` })
      const fromMs = from ? Date.parse(from) : undefined
      const toMs = to ? Date.parse(to) : undefined
      if (fromMs !== undefined && toMs !== undefined && fromMs >= toMs)
        return reply.code(400).send({ error: '`from` must be before `to`', details: [{ path: '/querystring/from', message: 'must be before to' }] })
      return app.aggregator.summary(region, fromMs, toMs)
    },
  )
}
export default summary
