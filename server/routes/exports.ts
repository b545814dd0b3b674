import fs from 'node:fs'
import { PassThrough } from 'node:stream'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ErrorBodySchema } from '../../shared/api/errors'
import { CaseExportQuerySchema, ExportJobSchema, ExportRequestSchema } from '../../shared/api/exports'
import type { CaseFilter } from '../../shared/api/cases'
import { XLSX_TYPE } from '../reports/caseSheet/xlsxType'
import { attachment, fileResponse } from '../reports/download'
import { caseSelection } from './caseFilter'
import { refuseRegion } from './regionAccess'

const BUSY = { error: 'other exports are being written right now; try again in a minute' }

/** The filter again as a query string: what the audit trail records, enough to run it once more. */
const filterNote = (f: CaseFilter, total: number) => {
  const entries = Object.entries(f).filter(([k, v]) => v !== undefined && k !== 'format' && k !== 'kind')
  return `${new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString()}; rows=${total}`
}

/**
 * Case lists taken away: GET /api/v1/cases/export streams the XLSX in one request (scripts,
 * integrators); POST /api/v1/exports writes it in the background so a person sees rows written out
 * of rows expected, then fetches the finished file. Both check scope and filter like the case list
 * and refuse before writing anything.
 */
const exportsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/cases/export',
    {
      onRequest: app.authorize('export'),
      schema: {
        tags: ['export'],
        summary: 'The case list of GET /api/v1/cases for the same filter, as an XLSX file, streamed',
        description:
          'One row per matching case in the order of the case list (sort=newest by default), reporters masked. ' +
          'A title row says region, period, filter and export time; the header row is frozen. ' +
          `At most YIPING_EXPORT_MAX_ROWS rows (default 100,000): a larger selection is refused with 400 before anything is written. ` +
          '429 while two exports are being written. Audited (who, what filter).',
        security: [{ bearer: [] }],
        querystring: CaseExportQuerySchema,
        response: { 200: fileResponse(XLSX_TYPE, 'the XLSX file'), 400: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema, 429: ErrorBodySchema },
      },
    },
    async (req, reply) => {
      const refused = refuseRegion(app, req, reply, req.query.region, 'export')
      if (refused) return refused
      const at = app.clock()
      const chosen = caseSelection(app, req.query, at)
      if ('refused' in chosen) return reply.code(400).send(chosen.refused)
      const release = app.exports.takeSlot()
      if (!release) return reply.code(429).send(BUSY)
      const principal = req.principal!
      const prepared = await app.exports.prepareCases(principal, req.query, chosen.selection, at).catch((err: unknown) => {
        release()
        throw err
      })
      if (!prepared.ok) {
        release()
        return reply.code(400).send(prepared.body)
      }
      const e = prepared.export
      await app.audit.record({ actor: principal.account.username, action: 'cases.export', target: `region:${e.filter.region}`, note: filterNote(req.query, e.total), region: e.filter.region })
      const body = new PassThrough()
      const stop = new AbortController()
      reply.raw.once('close', () => {
        if (!reply.raw.writableFinished) stop.abort(new Error('the client went away'))
      })
      app.exports
        .writeCases(e, body, stop.signal)
        .catch((err: unknown) => {
          if (!stop.signal.aborted) req.log.error({ err }, 'case export failed while streaming')
          body.destroy(err instanceof Error ? err : new Error(String(err)))
        })
        .finally(release)
      return reply
        .header('content-type', XLSX_TYPE)
        .header('content-disposition', attachment(e.fileName, e.asciiName))
        .header('x-export-rows', String(e.total))
        .send(body)
    },
  )

  app.post(
    '/api/v1/exports',
    {
      onRequest: app.authorize('export'),
      schema: {
        tags: ['export'],
        summary: 'Start writing a case list (XLSX) in the background; follow it with GET /api/v1/exports/:id',
        description:
          'The same filter, checks and limits as GET /api/v1/cases/export. 202 with the job: `total` is the number of ' +
          'matching cases, `rows` grows as they are written. The job and its file belong to the caller, live on the node ' +
          'that answered, and are kept 15 minutes after they finish.',
        security: [{ bearer: [] }],
        body: ExportRequestSchema,
        response: { 202: ExportJobSchema, 400: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema, 429: ErrorBodySchema },
      },
    },
    async (req, reply) => {
      const { kind: _kind, ...filter } = req.body
      const refused = refuseRegion(app, req, reply, filter.region, 'export')
      if (refused) return refused
      const at = app.clock()
      const chosen = caseSelection(app, filter, at)
      if ('refused' in chosen) return reply.code(400).send({ ...chosen.refused, details: chosen.refused.details?.map((d) => ({ ...d, path: d.path.replace('/querystring', '/body') })) })
      const release = app.exports.takeSlot()
      if (!release) return reply.code(429).send(BUSY)
      const principal = req.principal!
      const prepared = await app.exports.prepareCases(principal, filter, chosen.selection, at).catch((err: unknown) => {
        release()
        throw err
      })
      if (!prepared.ok) {
        release()
        return reply.code(400).send(prepared.body)
      }
      await app.audit.record({ actor: principal.account.username, action: 'cases.export', target: `region:${filter.region}`, note: filterNote(filter, prepared.export.total), region: filter.region })
      return reply.code(202).send(app.exports.startCases(principal, prepared.export, release))
    },
  )

  const JobId = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) })

  app.get(
    '/api/v1/exports/:id',
    {
      onRequest: app.authorize('export'),
      schema: {
        tags: ['export'],
        summary: 'An export job: status, rows written, total',
        security: [{ bearer: [] }],
        params: JobId,
        response: { 200: ExportJobSchema, 404: ErrorBodySchema },
      },
    },
    async (req, reply) => {
      const job = app.exports.jobs.get(req.params.id, req.principal!.account.id)
      return job ?? reply.code(404).send({ error: `no export ${req.params.id} (unknown, expired or not yours)` })
    },
  )

  app.get(
    '/api/v1/exports/:id/file',
    {
      onRequest: app.authorize('export'),
      schema: {
        tags: ['export'],
        summary: "A finished export's file",
        description: '409 while it is still being written; 404 when unknown, failed, expired or started by another account.',
        security: [{ bearer: [] }],
        params: JobId,
        response: { 200: fileResponse(XLSX_TYPE, 'the XLSX file'), 404: ErrorBodySchema, 409: ErrorBodySchema },
      },
    },
    async (req, reply) => {
      const file = app.exports.jobs.file(req.params.id, req.principal!.account.id)
      if (file === 'running') return reply.code(409).send({ error: 'the export is still being written' })
      if (!file) return reply.code(404).send({ error: `no file for export ${req.params.id} (unknown, failed, expired or not yours)` })
      return reply
        .header('content-type', XLSX_TYPE)
        .header('content-disposition', attachment(file.fileName, file.asciiName))
        .send(fs.createReadStream(file.path))
    },
  )
}
export default exportsRoutes
