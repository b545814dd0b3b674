import type { Socket } from 'socket.io'
import { Value } from 'typebox/value'
import { regionRoom, viewRoom, type ClientToServerEvents, type InterServerEvents, type ServerToClientEvents } from '../../shared/live/protocol'
import { SubscribeRequestSchema } from '../../shared/live/subscribe'
import { shanghaiDay } from '../../shared/time/shanghai'
import type { Principal } from '../auth/principal'
import type { Aggregator } from '../domain/aggregate/aggregator'
import { parseView } from '../domain/aggregate/view'
import type { LiveHub } from './hub'

export interface SocketData {
  principal: Principal
  /** Region code → the key of the view this socket watches of it. */
  views?: Map<string, string>
}
export type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>

/** Regions one connection may watch at once (each: its region room and one view room). */
const MAX_REGIONS_PER_SOCKET = 16

interface Deps {
  aggregator: Aggregator
  hub: LiveHub
  /**
   * Re-checks the socket's token (still live, account not disabled) and whether it may read the
   * region, through the permission model; null when allowed, else why not.
   */
  authorizeRead: (socket: LiveSocket, code: string) => Promise<string | null>
}

function problem(req: unknown): string | null {
  if (Value.Check(SubscribeRequestSchema, req)) return null
  const first = [...Value.Errors(SubscribeRequestSchema, req)][0]
  return `invalid subscribe: ${first?.instancePath || '/'} ${first?.message ?? 'is invalid'}`
}

/**
 * `subscribe { region, period?, compare?, rankBy?, order? }`: check the token again and that it may
 * read the region (through the permission model), then the request; join the region's room (alarms,
 * risks, ticker) and the view's room (summary and detail, computed once per view) only then, and
 * answer with a snapshot so the client never waits for the next change to draw. Subscribing again
 * to a region replaces its view.
 */
export function subscriptionHandlers({ aggregator, hub, authorizeRead }: Deps) {
  return (socket: LiveSocket) => {
    const views = (socket.data.views ??= new Map())
    socket.on('subscribe', async (req, ack) => {
      if (typeof ack !== 'function') return
      const code = typeof req?.region === 'string' ? req.region : ''
      const refused = code ? await authorizeRead(socket, code) : 'no region'
      if (refused) return ack({ ok: false, error: `region ${code || '(none)'} is not visible to this token: ${refused}` })
      if (!socket.connected) return
      const invalid = problem(req)
      if (invalid) return ack({ ok: false, error: invalid })
      const parsed = parseView(req, shanghaiDay(aggregator.now()), '')
      if (!parsed.ok) return ack({ ok: false, error: `${parsed.error} (${parsed.details.map((d) => d.path).join(', ')})` })
      if (!views.has(code) && views.size >= MAX_REGIONS_PER_SOCKET)
        return ack({ ok: false, error: `at most ${MAX_REGIONS_PER_SOCKET} regions per connection` })
      const key = hub.register(parsed.value)
      const before = views.get(code)
      if (before !== undefined && before !== key) void socket.leave(viewRoom(before))
      views.set(code, key)
      void socket.join([regionRoom(code), viewRoom(key)])
      const { summary, detail } = hub.snapshot(key, parsed.value)
      ack({ ok: true, view: key, seq: summary.seq, summary, detail, feed: hub.recentFeed(code) })
    })
    socket.on('unsubscribe', (req, ack) => {
      const code = typeof req?.region === 'string' ? req.region : ''
      const key = views.get(code)
      if (key !== undefined) {
        views.delete(code)
        void socket.leave(viewRoom(key))
      }
      if (code) void socket.leave(regionRoom(code))
      if (typeof ack === 'function') ack({ ok: true })
    })
  }
}
