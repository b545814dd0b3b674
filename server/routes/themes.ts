import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorBodySchema } from '../../shared/api/errors'
import { ThemeAnswerSchema, ThemeParamsSchema, ThemeQuerySchema, type ThemeAnswer } from '../../shared/api/themes'
import { lastYearPeriod, periodOf } from '../../shared/time/periods'
import { shanghaiDay, toShanghaiIso } from '../../shared/time/shanghai'
import { assessmentRange } from '../config'
import type { Aggregator } from '../domain/aggregate/aggregator'
import { parseView, resolvePeriod } from '../domain/aggregate/view'
import { parseAsOf } from '../domain/replay/asOf'
import { rescueCoverage } from '../domain/themes/rescueCoverage'
import { knownStations } from './fireStations'
import { refuseRegion } from './regionAccess'

/**
 * GET /api/v1/themes/:page: the figures of a themed page (信访积案, 平安·反诈, 消防安全, 涉水安全)
 * for a region's subtree over a period, from the in-memory theme tallies (never a scan of the store).
 */
const themes: FastifyPluginAsyncTypebox = async (app) => {
  const assessment = assessmentRange(app.config.assessmentPeriod)
  const stations = knownStations(app.regions)
  const coverage = rescueCoverage(app, stations)
  app.get(
    '/api/v1/themes/:page',
    {
      onRequest: app.authorize('read'),
      schema: {
        tags: ['read'],
        summary: 'Figures of a themed page: petition 信访积案 · safety 平安·反诈 · fire 消防安全 · water 涉水安全',
        description:
          'Scoped like the summary (404 unknown region, 403 outside the token’s scope); the period is from/to or a preset, as for ' +
          'the summary (default the calendar year), flows counted over it and over the same days a year before (`lastYearPeriod`); ' +
          'stocks (open 积案, sites, water-side points, rescue equipment) are as of now. The wall refetches it on every `summary` push. ' +
          '`asOf` replays the page as the server had it at that instant, like the summary.',
        security: [{ bearer: [] }],
        params: ThemeParamsSchema,
        querystring: ThemeQuerySchema,
        response: { 200: ThemeAnswerSchema, 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema },
      },
    },
    async (req, reply) => {
      const { page } = req.params
      const { region, from, to, period } = req.query
      const refused = refuseRegion(app, req, reply, region)
      if (refused) return refused
      const asOf = parseAsOf(req.query.asOf, app.clock())
      if (asOf && !asOf.ok) return reply.code(400).send({ error: asOf.error, details: asOf.details })
      const now = asOf ? asOf.value : app.clock()
      const today = shanghaiDay(now)
      const parsed = parseView({ region, from, to, period }, today, '/querystring')
      if (!parsed.ok) return reply.code(400).send({ error: parsed.error, details: parsed.details })
      const { range } = resolvePeriod(parsed.value.period, today, assessment)
      const r = app.regions.get(region)!
      // The fire stations and their circle are geography, the same at any instant.
      const cov = page === 'fire' ? await coverage() : () => null
      const answerOf = (agg: Aggregator): ThemeAnswer => {
        const themes = agg.themes
        const answer: ThemeAnswer = {
          page,
          region: { code: r.code, name: r.name, level: r.level },
          period: periodOf(range),
          lastYearPeriod: periodOf(lastYearPeriod(range)),
          at: toShanghaiIso(now),
          seq: agg.seq,
          children: themes.children(page, region, range),
        }
        if (page === 'petition') answer.petition = themes.petitionPage(region, range, now)
        else if (page === 'safety') answer.safety = themes.safetyPage(region, range)
        else if (page === 'water') answer.water = themes.waterPage(region, range)
        else
          answer.fire = themes.firePage(region, range, {
            stations: (code) => stations.filter((s) => app.regions.isWithin(s.regionCode, code)).length,
            coverage: cov,
          })
        return answer
      }
      // 回放: the themed tallies are part of the aggregates a replay rebuilds at that instant.
      return asOf ? app.replay.read(asOf.value, answerOf) : answerOf(app.aggregator)
    },
  )
}
export default themes
