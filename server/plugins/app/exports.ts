import path from 'node:path'
import type { Writable } from 'node:stream'
import fp from 'fastify-plugin'
import type { CaseFilter } from '../../../shared/api/cases'
import type { ErrorBody } from '../../../shared/api/errors'
import type { ExportJob } from '../../../shared/api/exports'
import type { Principal } from '../../auth/principal'
import { prepareCaseExport, writeCaseExport, type CaseExport } from '../../reports/caseSheet/caseExport'
import { ExportJobs } from '../../reports/exportJobs'
import type { CaseSelection } from '../../store/types'

/** Files written at once on this server (case lists streamed or in jobs); more wait for a 429 retry. */
export const EXPORT_SLOTS = 2

export interface ExportService {
  /** Count a checked selection; refused (400 body) when it is larger than the configured limit. */
  prepareCases(p: Principal, filter: CaseFilter, selection: CaseSelection, at: number): Promise<{ ok: true; export: CaseExport } | { ok: false; body: ErrorBody }>
  /** A slot to write a file in, or null when EXPORT_SLOTS are busy. Call the returned function when done. */
  takeSlot(): (() => void) | null
  /** Write a prepared case list to `out` (the caller holds a slot). */
  writeCases(e: CaseExport, out: Writable, signal?: AbortSignal): Promise<number>
  /** Write a prepared case list in the background (the job releases `release` when it ends). */
  startCases(p: Principal, e: CaseExport, release: () => void): ExportJob
  jobs: ExportJobs
  /** Who exported what, in the audit trail. */
}

declare module 'fastify' {
  interface FastifyInstance {
    exports: ExportService
  }
}

/** Case lists as XLSX (streamed or as background jobs with progress), bounded in number at once. */
export default fp(
  async (app) => {
    const { store, regions, clock, config } = app
    const jobs = new ExportJobs(path.join(config.dataDir, 'exports'), clock, (err) => app.log.error({ err }, 'export failed'))
    let busy = 0
    const service: ExportService = {
      jobs,
      prepareCases: (p, filter, selection, at) =>
        prepareCaseExport(store, regions, { filter, selection, at, actor: p.account.username, maxRows: config.exportMaxRows }),
      takeSlot() {
        if (busy >= EXPORT_SLOTS) return null
        busy++
        let released = false
        return () => {
          if (!released) busy--
          released = true
        }
      },
      writeCases: (e, out, signal) => writeCaseExport(store, regions, e, out, signal ? { signal } : {}),
      startCases: (p, e, release) =>
        jobs.start(p.account.id, e, (out, signal, progress) => writeCaseExport(store, regions, e, out, { signal, progress }), release),
    }
    app.decorate('exports', service)
    app.addHook('onClose', async () => jobs.close())
  },
  { name: 'exports', dependencies: ['config', 'store', 'regions'] },
)
