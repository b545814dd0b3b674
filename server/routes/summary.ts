import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorBodySchema } from '../../shared/api/errors'
import { SummaryQuerySchema, SummarySchema } from '../../shared/summary/schema'
import { RegionDetailSchema } from '../../shared/summary/detail'
import { Type } from 'typebox'
import { regionDetail } from '../domain/aggregate/detail'

/** GET /api/v1/summary: a region's figures from the in-memory aggregates (no scan of cases). */
import { refuseRegion } from './regionAccess'

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
      const refused = refuseRegion(app, req, reply, region)
      if (refused) return refused
      const fromMs = from ? Date.parse(from) : undefined
      const toMs = to ? Date.parse(to) : undefined
      if (fromMs !== undefined && toMs !== undefined && fromMs >= toMs)
        return reply.code(400).send({ error: '`from` must be before `to`', details: [{ path: '/querystring/from', message: 'must be before to' }] })
      return app.aggregator.summary(region, fromMs, toMs)
    },
  )

  app.get(
    '/api/v1/summary/detail',
    {
      onRequest: app.requireViewer,
      schema: {
        tags: ['read'],
        summary: "The wall panels' figures: children for ranking, activity today by hour and over 30 days, top categories",
        description: 'The same object the live namespace pushes as `detail`. Children and categories count the current calendar year.',
        security: [{ bearer: [] }],
        querystring: Type.Object({ region: Type.String({ minLength: 1 }) }),
        response: { 200: RegionDetailSchema, 403: ErrorBodySchema, 404: ErrorBodySchema },
      },
    },
    async (req, reply) => {
      const { region } = req.query
      const refused = refuseRegion(app, req, reply, region)
      if (refused) return refused
      return regionDetail(app.aggregator, region)
    },
  )
}
export default summary
