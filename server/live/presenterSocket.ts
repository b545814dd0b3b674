import { Value } from 'typebox/value'
import { periodProblem } from '../../shared/api/playlists'
import { isWallName, PresenterTakeSchema, wallOfRoom, wallRoom } from '../../shared/live/presenter'
import type { Principal } from '../auth/principal'
import type { LiveNamespace, PresenterRelay } from './presenter'
import type { LiveSocket } from './subscribe'

/** Walls a socket may follow at once (a seat switching between walls leaves the last one). */
const MAX_WALLS_PER_SOCKET = 4

interface Deps {
  nsp: LiveNamespace
  relay: PresenterRelay
  /** The socket's token checked again (still live, account enabled): the fresh principal, or null. */
  refresh: (socket: LiveSocket) => Promise<Principal | null>
  refusal: (p: Principal, action: 'read' | 'present', region?: string) => string | null
}

function invalidTake(req: unknown): string | null {
  if (Value.Check(PresenterTakeSchema, req)) {
    const period = periodProblem(req.period)
    return period ? `invalid take: /period ${period}` : null
  }
  const first = [...Value.Errors(PresenterTakeSchema, req)][0]
  return `invalid take: ${first?.instancePath || '/'} ${first?.message ?? 'is invalid'}`
}

/**
 * The presenter's events on /live: walls (and seats) watch a wall name; seats take, change and
 * release it. Every handler answers through its ack, and a take is relayed only after it is
 * audited. Display tokens may watch but never drive (`present` is not theirs).
 */
export function presenterHandlers({ nsp, relay, refresh, refusal }: Deps) {
  return (socket: LiveSocket) => {
    socket.on('presenter:watch', (req, ack) => {
      if (typeof ack !== 'function') return
      const wall = req?.wall
      if (!isWallName(wall)) return ack({ ok: false, error: 'invalid wall name' })
      const watched = [...socket.rooms].filter((r) => wallOfRoom(r) !== null)
      if (watched.length >= MAX_WALLS_PER_SOCKET && !watched.includes(wallRoom(wall))) void socket.leave(watched[0]!)
      void socket.join(wallRoom(wall))
      // A wall is told only what its own token may read; otherwise it stays on its playlist.
      const state = relay.current(wall)
      ack({ ok: true, state: state && refusal(socket.data.principal, 'read', state.region) === null ? state : null })
    })
    socket.on('presenter:take', async (req, ack) => {
      if (typeof ack !== 'function') return
      const invalid = invalidTake(req)
      if (invalid) return ack({ ok: false, error: invalid })
      const p = await refresh(socket)
      if (!p) return ack({ ok: false, error: 'the token has ended' })
      ack(await relay.take(p, req))
    })
    socket.on('presenter:release', async (req, ack) => {
      if (typeof ack !== 'function') return
      if (!isWallName(req?.wall)) return ack({ ok: false, error: 'invalid wall name' })
      const p = await refresh(socket)
      const refused = p ? (refusal(p, 'present') ?? (await relay.release(p, req.wall))) : 'the token has ended'
      ack(refused ? { ok: false, error: refused } : { ok: true })
    })
    socket.on('presenter:walls', async (_req, ack) => {
      if (typeof ack !== 'function') return
      const refused = refusal(socket.data.principal, 'present')
      if (refused) return ack({ ok: false, error: refused })
      const sockets = await nsp.fetchSockets()
      const walls = new Set(sockets.flatMap((s) => [...s.rooms].flatMap((r) => wallOfRoom(r) ?? [])))
      ack({ ok: true, walls: [...walls].sort() })
    })
  }
}
