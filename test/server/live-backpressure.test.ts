import type { Socket as TcpSocket } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { App } from '../../server/app'
import type { Alarm } from '../../shared/api/alarms'
import type { FeedItem, SummaryPush } from '../../shared/live/protocol'
import { adminToken, ingestHeaders, testApp } from '../helpers/app'
import { reported, T0 } from '../helpers/events'
import { connect, connected, drained, listen, onFeed, subscribe, until, type LiveClient } from '../helpers/live'

let app: App
let base: string
let token: string
const sockets: LiveClient[] = []
const NOW = T0 + 24 * 3600_000
const REGION = '330000'
/** Ticker lines per batch: each frame carries this many lines, so a socket's buffers fill in fewer flushes. */
const LINES = 25
/** A bound on the batches sent before the server sees the paused socket fall behind (it does long before). */
const MAX_BATCHES = 3000

beforeEach(async () => {
  // Each batch flushes at once: the slow screen's buffers fill in fewer turns.
  ;({ app } = await testApp({ clock: () => NOW, config: { pushWindowMs: 0 } }))
  base = await listen(app)
  token = await adminToken(app)
})
afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect()
  await app.close()
})

const open = async () => {
  const s = connect(base, token)
  sockets.push(s)
  await connected(s)
  const ack = await subscribe(s, REGION)
  if (!ack.ok) throw new Error(ack.error)
  return s
}
const ingest = async (events: unknown[]) => {
  const res = await app.inject({ method: 'POST', url: '/api/v1/events', headers: ingestHeaders, payload: { events } })
  expect(res.statusCode).toBe(200)
}
let cases = 0
/** A batch of new cases reported now (not overdue: no alarms), one ticker line each. */
const batch = () => Array.from({ length: LINES }, () => reported(`K${++cases}`, '330111001001', NOW))

/** The client's end of the WebSocket's TCP connection (engine.io-client over `ws` in Node). */
function tcpOf(s: LiveClient): TcpSocket {
  const transport = s.io.engine.transport as unknown as { ws?: { _socket?: TcpSocket } }
  const tcp = transport.ws?._socket
  if (!tcp) throw new Error('no TCP socket under the client')
  return tcp
}

interface Seen {
  summaries: SummaryPush[]
  /** The ticker as the wall builds it (each push's lines, newest first, go on top), uncapped. */
  ticker: FeedItem[]
  alarms: Alarm[]
}
function record(s: LiveClient): Seen {
  const seen: Seen = { summaries: [], ticker: [], alarms: [] }
  s.on('summary', (p) => p.region === REGION && seen.summaries.push(p))
  onFeed(s, (p) => (seen.ticker = [...p.items, ...seen.ticker]), REGION)
  s.on('alarm', (p) => seen.alarms.push(p.alarm))
  return seen
}
const key = (i: FeedItem) => `${i.seq}:${i.caseId}`
const total = (seen: Seen) => seen.summaries.at(-1)?.summary.cases.total ?? -1

describe('live pushes to a socket that does not read', () => {
  it('holds its frames while it is behind, then sends the newest figures with every ticker line it missed; the others get every frame', async () => {
    const steady = await open()
    const other = await open()
    const slow = await open()
    const steadySeen = record(steady)
    const otherSeen = record(other)
    const slowSeen = record(slow)
    // The slow screen stops reading: the kernel's buffers towards it fill, then the server's writes wait.
    tcpOf(slow).pause()

    /** A batch, awaited on both screens that read: each gets it as a frame of its own. */
    const pushed: number[] = []
    const next = async (events = batch()) => {
      await ingest(events)
      pushed.push(cases)
      await until(steady, () => total(steadySeen) === cases, `the push of ${cases} cases`)
      await until(other, () => total(otherSeen) === cases, `the push of ${cases} cases`)
    }
    let batches = 0
    while (app.live.backlog.size === 0) {
      if (++batches > MAX_BATCHES) throw new Error(`the server never saw the paused socket fall behind in ${MAX_BATCHES} batches`)
      await next()
    }
    // While it is behind: several flushes, each awaited on the steady screen (so each is its own
    // frame), and an overdue case, whose alarm must reach the slow screen too.
    const framesBefore = steadySeen.summaries.length
    for (let i = 0; i < 5; i++) await next()
    cases++
    await next([reported('RED1', '330111001001', T0)])
    await app.alarms.settled()
    // The alarm, then the figures counting it: nothing else is pushed after these.
    const final = (seen: Seen) => seen.alarms.some((a) => a.subjectId === 'RED1') && total(seen) === cases && seen.summaries.at(-1)!.summary.alarms.open === 1
    await until(steady, () => final(steadySeen), 'the alarm of the overdue case and the figures counting it')
    expect(steadySeen.summaries.length - framesBefore).toBeGreaterThanOrEqual(6)

    tcpOf(slow).resume()
    await until(slow, () => final(slowSeen), 'the slow screen catching up', 30_000)
    await drained(slow, REGION)
    await drained(steady, REGION)

    // The screens that kept up got every batch as a frame.
    for (const seen of [steadySeen, otherSeen]) {
      const got = new Set(seen.summaries.map((p) => p.summary.cases.total))
      expect(pushed.filter((n) => !got.has(n))).toEqual([])
    }
    // The newest figures, and never older figures after newer ones.
    expect(slowSeen.summaries.at(-1)!.summary).toEqual(steadySeen.summaries.at(-1)!.summary)
    const seqs = slowSeen.summaries.map((p) => p.seq)
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b))
    // Fewer frames than the screen that kept up: those it missed were replaced by the newest.
    expect(slowSeen.summaries.length).toBeLessThan(steadySeen.summaries.length)
    // The same ticker as the screen that kept up: every line, once each, in the same order.
    expect(slowSeen.ticker.length).toBe(cases)
    expect(slowSeen.ticker.map(key)).toEqual(steadySeen.ticker.map(key))
    expect(app.live.backlog.size).toBe(0)
  })
})
