import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply } from 'fastify'
import { ErrorBodySchema } from '../../shared/api/errors'
import { SummaryQuerySchema, SummarySchema } from '../../shared/summary/schema'
import { DetailQuerySchema, RegionDetailSchema } from '../../shared/summary/detail'
import { PeriodsSchema, type Periods } from '../../shared/summary/periods'
import { PERIOD_PRESETS, periodOf, type CompareKind } from '../../shared/time/periods'
import { shanghaiDay, toShanghaiIso } from '../../shared/time/shanghai'
import { assessmentRange } from '../config'
import { regionDetail } from '../domain/aggregate/detail'
import { summaryOf } from '../domain/aggregate/summary'
import { parseView, resolvePeriod, type ViewRequest } from '../domain/aggregate/view'
import { refuseRegion } from './regionAccess'
import { parseAsOf } from '../domain/replay/asOf'

const PERIOD_NOTE =
  'The period is [from, to) resolved to whole Shanghai days (every day overlapping it counts), or a `period` preset ' +
  '(today, week, month, quarter, year: from its start up to tomorrow 00:00 by the server clock; assessment: the 考核期), ' +
  'default the current calendar year; `period` in the answer says which days. Cases counted are those reported in it; ' +
  'stage, open, overdue and colour counts are as of now among them; risks and alarms are as of now (当前). ' +
  '`compare=previous,lastYear,previousToDate` adds compare.<kind> = { period, summary }, each equal to a direct read of that period. ' +
  '`asOf=<instant>` replays: the answer the server gave at that instant (by its commit times; `at` and `seq` are those of the instant), ' +
  'from the nearest snapshot of the aggregates and the log after it, never disturbing live figures.'

const JSON_TYPE = 'application/json; charset=utf-8'

/**
 * A summary or detail as JSON.stringify writes it, not through the response schema's serialiser:
 * the figures are built field by field in the schema's order with nothing else in them (the same
 * objects go out on the live socket as they are; test/server/summary-serialisation.test.ts holds
 * them to the schema), and the native stringifier leaves less garbage per read than the generated
 * one. Set only once the figures exist, so that an error on the way is written as before.
 */
function asJson<T>(reply: FastifyReply, body: T): T {
  void reply.type(JSON_TYPE).serializer(JSON.stringify)
  return body
}

/**
 * GET /api/v1/summary, /summary/detail and /periods: a region's figures over a period, with its
 * comparisons and ranked children, from the in-memory aggregates (no scan of cases).
 */
const summary: FastifyPluginAsyncTypebox = async (app) => {
  const assessment = assessmentRange(app.config.assessmentPeriod)

  /** The view a query asks for at its instant (now, or `asOf` for a replay), or the 400 sent. */
  const viewOf = (query: Omit<ViewRequest, 'compare'> & { compare?: string | undefined; asOf?: string | undefined }, reply: FastifyReply) => {
    const asOf = parseAsOf(query.asOf, app.clock())
    if (asOf && !asOf.ok) {
      void reply.code(400).send({ error: asOf.error, details: asOf.details })
      return null
    }
    const today = shanghaiDay(asOf ? asOf.value : app.clock())
    const compare = query.compare ? (query.compare.split(',') as CompareKind[]) : undefined
    const parsed = parseView({ ...query, compare }, today, '/querystring')
    if (!parsed.ok) {
      void reply.code(400).send({ error: parsed.error, details: parsed.details })
      return null
    }
    return { view: parsed.value, period: resolvePeriod(parsed.value.period, today, assessment), asOf: asOf ? asOf.value : null }
  }

  app.get(
    '/api/v1/summary',
    {
      onRequest: app.authorize('read'),
      schema: {
        tags: ['read'],
        summary: "A region's figures over a period, including every region below it, with 同比/环比 on request",
        description: PERIOD_NOTE,
        security: [{ bearer: [] }],
        querystring: SummaryQuerySchema,
        response: { 200: SummarySchema, 400: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema },
      },
    },
    async (req, reply) => {
      const refused = refuseRegion(app, req, reply, req.query.region)
      if (refused) return refused
      const asked = viewOf(req.query, reply)
      if (!asked) return reply
      const { view, period } = asked
      const figures =
        asked.asOf !== null
          ? await app.replay.summary({ kind: 'summary', t: asked.asOf, region: view.region, period, compare: [...view.compare] })
          : summaryOf(app.aggregator, view.region, period, view.compare)
      return asJson(reply, figures)
    },
  )

  app.get(
    '/api/v1/summary/detail',
    {
      onRequest: app.authorize('read'),
      schema: {
        tags: ['read'],
        summary: "The wall panels' figures: every child ranked by any figure, activity today by hour and over 30 days, top categories",
        description:
          `${PERIOD_NOTE} Children: every child region with its headline figures over the period, \`value\` = its \`rankBy\` figure ` +
          '(a numeric summary path, default cases.total; 400 for an unknown one) and that figure over each compared period, ' +
          'ranked in `order` (default desc), nulls last. `daily`: the last 30 days by the day things happened, each with the same ' +
          'calendar day a year before (`lastYear`), today last and `partial`. `grandchildrenBelow=N`: when the region has fewer than N ' +
          'children (a province of two cities), `grandchildren` ranks every child of every child the same way, each with the child it ' +
          'lies in (`parent`, `parentName`); absent otherwise. The same object the live namespace pushes as `detail`.',
        security: [{ bearer: [] }],
        querystring: DetailQuerySchema,
        response: { 200: RegionDetailSchema, 400: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema },
      },
    },
    async (req, reply) => {
      const refused = refuseRegion(app, req, reply, req.query.region)
      if (refused) return refused
      const asked = viewOf(req.query, reply)
      if (!asked) return reply
      const { view, period } = asked
      const detail =
        asked.asOf !== null
          ? await app.replay.detail({ kind: 'detail', t: asked.asOf, view: { region: view.region, compare: view.compare, rankBy: view.rankBy, order: view.order, grandchildrenBelow: view.grandchildrenBelow }, period })
          : regionDetail(app.aggregator, view, period)
      return asJson(reply, detail)
    },
  )

  app.get(
    '/api/v1/periods',
    {
      onRequest: app.authorize('read'),
      schema: {
        tags: ['read'],
        summary: 'The period presets (今日, 本周, 本月, 本季, 本年, 考核期) resolved by the server clock',
        description:
          'Each preset runs from the start of its day, Monday-based week, month, quarter or year up to tomorrow 00:00 (Asia/Shanghai). ' +
          'assessment is the 考核期 of YIPING_ASSESSMENT_PERIOD (cut at tomorrow while it runs), else the year to date.',
        security: [{ bearer: [] }],
        response: { 200: PeriodsSchema },
      },
    },
    async () => {
      const now = app.clock()
      const today = shanghaiDay(now)
      const presets = Object.fromEntries(
        PERIOD_PRESETS.map((p) => {
          const r = resolvePeriod({ preset: p }, today, assessment)
          return [p, { ...periodOf(r.range), label: r.label }]
        }),
      )
      return { now: toShanghaiIso(now), presets: presets as Periods['presets'] }
    },
  )
}
export default summary
