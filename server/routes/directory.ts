import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import {
  AlarmContactsSchema,
  DIRECTORY_ROLE_LABELS,
  DIRECTORY_ROLES,
  DirectoryPersonSchema,
  DirectoryQuerySchema,
  ImportResultSchema,
  ImportRowErrorSchema,
  type DirectoryPerson,
  type DirectoryRole,
} from '../../shared/api/directory'
import { ErrorBodySchema } from '../../shared/api/errors'
import { maskPhone } from '../../shared/privacy/mask'
import { regionPath } from '../../shared/regions/tree'
import { revealPersonalData, REVEAL_LIMIT_TEXT } from '../auth/reveal'
import { MAX_IMPORT_ROWS, readDirectoryCsv } from '../domain/directory/importRows'
import type { DirectoryRecord } from '../store/desk'
import { refuseRegion } from './regionAccess'

const MAX_CSV_BYTES = 5 * 1024 * 1024
/** People one directory answer lists at most (a district's directory is a few thousand). */
const LIST_LIMIT = 5000
const Id = Type.Object({ id: Type.Integer({ minimum: 1 }) })
const roleRank = (r: string) => DIRECTORY_ROLES.indexOf(r as DirectoryRole)

/**
 * The directory (通讯录): the people a duty room calls (网格长, 村书记, 应急责任人, 包案领导) per region
 * and risk point, imported from CSV all or nothing, always answered with phones masked; one phone
 * is revealed through the same audited, throttled path as a case's reporter (auth/reveal.ts).
 */
const directory: FastifyPluginAsyncTypebox = async (app) => {
  // Spreadsheets export CSV; the file is the body as it is (this plugin's routes only).
  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string', bodyLimit: MAX_CSV_BYTES }, (_req, body, done) => done(null, body))

  const view = (r: DirectoryRecord): DirectoryPerson => ({
    id: r.id,
    name: r.name,
    phone: maskPhone(r.phone),
    role: r.role as DirectoryRole,
    roleLabel: DIRECTORY_ROLE_LABELS[r.role as DirectoryRole] ?? r.role,
    regionCode: r.regionCode,
    regionName: app.regions.get(r.regionCode)?.name ?? r.regionCode,
    riskPointId: r.riskId,
  })

  app.post(
    '/api/v1/directory/import',
    {
      onRequest: app.authorize('directory.manage'),
      bodyLimit: MAX_CSV_BYTES,
      schema: {
        tags: ['duty'],
        summary: 'Import people into the directory (通讯录) from CSV, all or nothing; `dryRun=1` checks only',
        description:
          'Body: a CSV file (`Content-Type: text/csv`), header `name,phone,role,region,riskPointId` (or 姓名,电话,角色,区域,风险点), ' +
          `at most ${MAX_IMPORT_ROWS} rows. \`role\`: ${DIRECTORY_ROLES.map((r) => `${r} or ${DIRECTORY_ROLE_LABELS[r]}`).join(', ')}. ` +
          '`region`: a region code inside the caller’s scope; `riskPointId` (optional): a risk point inside that region. ' +
          'A person already there (same region, risk point, role and name) gets the new phone. Any wrong row: 400 with every row’s ' +
          'errors by line, nothing written. Needs `directory.manage` (dispatcher, admin). Audited.',
        security: [{ bearer: [] }],
        querystring: Type.Object({ dryRun: Type.Optional(Type.Union([Type.Literal('1'), Type.Literal('0'), Type.Literal('true'), Type.Literal('false')])) }),
        body: Type.String({ description: 'the CSV file' }),
        response: {
          200: ImportResultSchema,
          400: Type.Object({
            error: Type.String(),
            errors: Type.Optional(Type.Array(ImportRowErrorSchema)),
            details: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String() }))),
          }),
          401: ErrorBodySchema,
          403: ErrorBodySchema,
        },
      },
    },
    async (req, reply) => {
      const p = req.principal!
      if (typeof req.body !== 'string') return reply.code(400).send({ error: 'send the CSV file as the body, Content-Type: text/csv' })
      const scope = p.scope ?? app.regions.root.code
      const risks = new Map((await app.store.listRisks(regionPath(app.regions, scope))).map((r) => [r.id, r.regionCode]))
      const read = readDirectoryCsv(req.body, {
        regionRefusal: (code) => (!app.regions.has(code) ? `unknown region ${code}` : app.auth.permissions.refusal(p, 'directory.manage', code)),
        riskRefusal: (id, region) => {
          const at = risks.get(id)
          if (at === undefined) return `unknown risk point ${id}`
          return app.regions.isWithin(at, region) ? null : `risk point ${id} lies outside region ${region}`
        },
      })
      if (!read.ok) return reply.code(400).send({ error: `${read.errors.length} problem(s) in the file; nothing was written`, errors: read.errors })
      const dryRun = req.query.dryRun === '1' || req.query.dryRun === 'true'
      const by = p.account.username
      const counts = await app.store.desk.importDirectory(read.people, { by, at: app.clock(), dryRun }, (code) => regionPath(app.regions, code))
      if (!dryRun)
        await app.audit.record({
          actor: by,
          action: 'directory.imported',
          target: `directory:${scope}`,
          note: `${read.people.length} 行：新增 ${counts.created}，更新 ${counts.updated}`,
          region: scope,
        })
      return { dryRun, rows: read.people.length, ...counts }
    },
  )

  app.get(
    '/api/v1/directory',
    {
      onRequest: app.authorize('read'),
      schema: {
        tags: ['duty'],
        summary: 'People of the directory in a region’s subtree (optionally of one risk point or role); phones masked',
        security: [{ bearer: [] }],
        querystring: DirectoryQuerySchema,
        response: { 200: Type.Object({ items: Type.Array(DirectoryPersonSchema) }), 403: ErrorBodySchema, 404: ErrorBodySchema },
      },
    },
    async (req, reply) => {
      const refused = refuseRegion(app, req, reply, req.query.region)
      if (refused) return refused
      const items = await app.store.desk.listDirectory({
        regionPath: regionPath(app.regions, req.query.region),
        ...(req.query.riskPointId ? { riskId: req.query.riskPointId } : {}),
        ...(req.query.role ? { role: req.query.role } : {}),
        limit: LIST_LIMIT,
      })
      return { items: items.map(view) }
    },
  )

  app.post(
    '/api/v1/directory/:id/phone',
    {
      onRequest: app.authorize('personalData'),
      schema: {
        tags: ['duty'],
        summary: 'One person’s phone unmasked; needs the personal-data permission and is logged (who, when)',
        description: `The same path as a case’s reporter: ${REVEAL_LIMIT_TEXT} (then 429). 404 outside the caller’s scope.`,
        security: [{ bearer: [] }],
        params: Id,
        response: { 200: Type.Object({ id: Type.Integer(), name: Type.String(), phone: Type.String() }), 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema, 429: ErrorBodySchema },
      },
    },
    async (req, reply) => {
      const person = await app.store.desk.getPerson(req.params.id)
      if (!person || !app.auth.canSee(req.principal!, person.regionCode)) return reply.code(404).send({ error: `unknown person ${req.params.id}` })
      const refused = await revealPersonalData(app, req, reply, { action: 'directory.phone.unmasked', target: `person:${person.id}`, region: person.regionCode })
      if (refused) return refused
      return { id: person.id, name: person.name, phone: person.phone }
    },
  )

  app.get(
    '/api/v1/alarms/:id/contacts',
    {
      onRequest: app.authorize('read'),
      schema: {
        tags: ['duty'],
        summary: 'Who to call for an alarm: the people of its risk point, then of its region and each region above up to the town, nearest first; phones masked',
        security: [{ bearer: [] }],
        params: Id,
        response: { 200: AlarmContactsSchema, 404: ErrorBodySchema },
      },
    },
    async (req, reply) => {
      const a = await app.store.duty.get(req.params.id)
      if (!a || !app.auth.canSee(req.principal!, a.regionCode)) return reply.code(404).send({ error: `unknown alarm ${req.params.id}` })
      const riskId = a.kind === 'risk.alarm' ? a.subjectId : null
      // Nearest first, up to the town: a village's people, then the town's (the district's only for an alarm above the towns).
      const lineage = app.regions.get(a.regionCode)?.lineage ?? [a.regionCode]
      const townAt = lineage.findIndex((c) => app.regions.levelOf(c) === 'town')
      const regions = townAt < 0 ? lineage.slice(0, 1) : lineage.slice(0, townAt + 1)
      const people = await app.store.desk.contactsOf({ regionCodes: regions, riskId })
      const distance = (r: DirectoryRecord) => (riskId !== null && r.riskId === riskId ? 0 : regions.indexOf(r.regionCode) + 1)
      const items = people
        .sort((x, y) => distance(x) - distance(y) || roleRank(x.role) - roleRank(y.role) || x.name.localeCompare(y.name, 'zh-CN'))
        .map((r) => ({ ...view(r), via: r.riskId !== null ? ('riskPoint' as const) : ('region' as const), distance: distance(r) }))
      return { alarmId: a.id, items }
    },
  )
}
export default directory
