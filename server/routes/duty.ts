import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import {
  DutyLogBodySchema,
  DutyLogEntrySchema,
  DutyLogQuerySchema,
  DutyNowSchema,
  HandoverBodySchema,
  HandoverFormatSchema,
  HandoverListQuerySchema,
  HandoverSchema,
  RosterBodySchema,
  RosterEntrySchema,
  RosterQuerySchema,
  type DutyLogEntry,
  type Handover,
  type RosterEntry,
} from '../../shared/api/duty'
import { ErrorBodySchema } from '../../shared/api/errors'
import { regionPath } from '../../shared/regions/tree'
import { toShanghaiIso } from '../../shared/time/shanghai'
import type { Action } from '../auth/types'
import { computeHandover } from '../domain/duty/handover'
import { dayNumber, dayString, parseShifts, shiftAt, shiftIndex, shiftOf } from '../domain/duty/shifts'
import { attachment, fileResponse } from '../reports/download'
import { renderHandoverPdf } from '../reports/handover/pdf'
import type { DutyLogRecord, HandoverRecord, RosterRecord } from '../store/desk'
import { refuseRegion } from './regionAccess'

const PDF = 'application/pdf'
/** Alarms one handover looks at, at most (a shift of a whole province in a storm). */
const HANDOVER_ALARMS = 5000
const Errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema }
const instant = (s: string | undefined) => (s === undefined ? undefined : Date.parse(s))

/**
 * The shift (值班): duty-log entries, the roster of 值班员 and 带班领导 per shift and day, who is on
 * duty now, and the handover (交接班) record the server computes for a shift, listed and printable as
 * one A4 page. Writes need `duty.write` (dispatcher, admin), reads `duty.read` (and leaders);
 * everything is scoped to the caller's subtree and every write is audited.
 */
const duty: FastifyPluginAsyncTypebox = async (app) => {
  const shifts = parseShifts(app.config.shifts)
  const nameOf = (code: string) => app.regions.get(code)?.name ?? code
  const pathOf = (code: string) => regionPath(app.regions, code)

  /** The region asked for, or the caller's own scope (the whole tree when unscoped); the sent reply when refused. */
  const regionOf = (req: FastifyRequest, reply: FastifyReply, asked: string | undefined, action: Action) => {
    const code = asked ?? req.principal!.scope ?? app.regions.root.code
    const refused = refuseRegion(app, req, reply, code, action)
    return refused ? { refused } : { code }
  }

  const logView = (e: DutyLogRecord): DutyLogEntry => ({ ...e, at: toShanghaiIso(e.at), regionName: nameOf(e.regionCode) })
  const rosterView = (r: RosterRecord): RosterEntry => {
    const { startMs: _s, endMs: _e, ...shift } = shiftOf(shifts, dayNumber(r.day), r.shift)
    return { shift, regionCode: r.regionCode, regionName: nameOf(r.regionCode), officers: r.officers, leader: r.leader, updatedBy: r.updatedBy, updatedAt: toShanghaiIso(r.updatedAt) }
  }
  const handoverView = (h: HandoverRecord): Handover => ({ ...(h.content as Omit<Handover, 'id'>), id: h.id })

  /** Who is rostered for a shift in a region: its own entry, else its nearest ancestor's. */
  async function rosterFor(code: string, day: string, shift: number): Promise<RosterRecord | null> {
    const lineage = app.regions.get(code)?.lineage ?? []
    const entries = (await app.store.desk.listRoster({ fromDay: day, toDay: day, regionCodes: lineage })).filter((r) => r.shift === shift)
    for (const c of lineage) {
      const found = entries.find((r) => r.regionCode === c)
      if (found) return found
    }
    return null
  }

  app.post(
    '/api/v1/duty/log',
    {
      onRequest: app.authorize('duty.write'),
      schema: {
        tags: ['duty'],
        summary: 'Write a duty-log entry (值班日志)',
        description: 'Needs `duty.write` (dispatcher, admin) in `region` (default: the caller’s scope). `notable` entries go into the shift’s handover. Audited.',
        security: [{ bearer: [] }],
        body: DutyLogBodySchema,
        response: { 201: DutyLogEntrySchema, ...Errors },
      },
    },
    async (req, reply) => {
      const r = regionOf(req, reply, req.body.region, 'duty.write')
      if ('refused' in r) return r.refused
      const text = req.body.text.trim()
      if (!text) return reply.code(400).send({ error: 'text is empty; nothing was written' })
      const actor = req.principal!.account.username
      const entry = await app.store.desk.appendLog({ at: app.clock(), actor, regionCode: r.code, text, notable: req.body.notable ?? false }, pathOf(r.code))
      await app.audit.record({ actor, action: 'duty.log.written', target: `dutyLog:${entry.id}`, note: text.slice(0, 200), region: r.code })
      return reply.code(201).send(logView(entry))
    },
  )

  app.get(
    '/api/v1/duty/log',
    {
      onRequest: app.authorize('duty.read'),
      schema: {
        tags: ['duty'],
        summary: 'Duty-log entries of [from, to) in a region’s subtree, oldest first',
        description: 'Needs `duty.read` (leader, dispatcher, admin). `region` defaults to the caller’s scope; `limit` default 200.',
        security: [{ bearer: [] }],
        querystring: DutyLogQuerySchema,
        response: { 200: Type.Object({ items: Type.Array(DutyLogEntrySchema) }), ...Errors },
      },
    },
    async (req, reply) => {
      const r = regionOf(req, reply, req.query.region, 'duty.read')
      if ('refused' in r) return r.refused
      const { from, to, limit } = req.query
      const items = await app.store.desk.listLog({ regionPath: pathOf(r.code), from: instant(from), to: instant(to), limit: limit ?? 200 })
      return { items: items.map(logView) }
    },
  )

  app.put(
    '/api/v1/duty/roster',
    {
      onRequest: app.authorize('duty.write'),
      schema: {
        tags: ['duty'],
        summary: 'Set who is on duty (值班员) and the leader in charge (带班领导) for one shift of one day',
        description: `Needs \`duty.write\` in \`region\` (default: the caller’s scope). \`shift\` is the index or label of a shift of YIPING_SHIFTS (now ${shifts.map((s) => s.label).join(', ')}). Replaces that shift’s entry. Audited.`,
        security: [{ bearer: [] }],
        body: RosterBodySchema,
        response: { 200: RosterEntrySchema, ...Errors },
      },
    },
    async (req, reply) => {
      const r = regionOf(req, reply, req.body.region, 'duty.write')
      if ('refused' in r) return r.refused
      const shift = shiftIndex(shifts, req.body.shift)
      if (shift === undefined) return reply.code(400).send({ error: `unknown shift ${req.body.shift}; the shifts are ${shifts.map((s) => s.label).join(', ')}` })
      if (!Number.isFinite(dayNumber(req.body.day)) || dayString(dayNumber(req.body.day)) !== req.body.day) return reply.code(400).send({ error: `${req.body.day} is not a day` })
      const officers = req.body.officers.map((o) => o.trim()).filter(Boolean)
      if (officers.length === 0) return reply.code(400).send({ error: 'officers are empty; nothing was written' })
      const actor = req.principal!.account.username
      const record: RosterRecord = { day: req.body.day, shift, regionCode: r.code, officers, leader: req.body.leader?.trim() || null, updatedBy: actor, updatedAt: app.clock() }
      await app.store.desk.putRoster(record, pathOf(r.code))
      await app.audit.record({
        actor,
        action: 'duty.roster.set',
        target: `roster:${record.day}/${shifts[shift]!.label}`,
        note: `值班员：${officers.join('、')}；带班领导：${record.leader ?? '—'}`,
        region: r.code,
      })
      return rosterView(record)
    },
  )

  app.get(
    '/api/v1/duty/roster',
    {
      onRequest: app.authorize('duty.read'),
      schema: {
        tags: ['duty'],
        summary: 'The roster of days [from, to] for a region and its ancestors (the entries that apply to it)',
        security: [{ bearer: [] }],
        querystring: RosterQuerySchema,
        response: { 200: Type.Object({ shifts: Type.Array(Type.String()), items: Type.Array(RosterEntrySchema) }), ...Errors },
      },
    },
    async (req, reply) => {
      const r = regionOf(req, reply, req.query.region, 'duty.read')
      if ('refused' in r) return r.refused
      const to = req.query.to ?? req.query.from
      if (dayNumber(to) - dayNumber(req.query.from) > 62 || to < req.query.from) return reply.code(400).send({ error: 'from..to must be at most 62 days, in order' })
      const lineage = app.regions.get(r.code)!.lineage
      const items = await app.store.desk.listRoster({ fromDay: req.query.from, toDay: to, regionCodes: lineage })
      return { shifts: shifts.map((s) => s.label), items: items.filter((e) => e.shift < shifts.length).map(rosterView) }
    },
  )

  app.get(
    '/api/v1/duty/now',
    {
      onRequest: app.authorize('read'),
      schema: {
        tags: ['duty'],
        summary: 'The current shift and who is on it (the region’s roster entry, else its nearest ancestor’s)',
        security: [{ bearer: [] }],
        querystring: Type.Object({ region: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })) }),
        response: { 200: DutyNowSchema, ...Errors },
      },
    },
    async (req, reply) => {
      const r = regionOf(req, reply, req.query.region, 'read')
      if ('refused' in r) return r.refused
      const { startMs: _s, endMs: _e, ...shift } = shiftAt(shifts, app.clock())
      const entry = await rosterFor(r.code, shift.day, shift.index)
      return { shift, roster: entry ? rosterView(entry) : null, shifts: shifts.map((s) => s.label) }
    },
  )

  app.post(
    '/api/v1/duty/handover',
    {
      onRequest: app.authorize('duty.write'),
      schema: {
        tags: ['duty'],
        summary: 'Hand over the shift (交接班): the server computes and stores the shift’s record',
        description:
          'Needs `duty.write` in `region` (default: the caller’s scope). Covers the current shift from its start to now, or the shift ' +
          'given by `day` and `shift` (to its end, or now if it is still running): alarms raised, acknowledged and still open, ' +
          'cases turned red, instructions not closed, duty-log entries marked notable, and the roster. 201 with the record. Audited.',
        security: [{ bearer: [] }],
        body: HandoverBodySchema,
        response: { 201: HandoverSchema, ...Errors },
      },
    },
    async (req, reply) => {
      const r = regionOf(req, reply, req.body.region, 'duty.write')
      if ('refused' in r) return r.refused
      const now = app.clock()
      const { day, shift: asked } = req.body
      if ((day === undefined) !== (asked === undefined)) return reply.code(400).send({ error: 'give both day and shift, or neither (the current shift)' })
      let s = shiftAt(shifts, now)
      if (day !== undefined && asked !== undefined) {
        const i = shiftIndex(shifts, asked)
        if (i === undefined) return reply.code(400).send({ error: `unknown shift ${asked}; the shifts are ${shifts.map((x) => x.label).join(', ')}` })
        if (dayString(dayNumber(day)) !== day) return reply.code(400).send({ error: `${day} is not a day` })
        s = shiftOf(shifts, dayNumber(day), i)
        if (s.startMs > now) return reply.code(400).send({ error: 'that shift has not begun; nothing was written' })
      }
      const { startMs, endMs, ...shift } = s
      const from = startMs
      // Up to and including this instant: what happened a moment ago belongs to the shift handed over.
      const to = Math.min(endMs, now + 1)
      const path = pathOf(r.code)
      const [alarms, notable, roster] = await Promise.all([
        app.store.duty.alarmsDuring({ regionPath: path, from, to, limit: HANDOVER_ALARMS }),
        app.store.desk.listLog({ regionPath: path, from, to, notable: true, limit: 500 }),
        rosterFor(r.code, shift.day, shift.index),
      ])
      const instructions = app.instructions.all().filter((i) => app.regions.isWithin(i.regionCode, r.code))
      const by = req.principal!.account.username
      const content = computeHandover(
        { regionCode: r.code, shift, from, to, by, at: now, note: req.body.note.trim(), officers: roster?.officers ?? [], leader: roster?.leader ?? null, alarms, instructions, notable },
        app.regions,
      )
      const saved = await app.store.desk.saveHandover({ regionCode: r.code, day: shift.day, shift: shift.index, from, to, createdBy: by, createdAt: now, note: content.note, content }, path)
      const c = content.counts
      await app.audit.record({
        actor: by,
        action: 'duty.handover',
        target: `handover:${saved.id}`,
        note: `${shift.day} ${shift.label}：告警新增 ${c.alarmsRaised}、确认 ${c.alarmsAcknowledged}、未关闭 ${c.alarmsOpen}；转红 ${c.casesTurnedRed}；未办结指令 ${c.instructionsOpen}`,
        region: r.code,
      })
      return reply.code(201).send(handoverView(saved))
    },
  )

  app.get(
    '/api/v1/duty/handovers',
    {
      onRequest: app.authorize('duty.read'),
      schema: {
        tags: ['duty'],
        summary: 'Handover records of a region’s subtree, newest first',
        security: [{ bearer: [] }],
        querystring: HandoverListQuerySchema,
        response: { 200: Type.Object({ items: Type.Array(HandoverSchema) }), ...Errors },
      },
    },
    async (req, reply) => {
      const r = regionOf(req, reply, req.query.region, 'duty.read')
      if ('refused' in r) return r.refused
      const items = await app.store.desk.listHandovers({ regionPath: pathOf(r.code), from: instant(req.query.from), to: instant(req.query.to), limit: req.query.limit ?? 50 })
      return { items: items.map(handoverView) }
    },
  )

  app.get(
    '/api/v1/duty/handovers/:id',
    {
      onRequest: app.authorize('duty.read'),
      schema: {
        tags: ['duty'],
        summary: 'One handover record; `/:id.pdf` or `?format=pdf`: the same as one printable A4 page',
        security: [{ bearer: [] }],
        params: Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,15}(\\.pdf)?$' }) }),
        querystring: HandoverFormatSchema,
        response: { 200: { ...HandoverSchema, ...fileResponse(PDF, 'the handover record, one A4 page') }, ...Errors },
      },
    },
    async (req, reply) => {
      const pdf = req.params.id.endsWith('.pdf') || req.query.format === 'pdf'
      const id = Number(req.params.id.replace(/\.pdf$/, ''))
      const h = await app.store.desk.getHandover(id)
      if (!h || !app.auth.permissions.may(req.principal!, 'duty.read', h.regionCode)) return reply.code(404).send({ error: `unknown handover ${req.params.id}` })
      const view = handoverView(h)
      if (!pdf) return view
      const body = await renderHandoverPdf(view)
      return reply
        .header('content-type', PDF)
        .header('content-disposition', attachment(`交接班记录-${view.regionName}-${h.day}-${h.shift + 1}.pdf`, `handover-${h.id}.pdf`))
        .send(body)
    },
  )
}
export default duty
