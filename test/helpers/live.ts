import { io, type Socket } from 'socket.io-client'
import type { AddressInfo } from 'node:net'
import type { App } from '../../server/app'
import type { Ack, ClientToServerEvents, FeedPush, ServerToClientEvents, SubscribeReply, SummaryPush } from '../../shared/live/protocol'
import { receiveDetail } from '../../shared/live/detailPatch'
import type { RegionDetail } from '../../shared/summary/detail'

export type LiveClient = Socket<ServerToClientEvents, ClientToServerEvents>

/** Listen on a random loopback port and return the base URL. */
export async function listen(app: App): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  return `http://127.0.0.1:${port}`
}

export function connect(base: string, token: string | undefined): LiveClient {
  return io(`${base}/live`, { auth: token ? { token } : {}, transports: ['websocket'], reconnection: false, forceNew: true })
}

export function connected(s: LiveClient): Promise<void> {
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve())
    s.once('connect_error', reject)
  })
}

export function subscribe(s: LiveClient, region: string): Promise<Ack<SubscribeReply>> {
  return s.timeout(5000).emitWithAck('subscribe', { region })
}

/**
 * Resolves once `holds()` is true, checked after each message the socket receives (the test's own
 * listeners record pushes first): waiting for the push itself, never for a fixed time.
 */
export function until(s: LiveClient, holds: () => boolean, what = 'the awaited push', ms = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (holds()) return resolve()
    const check = () =>
      queueMicrotask(() => {
        if (!holds()) return
        clearTimeout(timer)
        s.offAny(check)
        resolve()
      })
    const timer = setTimeout(() => {
      s.offAny(check)
      reject(new Error(`${what} did not arrive within ${ms} ms`))
    }, ms)
    s.onAny(check)
  })
}

/**
 * A round trip on the socket (subscribing again to a region it already watches): every push the
 * server emitted to it before is received by the time this resolves, so "nothing arrived" can be
 * asserted without waiting an arbitrary time.
 */
export async function drained(s: LiveClient, region: string): Promise<void> {
  const ack = await subscribe(s, region)
  if (!ack.ok) throw new Error(`round trip refused: ${ack.error}`)
}

/**
 * Calls `listener` with every batch of ticker lines the socket receives for `region`: those that ride
 * in a `summary` push (the usual way) and those sent alone as `feed:items`.
 */
export function onFeed(s: LiveClient, listener: (push: FeedPush) => void, region?: string): void {
  s.on('summary', (p) => p.feed && (region === undefined || p.region === region) && listener({ region: p.region, items: p.feed }))
  s.on('feed:items', (p) => (region === undefined || p.region === region) && listener(p))
}

/** The panel figures after `push`, as a wall holding `held` has them (its whole detail, or its patch applied); throws if it could not. */
export function panelsAfter(held: RegionDetail, push: SummaryPush): RegionDetail {
  const d = receiveDetail(held, push)
  if (typeof d === 'string') throw new Error(`the push at seq ${push.seq} does not apply on the detail at seq ${held.seq}: ${d}`)
  return d
}
