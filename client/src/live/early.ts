import { readAsOf } from '../replay/instant'
import { tokenOf } from '../stores/tokenKey'
import { dialEarly } from './socket'

/*
 * Run first of the page's modules (main.ts, the entry, imports it; Vue and the app are a chunk
 * evaluated after): a wall that will go live (the wall's path, a token in the address or kept from
 * a login, no replay instant) dials its socket now, and main.ts mounts the app once the line has
 * connected, so the connection is made while the app's chunk is fetched and evaluated, and the
 * first figures are computed while the wall is rendered. The token is the one the session store will take (stores/tokenKey.ts
 * `tokenOf`); the live store takes the line (live/socket.ts `takeEarlyLine`), and a line for another
 * token is closed then.
 */

/** Every path but those of the other screens (App.vue's routes). */
const WALL_PATH = /^\/(?!(duty|compare|admin|present)\/?$)/

function earlyToken(): string | null {
  try {
    return tokenOf(new URL(window.location.href))
  } catch {
    return null
  }
}

const token = earlyToken()
/** Whether the socket is dialled here (main.ts then mounts once it has connected: live/socket.ts `earlyLineSettled`). */
const dialled = token !== null && WALL_PATH.test(window.location.pathname) && readAsOf() === null
if (dialled && token !== null) dialEarly(token)
