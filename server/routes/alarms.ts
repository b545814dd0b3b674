import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ALARM_STATUSES, AlarmNoteSchema, AlarmSchema, AuditEntrySchema } from '../../shared/api/alarms'
import { ErrorBodySchema } from '../../shared/api/errors'
import { OneOf } from '../../shared/events/schema'
import { regionPath } from '../../shared/regions/tree'
import { toShanghaiIso } from '../../shared/time/shanghai'
import { alarmView } from '../domain/alarms/alarmView'
import { refuseRegion } from './regionAccess'

/** The duty desk: alarms of a region, one alarm with its audit trail, acknowledge and close. */
const alarms: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/alarms',
    {
      onRequest: app.authorize('read'),
      schema: {
        tags: ['duty'],
        summary: "A region's alarms (its whole subtree): unacknowledged first, newest first",
        security: [{ bearer: [] }],
        querystring: Type.Object({
          region: Type.String({ minLength: 1 }),
          status: Type.Optional(OneOf(['open', 'all', ...ALARM_STATUSES] as const, 'open = not closed (default)')),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(AlarmSchema) }), 403: ErrorBodySchema, 404: ErrorBodySchema },
      },
    },
    async (req, reply) => {
      const { region, status = 'open', limit = 100 } = req.query
      const refused = refuseRegion(app, req, reply, region)
      if (refused) return refused
      const list = await app.store.duty.list({ regionPath: regionPath(app.regions, region), status, limit })
      return { items: list.map((a) => alarmView(a, app.regions)) }
    },
  )

  app.get(
    '/api/v1/alarms/:id',
    {
      onRequest: app.authorize('read'),
      schema: {
        tags: ['duty'],
        summary: 'One alarm with its audit trail',
        security: [{ bearer: [] }],
        params: Type.Object({ id: Type.Integer() }),
        response: { 200: Type.Object({ alarm: AlarmSchema, audit: Type.Array(AuditEntrySchema) }), 404: ErrorBodySchema },
      },
    },
    async (req, reply) => {
      const a = await app.store.duty.get(req.params.id)
      if (!a || !app.auth.canSee(req.principal!, a.regionCode)) return reply.code(404).send({ error: `unknown alarm ${req.params.id}` })
      const audit = await app.store.duty.auditOf(`alarm:${a.id}`)
      return { alarm: alarmView(a, app.regions), audit: audit.map((e) => ({ ...e, at: toShanghaiIso(e.at) })) }
    },
  )

  for (const action of ['acknowledge', 'close'] as const) {
    app.post(
      `/api/v1/alarms/:id/${action}`,
      {
        onRequest: app.authorize('alarm.act'),
        schema: {
          tags: ['duty'],
          summary: action === 'acknowledge' ? 'Acknowledge a raised alarm (who and when are recorded)' : 'Close an acknowledged alarm',
          security: [{ bearer: [] }],
          params: Type.Object({ id: Type.Integer() }),
          body: AlarmNoteSchema,
          description: 'Needs `alarm.act` (a dispatcher or administrator logged in, not a display token) in the alarm’s region.',
          response: { 200: AlarmSchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema, 409: ErrorBodySchema },
        },
      },
      async (req, reply) => {
        const existing = await app.store.duty.get(req.params.id)
        if (!existing || !app.auth.may(req.principal!, 'alarm.act', existing.regionCode)) return reply.code(404).send({ error: `unknown alarm ${req.params.id}` })
        const result = await app.alarms[action](req.params.id, req.principal!.account.username, req.body?.note?.trim() || null)
        if (result === 'missing') return reply.code(404).send({ error: `unknown alarm ${req.params.id}` })
        if (result === 'conflict')
          return reply.code(409).send({ error: action === 'acknowledge' ? 'only a raised alarm can be acknowledged' : 'only an acknowledged alarm can be closed' })
        return alarmView(result, app.regions)
      },
    )
  }
}
export default alarms
