import { periodFromUrl, writePeriod, type PeriodChoice } from '../period/choice'

/**
 * The address bar is the wall's navigation: what it shows (`region`), over which period
 * (`period`, or `from`/`to`) and how children are ranked (`rankBy`), so any view can be
 * deep-linked, pinned to a kiosk (`&token=` is removed once read, the rest stays) and walked
 * back and forward. Read and written here only.
 */
export interface Address {
  region: string | null
  period: PeriodChoice
  rankBy: string | null
}

export function readAddress(href: string = window.location.href): Address {
  const params = new URL(href).searchParams
  return { region: params.get('region'), period: periodFromUrl(params), rankBy: params.get('rankBy') }
}

/** A new history entry with `patch` applied; parameters it does not name are kept. */
export function pushAddress(patch: Partial<Address>): void {
  const url = new URL(window.location.href)
  if (patch.region !== undefined) setOrDelete(url.searchParams, 'region', patch.region)
  if (patch.period !== undefined) writePeriod(url.searchParams, patch.period)
  if (patch.rankBy !== undefined) setOrDelete(url.searchParams, 'rankBy', patch.rankBy)
  const next = url.pathname + url.search + url.hash
  if (next !== window.location.pathname + window.location.search + window.location.hash) window.history.pushState(null, '', next)
}

function setOrDelete(params: URLSearchParams, key: string, value: string | null) {
  if (value === null) params.delete(key)
  else params.set(key, value)
}
