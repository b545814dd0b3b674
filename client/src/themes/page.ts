import { isWallPage, type WallPage } from '../../../shared/themes/pages'

/** The wall's page in the address (`?page=`); anything unknown is the overview. */
export function readPage(href: string = window.location.href): WallPage {
  const p = new URL(href).searchParams.get('page')
  return isWallPage(p) ? p : 'overview'
}

/** Region and page in the address without a new history entry (a rotation turns forever). */
export function replaceRegionPage(region: string, page: WallPage): void {
  const url = new URL(window.location.href)
  url.searchParams.set('region', region)
  if (page === 'overview') url.searchParams.delete('page')
  else url.searchParams.set('page', page)
  window.history.replaceState(null, '', url.pathname + url.search + url.hash)
}
