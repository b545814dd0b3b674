import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ALARM_KINDS, ALARM_STATUSES, AlarmNoteSchema, AlarmSchema, AuditEntrySchema } from '../../shared/api/alarms'
import { ErrorBodySchema } from '../../shared/api/errors'
import { OneOf } from '../../shared/events/schema'
import { regionPath } from '../../shared/regions/tree'
import { toShanghaiIso } from '../../shared/time/shanghai'
import { alarmView } from '../domain/alarms/alarmView'
import { refuseRegion } from './regionAccess'

/** A refusal naming the ids at fault. */
const BadIdsSchema = Type.Object({ error: Type.String(), ids: Type.Array(Type.Integer()) })

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
        description: '`kind` keeps one kind of alarm; `minAgeMinutes` only those raised at least that many minutes ago (by the server clock).',
        querystring: Type.Object({
          region: Type.String({ minLength: 1 }),
          status: Type.Optional(OneOf(['open', 'all', ...ALARM_STATUSES] as const, 'open = not closed (default)')),
          kind: Type.Optional(OneOf(ALARM_KINDS)),
          minAgeMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 525_600, description: 'raised at least this many minutes ago' })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(AlarmSchema) }), 403: ErrorBodySchema, 404: ErrorBodySchema },
      },
    },
    async (req, reply) => {
      const { region, status = 'open', kind, minAgeMinutes, limit = 100 } = req.query
      const refused = refuseRegion(app, req, reply, region)
      if (refused) return refused
      const list = await app.store.duty.list({
        regionPath: regionPath(app.regions, region),
        status,
        limit,
        ...(kind ? { kind } : {}),
        ...(minAgeMinutes !== undefined ? { raisedBefore: app.clock() - minAgeMinutes * 60_000 } : {}),
      })
      return { items: list.map((a) => alarmView(a, app.regions, app.alarms.escalatedAt(a.id))) }
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
      return { alarm: alarmView(a, app.regions, app.alarms.escalatedAt(a.id)), audit: audit.map((e) => ({ ...e, at: toShanghaiIso(e.at) })) }
    },
  )

  app.post(
    '/api/v1/alarms/ack',
    {
      onRequest: app.authorize('alarm.act'),
      schema: {
        tags: ['duty'],
        summary: 'Acknowledge several raised alarms at once with one note (all or nothing)',
        description:
          'Needs `alarm.act` in every alarm’s region. 404 `{ error, ids }` when any id is unknown or outside the caller’s scope, ' +
          '400 `{ error, ids }` when any is no longer raised (already acknowledged or closed); then nothing is acknowledged. ' +
          'Each acknowledgement is an alarm step in its audit trail and is pushed like a single one.',
        security: [{ bearer: [] }],
        body: Type.Object({
          ids: Type.Array(Type.Integer(), { minItems: 1, maxItems: 500, uniqueItems: true }),
          note: Type.Optional(Type.String({ maxLength: 500 })),
        }),
        response: {
          200: Type.Object({ items: Type.Array(AlarmSchema) }),
          400: BadIdsSchema,
          401: ErrorBodySchema,
          403: ErrorBodySchema,
          404: BadIdsSchema,
        },
      },
    },
    async (req, reply) => {
      const p = req.principal!
      const result = await app.alarms.acknowledgeMany(req.body.ids, p.account.username, req.body.note?.trim() || null, (a) =>
        app.auth.may(p, 'alarm.act', a.regionCode),
      )
      if (!result.ok) {
        if (result.missing.length > 0)
          return reply.code(404).send({ error: `unknown alarms ${result.missing.join(', ')}; nothing was acknowledged`, ids: result.missing })
        return reply
          .code(400)
          .send({ error: `alarms ${result.notRaised.join(', ')} are not waiting to be acknowledged; nothing was acknowledged`, ids: result.notRaised })
      }
      return { items: result.alarms.map((a) => alarmView(a, app.regions, app.alarms.escalatedAt(a.id))) }
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
        return alarmView(result, app.regions, app.alarms.escalatedAt(result.id))
      },
    )
  }
}
export default alarms
