import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { BRIEFING_RANK_BY, BriefingQuerySchema } from '../../shared/api/briefing'
import { ErrorBodySchema } from '../../shared/api/errors'
import { isoDate } from '../../shared/time/calendar'
import { shanghaiDay } from '../../shared/time/shanghai'
import { assessmentRange } from '../config'
import { parseView, resolvePeriod } from '../domain/aggregate/view'
import { briefingData } from '../reports/briefing/data'
import { attachment, fileResponse } from '../reports/download'
import { refuseRegion } from './regionAccess'

const PDF = 'application/pdf'

/** GET /api/v1/reports/briefing: the 研判简报 of a region and period as a PDF, rendered here without a browser. */
const briefing: FastifyPluginAsyncTypebox = async (app) => {
  const assessment = assessmentRange(app.config.assessmentPeriod)

  app.get(
    '/api/v1/reports/briefing',
    {
      onRequest: app.authorize('export'),
      schema: {
        tags: ['export'],
        summary: 'A 研判简报 (briefing) of a region and period as an A4 PDF',
        description:
          'The period as GET /api/v1/summary takes it (from/to as whole Shanghai days, or a `period` preset; default the year). ' +
          'Contents: 研判要点; the headline figures with 同比 (compare lastYear) and 环比 (previousToDate), each equal to ' +
          'GET /api/v1/summary?compare=lastYear,previousToDate; the stocks now; reports and resolutions over the period by day ' +
          '(by month beyond a quarter) beside the same days last year; the children ranked by `rankBy` (default cases.onTimeRate, ' +
          'order desc: the first and last five beyond twelve), or as on the wall the grandchildren when the region has fewer than ' +
          'four children (as GET /api/v1/summary/detail?grandchildrenBelow=4 ranks them, each named with its child); the categories rising most against the 环比 period; red and ' +
          'overdue cases (masked); risk points by status and kind and the open alarms. Scoped like the summary; audited.',
        security: [{ bearer: [] }],
        querystring: BriefingQuerySchema,
        response: { 200: fileResponse(PDF, 'the briefing, A4 PDF'), 400: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema },
      },
    },
    async (req, reply) => {
      const q = req.query
      const refused = refuseRegion(app, req, reply, q.region, 'export')
      if (refused) return refused
      const now = app.clock()
      const today = shanghaiDay(now)
      const parsed = parseView({ region: q.region, from: q.from, to: q.to, period: q.period, rankBy: q.rankBy ?? BRIEFING_RANK_BY, order: q.order }, today, '/querystring')
      if (!parsed.ok) return reply.code(400).send({ error: parsed.error, details: parsed.details })
      const view = parsed.value
      const period = resolvePeriod(view.period, today, assessment)
      const periodName = view.period && 'preset' in view.period ? period.label : null
      const data = await briefingData({ aggregator: app.aggregator, store: app.store, regions: app.regions, now }, view, period, periodName)
      // ECharts and the PDF library load at the first briefing, not at start-up (about 1.5 s of a start).
      const { renderBriefingPdf } = await import('../reports/briefing/pdf/render')
      const pdf = await renderBriefingPdf(data)
      const days = `${isoDate(period.range.start)}/${isoDate(period.range.end)}`
      await app.audit.record({ actor: req.principal!.account.username, action: 'briefing.export', target: `region:${q.region}`, note: `period=${days}; rankBy=${view.rankBy}`, region: q.region })
      const stamp = (day: number) => isoDate(day).replace(/-/g, '')
      const span = `${stamp(period.range.start)}-${stamp(period.range.end - 1)}`
      return reply
        .header('content-type', PDF)
        .header('content-disposition', attachment(`研判简报-${data.region.name}-${span}.pdf`, `briefing-${q.region}-${span}.pdf`))
        .send(pdf)
    },
  )
}
export default briefing
