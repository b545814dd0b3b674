import { io, type Socket } from 'socket.io-client'
import { LIVE_NAMESPACE, type ClientToServerEvents, type ServerToClientEvents } from '../../../shared/live/protocol'

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>

/** An open connection to /live and the one way to end it (the redial with it). */
export interface LiveLine {
  socket: LiveSocket
  /** Releases the listeners, any pending redial and the connection; it is never dialled again. */
  close: () => void
}

/** Socket.IO does not retry by itself after the server hung up (a node restarting): we do, after this. */
export const REDIAL_MS = 1500

/**
 * One connection to /live; Socket.IO reconnects by itself with backoff (1 s doubling to 10 s),
 * and after a server-side hang-up this redials once more, until the owner closes the line or the
 * token is refused. WebSocket only: with several nodes behind a load balancer, long-polling's
 * requests would need to stick to one node, a WebSocket is one connection to one node however it
 * was balanced. `base` is the server's origin where the page's own will not do (Node).
 */
export function openLiveSocket(token: string, base = ''): LiveLine {
  const socket: LiveSocket = io(`${base}${LIVE_NAMESPACE}`, {
    auth: { token },
    transports: ['websocket'],
    reconnectionDelay: 1000,
    reconnectionDelayMax: 10_000,
    randomizationFactor: 0.3,
  })
  let redial: ReturnType<typeof setTimeout> | undefined
  let ended = false
  const end = () => {
    ended = true
    clearTimeout(redial)
  }
  socket.on('disconnect', (reason) => {
    if (reason !== 'io server disconnect' || ended) return
    clearTimeout(redial)
    redial = setTimeout(() => !ended && socket.connect(), REDIAL_MS)
  })
  socket.on('connect_error', (err) => {
    if (/unauthorized/.test(err.message)) end()
  })
  return {
    socket,
    close() {
      end()
      socket.removeAllListeners()
      socket.disconnect()
    },
  }
}

/** The line dialled before the app was evaluated (live/early.ts), until the live store takes it. */
let early: { token: string; line: LiveLine } | null = null

/**
 * Dials /live for `token` now, before Vue renders the wall: the browser makes the connection while
 * the main thread renders, instead of after. The live store takes the line when it starts
 * (`takeEarlyLine`).
 */
export function dialEarly(token: string, base = ''): LiveLine {
  early?.line.close()
  early = { token, line: openLiveSocket(token, base) }
  return early.line
}

/**
 * The line dialled early for `token`, once; null when there is none, it was for another token, or
 * it was refused meanwhile (then it is closed: the store opens a fresh one, which reports the refusal).
 */
export function takeEarlyLine(token: string | null): LiveLine | null {
  const taken = early
  early = null
  if (!taken) return null
  if (taken.token === token && taken.line.socket.active) return taken.line
  taken.line.close()
  return null
}

/** Closes a line dialled early that no live store took (the wall left before it went live). */
export function dropEarlyLine(): void {
  takeEarlyLine(null)
}

/**
 * Resolves once the line dialled early has connected or failed, or `capMs` after the call when it
 * has done neither by then; at once when there is none or it has connected already. Resolved in the
 * task that heard it connect (main.ts mounts the wall then). A line that failed is dropped: the live
 * store dials afresh and hears the failure itself (the wall says 离线 or asks for a login at once).
 */
export function earlyLineSettled(capMs: number): Promise<void> {
  const s = early?.line.socket
  if (!s || s.connected) return Promise.resolve()
  if (!s.active) {
    dropEarlyLine()
    return Promise.resolve()
  }
  return new Promise((resolve) => {
    const done = (failed: boolean) => {
      clearTimeout(timer)
      s.off('connect', connected)
      s.off('connect_error', refused)
      if (failed && early?.line.socket === s) dropEarlyLine()
      resolve()
    }
    const connected = () => done(false)
    const refused = () => done(true)
    const timer = setTimeout(() => done(false), capMs)
    s.on('connect', connected)
    s.on('connect_error', refused)
  })
}
