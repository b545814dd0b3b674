/**
 * The push floor: a bare Fastify + Socket.IO process with the real server's Socket.IO options and
 * the same /live namespace, rooms and subscribe ack. POST /setup gives it real summaries (one per
 * region); POST /emit adds one to each region's cases.total and emits the summary to the region's
 * room at once: no store, no aggregation, no coalescing window. Prints "running: URL" like the server.
 * With `riders` in /setup its summary frames also carry the real server's panels and ticker lines
 * (push.ts --floor-like-real: the real server's frame for one change, its panels whole or as a patch
 * as the server sent them, to tell the cost of the frame from the cost of the server; with `snapshots`
 * the subscribe answer carries the panels that patch applies on, so clients apply it as a wall does),
 * and with `extras` it sends those other frames each time.
 */
import Fastify from 'fastify'
import { Server } from 'socket.io'
import { LIVE_NAMESPACE, regionRoom, type SummaryPush } from '../shared/live/protocol'
import type { RegionDetail } from '../shared/summary/detail'
import type { Summary } from '../shared/summary/schema'
import type { Rider } from './push'

const app = Fastify({ logger: false })
const io = new Server(app.server, {
  serveClient: false,
  cors: { origin: false },
  connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
})
const nsp = io.of(LIVE_NAMESPACE)
const summaries = new Map<string, Summary>()
/** What the real server's summary frame carries besides the summary (its detail and feed), captured. */
const riders = new Map<string, Rider>()
/** The panels a screen holds before the captured frame, sent in the subscribe answer. */
const snapshots = new Map<string, RegionDetail>()
/** Optional other frames to send with every summary (captured from the real server). */
const extras = new Map<string, Array<{ event: string; payload: unknown }>>()
let seq = 1

nsp.on('connection', (socket) => {
  socket.on('subscribe', (req: { region?: string }, ack: (reply: object) => void) => {
    const summary = summaries.get(req?.region ?? '')
    if (!summary) return ack({ ok: false, error: 'unknown region' })
    void socket.join(regionRoom(req.region!))
    const detail = snapshots.get(req.region!)
    ack({ ok: true, seq, summary, feed: [], ...(detail ? { detail } : {}) })
  })
})

app.post('/setup', async (req) => {
  const body = req.body as {
    summaries: Summary[]
    riders?: Record<string, Rider>
    snapshots?: Record<string, RegionDetail>
    extras?: Record<string, Array<{ event: string; payload: unknown }>>
  }
  for (const s of body.summaries) summaries.set(s.region.code, s)
  for (const [code, frames] of Object.entries(body.extras ?? {})) extras.set(code, frames)
  for (const [code, rider] of Object.entries(body.riders ?? {})) riders.set(code, rider)
  for (const [code, detail] of Object.entries(body.snapshots ?? {})) snapshots.set(code, detail)
  return { ok: true }
})

app.post('/emit', async () => {
  seq++
  const at = new Date().toISOString()
  for (const [code, s] of summaries) {
    s.cases.total++
    s.seq = seq
    s.at = at
    // The bare floor sends the summary alone; like-real, the whole frame the real server sends.
    const push: Omit<SummaryPush, 'detail' | 'detailPatch'> & Rider = { region: code, view: code, seq, summary: s, ...riders.get(code) }
    nsp.to(regionRoom(code)).emit('summary', push)
    for (const { event, payload } of extras.get(code) ?? []) (nsp.to(regionRoom(code)) as unknown as { emit(e: string, p: unknown): void }).emit(event, payload)
  }
  return { ok: true, seq }
})

const close = () => {
  io.disconnectSockets(true)
  io.engine.close()
  void app.close().then(() => process.exit(0))
}
process.once('SIGTERM', close)
process.once('SIGINT', close)

await app.listen({ port: 0, host: '127.0.0.1' })
const address = app.server.address()
const port = typeof address === 'object' && address ? address.port : 0
process.stdout.write(`floor running: http://127.0.0.1:${port}/\n`)
