import { isWallPage, type WallPage } from '../../../shared/themes/pages'

/** The wall's page in the address (`?page=`); anything unknown is the overview. */
export function readPage(href: string = window.location.href): WallPage {
  const p = new URL(href).searchParams.get('page')
  return isWallPage(p) ? p : 'overview'
}

