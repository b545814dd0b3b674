import type { ErrorDetail } from '../../../shared/api/errors'
import { periodProblem, type PlaylistInput } from '../../../shared/api/playlists'
import { minutesOf, type DailyWindow } from '../../../shared/playlists/schedule'
import type { RegionTree } from '../../../shared/regions/tree'

export type PlaylistCheck =
  | { ok: true; region: string }
  | { ok: false; status: 400; details: ErrorDetail[] }
  | { ok: false; status: 403; error: string }

/** The nearest region holding every one of `codes` (all known): the playlist's own region. */
export function commonRegion(tree: RegionTree, codes: readonly string[]): string {
  let lineage = [...tree.get(codes[0]!)!.lineage]
  for (const code of codes.slice(1)) {
    const other = new Set(tree.get(code)!.lineage)
    lineage = lineage.filter((c) => other.has(c))
  }
  return lineage[0]!
}

const emptyWindow = (w: DailyWindow | null | undefined) => !!w && minutesOf(w.from) === minutesOf(w.to)

/**
 * What the schema cannot say about a playlist: every region exists (400 naming each item), no
 * window is empty, no period names a day that does not exist or ends before it starts; then every
 * region must be one the caller may write in (403, `refusal` through the permission model). On
 * success, the playlist's region.
 */
export function checkPlaylist(p: PlaylistInput, tree: RegionTree, refusal: (code: string) => string | null): PlaylistCheck {
  const details: ErrorDetail[] = []
  if (emptyWindow(p.schedule)) details.push({ path: '/schedule', message: 'from and to are the same time: the window is empty' })
  p.items.forEach((item, i) => {
    if (!tree.has(item.region)) details.push({ path: `/items/${i}/region`, message: `unknown region ${item.region}` })
    if (emptyWindow(item.schedule)) details.push({ path: `/items/${i}/schedule`, message: 'from and to are the same time: the window is empty' })
    const period = periodProblem(item.period)
    if (period) details.push({ path: `/items/${i}/period`, message: period })
  })
  if (details.length > 0) return { ok: false, status: 400, details }
  for (const item of p.items) {
    const refused = refusal(item.region)
    if (refused) return { ok: false, status: 403, error: refused }
  }
  return { ok: true, region: commonRegion(tree, p.items.map((i) => i.region)) }
}
