/** Where a login's (or a kiosk address's) token is kept in localStorage. */
export const TOKEN_KEY = 'yiping.token'

/** The token this screen runs as: a kiosk address's `?token=` (when not empty), else the one kept from a login; no side effects. */
export function tokenOf(url: URL): string | null {
  return url.searchParams.get('token') || localStorage.getItem(TOKEN_KEY)
}
