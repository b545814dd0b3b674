import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorBodySchema } from '../../shared/api/errors'
import { ThemeAnswerSchema, ThemeParamsSchema, ThemeQuerySchema, type ThemeAnswer } from '../../shared/api/themes'
import { lastYearPeriod, periodOf } from '../../shared/time/periods'
import { shanghaiDay, toShanghaiIso } from '../../shared/time/shanghai'
import { assessmentRange } from '../config'
import { parseView, resolvePeriod } from '../domain/aggregate/view'
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
          'stocks (open 积案, sites, water-side points, rescue equipment) are as of now. The wall refetches it on every `summary` push.',
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
      const now = app.clock()
      const today = shanghaiDay(now)
      const parsed = parseView({ region, from, to, period }, today, '/querystring')
      if (!parsed.ok) return reply.code(400).send({ error: parsed.error, details: parsed.details })
      const { range } = resolvePeriod(parsed.value.period, today, assessment)
      const r = app.regions.get(region)!
      const answer: ThemeAnswer = {
        page,
        region: { code: r.code, name: r.name, level: r.level },
        period: periodOf(range),
        lastYearPeriod: periodOf(lastYearPeriod(range)),
        at: toShanghaiIso(now),
        seq: app.aggregator.seq,
        children: app.themes.children(page, region, range),
      }
      if (page === 'petition') answer.petition = app.themes.petitionPage(region, range, now)
      else if (page === 'safety') answer.safety = app.themes.safetyPage(region, range)
      else if (page === 'water') answer.water = app.themes.waterPage(region, range)
      else {
        const cov = await coverage()
        answer.fire = app.themes.firePage(region, range, {
          stations: (code) => stations.filter((s) => app.regions.isWithin(s.regionCode, code)).length,
          coverage: cov,
        })
      }
      return answer
    },
  )
}
export default themes
