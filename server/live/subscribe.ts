import type { Socket } from 'socket.io'
import { regionRoom, type ClientToServerEvents, type ServerToClientEvents } from '../../shared/live/protocol'
import type { Principal } from '../auth/principal'
import type { Aggregator } from '../domain/aggregate/aggregator'
import { regionDetail } from '../domain/aggregate/detail'
import type { LiveHub } from './hub'

export interface SocketData {
  principal: Principal
}
export type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>

const MAX_ROOMS_PER_SOCKET = 16

interface Deps {
  aggregator: Aggregator
  hub: LiveHub
  canSee: (p: Principal, code: string) => boolean
}

/**
 * `subscribe {region}`: check the account may see the region, join its room, and answer with a
 * snapshot (summary, panel detail and recent feed) so the client never waits for the next change to draw.
 */
export function subscriptionHandlers({ aggregator, hub, canSee }: Deps) {
  return (socket: LiveSocket) => {
    socket.on('subscribe', (req, ack) => {
      if (typeof ack !== 'function') return
      const code = typeof req?.region === 'string' ? req.region : ''
      if (!code || !canSee(socket.data.principal, code)) return ack({ ok: false, error: `region ${code || '(none)'} is not visible to this account` })
      const rooms = [...socket.rooms].filter((r) => r.startsWith('region:'))
      if (!socket.rooms.has(regionRoom(code)) && rooms.length >= MAX_ROOMS_PER_SOCKET)
        return ack({ ok: false, error: `at most ${MAX_ROOMS_PER_SOCKET} regions per connection` })
      void socket.join(regionRoom(code))
      const summary = aggregator.summary(code)
      ack({ ok: true, seq: summary.seq, summary, detail: regionDetail(aggregator, code), feed: hub.recentFeed(code) })
    })
    socket.on('unsubscribe', (req, ack) => {
      if (typeof req?.region === 'string') void socket.leave(regionRoom(req.region))
      if (typeof ack === 'function') ack({ ok: true })
    })
  }
}
