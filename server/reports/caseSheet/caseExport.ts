import type { Writable } from 'node:stream'
import type { CaseFilter } from '../../../shared/api/cases'
import type { ErrorBody } from '../../../shared/api/errors'
import type { RegionTree } from '../../../shared/regions/tree'
import type { CaseSelection, Store } from '../../store/types'
import { formatCount } from '../format'
import { casePages } from './casePages'
import { caseSheetTitle } from './title'

/** An export checked and counted, ready to write. */
export interface CaseExport {
  filter: CaseFilter
  selection: CaseSelection
  regionName: string
  /** Cases matching when it was counted: the progress bar's end. */
  total: number
  at: number
  actor: string
  fileName: string
  /** The same in ASCII, for clients that cannot read `filename*`. */
  asciiName: string
}

const stamp = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-')

/** 案件清单-富阳区-20260616-1005.xlsx, and cases-330111-20260616-1005.xlsx for old clients. */
export const caseFileNames = (regionName: string, code: string, at: number) => ({
  fileName: `案件清单-${regionName}-${stamp(at)}.xlsx`,
  asciiName: `cases-${code}-${stamp(at)}.xlsx`,
})

/**
 * Count what a (valid, in-scope) selection matches and refuse, before a byte is written, an export
 * larger than `maxRows`: the person narrows the filter instead of waiting for a file nobody can open.
 */
export async function prepareCaseExport(
  store: Store,
  tree: RegionTree,
  req: { filter: CaseFilter; selection: CaseSelection; at: number; actor: string; maxRows: number },
): Promise<{ ok: true; export: CaseExport } | { ok: false; body: ErrorBody }> {
  const total = await store.countCases(req.selection)
  if (total > req.maxRows)
    return {
      ok: false,
      body: {
        error: `${formatCount(total)} cases match; an export holds at most ${formatCount(req.maxRows)}: narrow the region, period or filter`,
        details: [{ path: '/querystring', message: `matches ${total} cases, more than ${req.maxRows}` }],
      },
    }
  const regionName = tree.get(req.filter.region)!.name
  return { ok: true, export: { filter: req.filter, selection: req.selection, regionName, total, at: req.at, actor: req.actor, ...caseFileNames(regionName, req.filter.region, req.at) } }
}

/** Write the prepared export to `out` with backpressure; stops (rejects) when `signal` aborts. */
export async function writeCaseExport(
  store: Store,
  tree: RegionTree,
  e: CaseExport,
  out: Writable,
  opts: { signal?: AbortSignal; progress?: (rows: number) => void } = {},
): Promise<number> {
  const { signal } = opts
  const drained = async () => {
    signal?.throwIfAborted()
    if (!out.writableNeedDrain) return
    await new Promise<void>((resolve, reject) => {
      const done = () => {
        out.off('drain', done)
        signal?.removeEventListener('abort', done)
        if (signal?.aborted) reject(signal.reason)
        else resolve()
      }
      out.on('drain', done)
      signal?.addEventListener('abort', done)
    })
  }
  const pages = casePages(store, tree, { region: e.filter.region, selection: e.selection, sort: e.filter.sort ?? 'newest', now: e.at, ...(signal ? { signal } : {}) })
  // ExcelJS loads at the first export, not at start-up.
  const { writeCaseSheet } = await import('./writeCaseSheet')
  return writeCaseSheet(out, caseSheetTitle(e.filter, e.regionName, e.at, e.actor), { pages, drained, ...(opts.progress ? { progress: opts.progress } : {}) })
}
