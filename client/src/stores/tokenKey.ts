/** Where a login's (or a kiosk address's) token is kept in localStorage. */
export const TOKEN_KEY = 'yiping.token'
