import { randomUUID } from 'node:crypto'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply } from 'fastify'
import fp from 'fastify-plugin'
import { Type } from 'typebox'
import { ErrorBodySchema } from '../../shared/api/errors'
import { InstructionListQuerySchema, InstructionSchema, IssueInstructionSchema, type Instruction } from '../../shared/api/instructions'
import { isInstructionEvent, type InstructionEvent, type LogEvent, type YipingEvent } from '../../shared/events/schema'
import { regionRoom } from '../../shared/live/protocol'
import { toShanghaiIso } from '../../shared/time/shanghai'
import { isInstructionOverdue, stepInstruction, type InstructionState } from '../domain/instructions/instruction'
import { clearForInstruction, dueForAlarm, nextOverdue, raiseForInstruction } from '../domain/instructions/overdue'
import { refuseRegion } from './regionAccess'

const AUDIT = { 'instruction.issued': 'instruction.issued', 'instruction.signed': 'instruction.signed', 'instruction.fedBack': 'instruction.fedBack', 'instruction.closed': 'instruction.closed' } as const
const iso = (ms: number | null) => (ms === null ? null : toShanghaiIso(ms))
const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 128 }) })

/** The instructions this node knows (every one in the log), for the handover and the overdue alarms. */
export interface InstructionBook {
  all(): InstructionState[]
  /**
   * Raise an `instruction.overdue` alarm for every instruction past its due time and not signed or
   * fed back (once per instruction). Runs by itself on a timer armed for the next due time and
   * whenever the figures move (the app clock); callable after moving a test clock. Answers how many.
   */
  raiseOverdue(): Promise<number>
}

declare module 'fastify' {
  interface FastifyInstance {
    instructions: InstructionBook
  }
}

/**
 * Instructions (指令): issued by a dispatcher to an account, signed (签收) and fed back (反馈) by that
 * account, closed by a dispatcher. Every step is an event of the log (through app.ingest.submit,
 * the acting account as origin), audited and pushed to the region's screens. This node keeps the
 * instructions in memory, loaded at start-up from the log (found through their audit entries).
 */
const instructions: FastifyPluginAsyncTypebox = async (app) => {
  const states = new Map<string, InstructionState>()
  const view = (s: InstructionState): Instruction => ({
    id: s.id,
    regionCode: s.regionCode,
    regionName: app.regions.get(s.regionCode)?.name ?? s.regionCode,
    assignee: s.assignee,
    text: s.text,
    caseId: s.caseId,
    alarmId: s.alarmId,
    dueAt: iso(s.dueAt),
    status: s.status,
    issuedBy: s.issuedBy,
    issuedAt: toShanghaiIso(s.issuedAt),
    signedAt: iso(s.signedAt),
    feedback: s.feedback,
    fedBackAt: iso(s.fedBackAt),
    closedBy: s.closedBy,
    closedAt: iso(s.closedAt),
    overdue: isInstructionOverdue(s, app.clock()),
  })

  // Start-up: every instruction issued so far, from its events in the log.
  for (let cursor: string | undefined; ; ) {
    const page = await app.store.duty.queryAudit({ action: AUDIT['instruction.issued'], limit: 1000, ...(cursor ? { cursor } : {}) })
    for (const entry of page.items) {
      const id = entry.target.slice('instruction:'.length)
      let state: InstructionState | null = null
      for (const e of await app.store.eventsOf(id)) {
        const r = stepInstruction(state, e.event as unknown as InstructionEvent, e.at, e.origin.actor)
        if (r.ok) state = r.state
      }
      if (state) states.set(id, state)
    }
    if (!page.nextCursor) break
    cursor = page.nextCursor
  }

  // Overdue → alarm, driven by app.clock: instructions whose alarm this node has submitted.
  const alarmed = new Set<string>()
  let timer: NodeJS.Timeout | undefined
  let closing = false
  const arm = () => {
    clearTimeout(timer)
    const next = nextOverdue(states.values(), alarmed)
    if (closing || next === undefined) return
    timer = setTimeout(() => void raiseOverdue(), Math.min(Math.max(0, next - app.clock()), 2 ** 31 - 1))
    timer.unref()
  }
  async function raiseOverdue(): Promise<number> {
    const now = app.clock()
    const due = dueForAlarm(states.values(), alarmed, now)
    for (const s of due) {
      alarmed.add(s.id)
      await app.alarms.submitCause(raiseForInstruction(s, now))
    }
    arm()
    return due.length
  }
  // Start-up: what fell overdue while the server was down is raised (idempotent by episode); an
  // instruction fed back or closed meanwhile clears its alarm.
  for (const s of states.values()) if (s.dueAt !== null && (s.status === 'fedBack' || s.status === 'closed')) await app.alarms.submitCause(clearForInstruction(s, app.clock()))
  await raiseOverdue()
  app.aggregator.onChange(() => {
    const next = nextOverdue(states.values(), alarmed)
    if (next !== undefined && next <= app.clock()) void raiseOverdue()
  })
  app.addHook('preClose', async () => {
    closing = true
    clearTimeout(timer)
  })
  app.decorate('instructions', { all: () => [...states.values()], raiseOverdue })

  // Every node takes every step from the log (its own and other nodes'), in log order, and pushes
  // it to its own sockets: a room broadcast reaches each screen once, whichever node it is on.
  app.ingest.onCommit((c) => {
    for (const { event, at } of c.accepted) {
      if (!isInstructionEvent(event as unknown as LogEvent)) continue
      const step = event as unknown as InstructionEvent
      const r = stepInstruction(states.get(step.instructionId) ?? null, step, at, c.batch.origin.actor)
      if (!r.ok) continue
      states.set(r.state.id, r.state)
      const rooms = (app.regions.get(r.state.regionCode)?.lineage ?? []).map(regionRoom)
      if (rooms.length > 0) app.io.of('/live').local.to(rooms).emit('instruction', { instruction: view(r.state) })
    }
  })

  // Steps are checked and written one after another, so two seats cannot take the same step.
  let queue: Promise<unknown> = Promise.resolve()
  const serial = <T>(work: () => Promise<T>) => {
    const run = queue.then(work)
    queue = run.catch(() => undefined)
    return run
  }

  /** Check the step against the instruction, write it to the log, then audit and push it. */
  const take = (prev: InstructionState | null, event: InstructionEvent, actor: string, reply: FastifyReply, note: string | null = null) =>
    serial(async () => {
      const at = Date.parse(event.at)
      const r = stepInstruction(prev && states.get(prev.id) ? states.get(prev.id)! : prev, event, at, actor)
      if (!r.ok) return { sent: reply.code(400).send({ error: `${r.message}; nothing was written` }) }
      const outcome = await app.ingest.submit([event as unknown as YipingEvent], { keyId: null, actor })
      if (!outcome.ok) return { sent: reply.code(400).send({ error: outcome.details[0]?.message ?? 'refused', details: outcome.details }) }
      states.set(r.state.id, r.state)
      if (r.state.dueAt !== null && (r.state.status === 'fedBack' || r.state.status === 'closed')) await app.alarms.submitCause(clearForInstruction(r.state, at))
      else if (event.type === 'instruction.issued') arm()
      await app.audit.record({ actor, action: AUDIT[event.type], target: `instruction:${r.state.id}`, note: note ?? ('text' in event ? event.text : null), region: r.state.regionCode })
      return { state: r.state }
    })

  const visible = (req: { principal?: unknown }, id: string) => {
    const s = states.get(id)
    return s && app.auth.canSee((req as { principal: Parameters<typeof app.auth.canSee>[0] }).principal, s.regionCode) ? s : null
  }
  const base = (instructionId: string) => ({ id: `desk-${randomUUID()}`, at: toShanghaiIso(app.clock()), instructionId })

  app.post(
    '/api/v1/instructions',
    {
      onRequest: app.authorize('instruction.issue'),
      schema: {
        tags: ['duty'],
        summary: 'Issue an instruction (指令) to an account',
        description:
          'Needs `instruction.issue` (dispatcher, admin) in `region`. `assignee` is an enabled account that may read the region; ' +
          '`caseId` and `alarmId`, when given, must exist and be visible; `dueAt` lies in the future. 201 `{ id, status: "issued" }`.',
        security: [{ bearer: [] }],
        body: IssueInstructionSchema,
        response: {
          201: Type.Object({ id: Type.String(), status: Type.Literal('issued') }),
          400: ErrorBodySchema,
          401: ErrorBodySchema,
          403: ErrorBodySchema,
          404: ErrorBodySchema,
        },
      },
    },
    async (req, reply) => {
      const { region, assignee, text, caseId, alarmId, dueAt } = req.body
      const refused = refuseRegion(app, req, reply, region, 'instruction.issue')
      if (refused) return refused
      const p = req.principal!
      const account = await app.store.access.findAccount(assignee)
      if (!account || account.disabled) return reply.code(400).send({ error: `unknown assignee ${assignee}` })
      if (!app.auth.permissions.covers(account.scope, region)) return reply.code(400).send({ error: `${assignee} may not see region ${region}` })
      if (caseId !== undefined) {
        const c = await app.store.getCase(caseId)
        if (!c || !app.auth.canSee(p, c.regionCode)) return reply.code(400).send({ error: `unknown case ${caseId}` })
      }
      if (alarmId !== undefined) {
        const a = await app.store.duty.get(alarmId)
        if (!a || !app.auth.canSee(p, a.regionCode)) return reply.code(400).send({ error: `unknown alarm ${alarmId}` })
      }
      if (dueAt !== undefined && Date.parse(dueAt) <= app.clock()) return reply.code(400).send({ error: 'dueAt lies in the past' })
      const id = `I-${randomUUID()}`
      const event: InstructionEvent = {
        ...base(id),
        type: 'instruction.issued',
        regionCode: region,
        assignee,
        text: text.trim(),
        ...(caseId !== undefined ? { relatedCaseId: caseId } : {}),
        ...(alarmId !== undefined ? { alarmId } : {}),
        ...(dueAt !== undefined ? { dueAt: toShanghaiIso(Date.parse(dueAt)) } : {}),
      }
      const done = await take(null, event, p.account.username, reply)
      if ('sent' in done) return done.sent
      return reply.code(201).send({ id: done.state.id, status: 'issued' as const })
    },
  )

  const stepSchema = (summary: string, description: string, body?: ReturnType<typeof Type.Object>) => ({
    tags: ['duty'],
    summary,
    description,
    security: [{ bearer: [] }],
    params: Id,
    ...(body ? { body } : {}),
    response: { 200: InstructionSchema, 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema },
  })

  /** 签收 and 反馈: only the assignee, in order. */
  const byAssignee = (type: 'instruction.signed' | 'instruction.fedBack') => async (req: { params: { id: string }; body?: unknown; principal?: unknown }, reply: FastifyReply) => {
    const s = visible(req, req.params.id)
    if (!s) return reply.code(404).send({ error: `unknown instruction ${req.params.id}` })
    const me = (req.principal as { account: { username: string } }).account.username
    if (me !== s.assignee) return reply.code(403).send({ error: `only ${s.assignee}, the assignee, may ${type === 'instruction.signed' ? 'sign' : 'feed back on'} this instruction` })
    const event: InstructionEvent =
      type === 'instruction.signed' ? { ...base(s.id), type } : { ...base(s.id), type, text: ((req.body ?? {}) as { text: string }).text.trim() }
    const done = await take(s, event, me, reply)
    return 'sent' in done ? done.sent : view(done.state)
  }

  app.post(
    '/api/v1/instructions/:id/sign',
    { onRequest: app.authorize('self'), schema: stepSchema('Sign for an instruction (签收): its assignee only', 'issued → signed; out of order → 400; another account → 403.') },
    byAssignee('instruction.signed'),
  )
  app.post(
    '/api/v1/instructions/:id/feedback',
    {
      onRequest: app.authorize('self'),
      schema: stepSchema(
        'Feed back on an instruction (反馈): its assignee only',
        'signed → fedBack; out of order → 400; another account → 403.',
        Type.Object({ text: Type.String({ minLength: 1, maxLength: 2000 }) }),
      ),
    },
    byAssignee('instruction.fedBack'),
  )
  app.post(
    '/api/v1/instructions/:id/close',
    {
      onRequest: app.authorize('instruction.issue'),
      schema: stepSchema(
        'Close an instruction (办结) once fed back',
        'Needs `instruction.issue` in its region; fedBack → closed; out of order → 400.',
        Type.Object({ note: Type.Optional(Type.String({ maxLength: 500 })) }),
      ),
    },
    async (req, reply) => {
      const s = visible(req, req.params.id)
      if (!s) return reply.code(404).send({ error: `unknown instruction ${req.params.id}` })
      const p = req.principal!
      const refused = app.auth.permissions.refusal(p, 'instruction.issue', s.regionCode)
      if (refused) return reply.code(403).send({ error: refused })
      const note = (req.body as { note?: string } | undefined)?.note?.trim() || undefined
      const done = await take(s, { ...base(s.id), type: 'instruction.closed', ...(note ? { note } : {}) }, p.account.username, reply, note ?? null)
      return 'sent' in done ? done.sent : view(done.state)
    },
  )

  app.get(
    '/api/v1/instructions',
    {
      onRequest: app.authorize('read'),
      schema: {
        tags: ['duty'],
        summary: "A region's instructions (its whole subtree), newest first; `assignee=me` for the caller's inbox",
        security: [{ bearer: [] }],
        querystring: InstructionListQuerySchema,
        response: { 200: Type.Object({ items: Type.Array(InstructionSchema) }), 403: ErrorBodySchema, 404: ErrorBodySchema },
      },
    },
    async (req, reply) => {
      const { region, status, assignee } = req.query
      const refused = refuseRegion(app, req, reply, region)
      if (refused) return refused
      const who = assignee === 'me' ? req.principal!.account.username : assignee
      const items = [...states.values()]
        .filter((s) => (s.regionCode === region || app.regions.isWithin(s.regionCode, region)) && (!status || s.status === status) && (!who || s.assignee === who))
        .sort((a, b) => b.issuedAt - a.issuedAt || b.id.localeCompare(a.id))
      return { items: items.map(view) }
    },
  )

  app.get(
    '/api/v1/instructions/:id',
    {
      onRequest: app.authorize('read'),
      schema: { tags: ['duty'], summary: 'One instruction', security: [{ bearer: [] }], params: Id, response: { 200: InstructionSchema, 404: ErrorBodySchema } },
    },
    async (req, reply) => {
      const s = visible(req, req.params.id)
      return s ? view(s) : reply.code(404).send({ error: `unknown instruction ${req.params.id}` })
    },
  )
}
// Not encapsulated: the duty routes and the alarms read the instructions through app.instructions.
export default fp(instructions, { name: 'instructions', dependencies: ['store', 'regions', 'ingest', 'audit', 'auth', 'alarms', 'aggregator'] })
