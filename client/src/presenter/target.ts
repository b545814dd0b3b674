import type { PlaylistItem, PlaylistPeriod } from '../../../shared/api/playlists'
import type { PresenterState } from '../../../shared/live/presenter'
import type { WallPage } from '../../../shared/themes/pages'
import { writePeriod, type PeriodChoice } from '../period/choice'

/** What the wall shows: a region's page over a period (null: the wall's own), live or as of an instant. */
export interface WallTarget {
  region: string
  page: WallPage
  period: PeriodChoice | null
  asOf: number | null
}

/** The API's period (`"month"` or `{ from, to }`) as the wall's choice. */
export const periodChoice = (p: PlaylistPeriod | null | undefined): PeriodChoice | null =>
  p === undefined || p === null ? null : typeof p === 'string' ? { preset: p } : { from: p.from, to: p.to }

export const itemTarget = (i: PlaylistItem): WallTarget => ({ region: i.region, page: i.page, period: periodChoice(i.period), asOf: null })

export const stateTarget = (s: PresenterState): WallTarget => ({
  region: s.region,
  page: s.page,
  period: periodChoice(s.period),
  asOf: s.asOf === null ? null : Date.parse(s.asOf),
})

/** Region, page and period in the address without a new history entry (a playlist turns forever). */
export function replaceTarget(t: WallTarget): void {
  const url = new URL(window.location.href)
  url.searchParams.set('region', t.region)
  if (t.page === 'overview') url.searchParams.delete('page')
  else url.searchParams.set('page', t.page)
  if (t.period) writePeriod(url.searchParams, t.period)
  window.history.replaceState(null, '', url.pathname + url.search + url.hash)
}
