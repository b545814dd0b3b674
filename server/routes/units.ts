import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorBodySchema } from '../../shared/api/errors'
import { UnitsAnswerSchema, UnitsQuerySchema, type UnitFiguresView } from '../../shared/api/units'
import { periodOf } from '../../shared/time/periods'
import { shanghaiDay } from '../../shared/time/shanghai'
import { assessmentRange } from '../config'
import { parseView, resolvePeriod } from '../domain/aggregate/view'
import { refuseRegion } from './regionAccess'

/**
 * GET /api/v1/summary/units: the 承办单位 of a region's subtree ranked by 按期办结率, 超期 or 退单率,
 * from the in-memory unit tallies (domain/units), over the same periods as the summary.
 */
const units: FastifyPluginAsyncTypebox = async (app) => {
  const assessment = assessmentRange(app.config.assessmentPeriod)
  app.get(
    '/api/v1/summary/units',
    {
      onRequest: app.authorize('read'),
      schema: {
        tags: ['read'],
        summary: 'Handling units (承办单位) of a region ranked: 按期办结率, 超期, 退单率',
        description:
          'Among cases of the region’s subtree reported in the period (from/to or a period preset, as for the summary; default ' +
          'the calendar year): per unit, `assigned` (given the case on report or by 转派) and `returned` (退回), `returnRate` = ' +
          'returned ÷ assigned (退单率); `resolved` by it and `resolvedOnTime`, `onTimeRate` = on time ÷ resolved (按期办结率); ' +
          '`open` and `overdue` (超期) are unresolved cases with it now. Ranked by `rankBy` (default onTimeRate) in `order` ' +
          '(default desc), nulls last, ties by unit name.',
        security: [{ bearer: [] }],
        querystring: UnitsQuerySchema,
        response: { 200: UnitsAnswerSchema, 400: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema },
      },
    },
    async (req, reply) => {
      const { region, from, to, period, rankBy = 'onTimeRate', order = 'desc' } = req.query
      const refused = refuseRegion(app, req, reply, region)
      if (refused) return refused
      const today = shanghaiDay(app.clock())
      const parsed = parseView({ region, from, to, period }, today, '/querystring')
      if (!parsed.ok) return reply.code(400).send({ error: parsed.error, details: parsed.details })
      const { range } = resolvePeriod(parsed.value.period, today, assessment)
      const list = app.aggregator.units.figures(region, range, app.clock())
      const sign = order === 'asc' ? 1 : -1
      const key = (u: UnitFiguresView) => u[rankBy]
      list.sort((a, b) => {
        const x = key(a)
        const y = key(b)
        if (x === null || y === null) return x === y ? a.unit.localeCompare(b.unit) : x === null ? 1 : -1
        return x === y ? a.unit.localeCompare(b.unit, 'zh') : sign * (x - y)
      })
      const r = app.regions.get(region)!
      return { region: { code: r.code, name: r.name, level: r.level }, period: periodOf(range), rankBy, order, units: list }
    },
  )
}
export default units
