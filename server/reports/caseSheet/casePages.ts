import type { CaseView } from '../../../shared/api/cases'
import type { RegionTree } from '../../../shared/regions/tree'
import { caseView } from '../../routes/views'
import type { CaseSelection, Store } from '../../store/types'

/**
 * Cases per store read. A page of a region's subtree in the list's order costs the store one pass
 * over the subtree whatever its size (SQLite sorts the subtree for each page), so an export reads
 * few large pages: 20 for 100,000 rows, about 10 MB of cases held at a time.
 */
export const PAGE_SIZE = 5000

/** "春江街道 / 春江村": where a case lies below the exported region (the region's name when at it). */
export function whereBelow(tree: RegionTree, top: string, code: string): string {
  const path = tree.path(code)
  const below = path.slice(path.indexOf(top) + 1)
  return (below.length ? below : [top]).map((c) => tree.get(c)?.name ?? c).join(' / ')
}

/**
 * The cases of a selection, page after page by the store's cursor: exactly what GET /api/v1/cases
 * pages through, masked by the same view. Only one page is held at a time.
 */
export async function* casePages(
  store: Store,
  tree: RegionTree,
  opts: { region: string; selection: CaseSelection; sort: 'newest' | 'urgent'; now: number; signal?: AbortSignal; pageSize?: number },
): AsyncGenerator<Array<{ view: CaseView; where: string }>> {
  let cursor: string | null | undefined
  do {
    opts.signal?.throwIfAborted()
    const page = await store.listCases({ ...opts.selection, sort: opts.sort, limit: opts.pageSize ?? PAGE_SIZE, ...(cursor ? { cursor } : {}) })
    yield page.items.map((c) => ({ view: caseView(c, tree, opts.now), where: whereBelow(tree, opts.region, c.regionCode) }))
    cursor = page.nextCursor
  } while (cursor)
}
