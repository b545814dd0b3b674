import { fork, type ChildProcess } from 'node:child_process'
import { io } from 'socket.io-client'
import fs from 'node:fs'
import path from 'node:path'
import type { SummaryPush } from '../shared/live/protocol'
import { receiveDetail } from '../shared/live/detailPatch'
import type { RegionDetail } from '../shared/summary/detail'
import type { Summary } from '../shared/summary/schema'
import type { EventGen } from './lib/events'
import { waitForSnapshots } from './asof'
import { json, request } from './lib/http'
import { progress } from './lib/progress'
import { freshDataDir, INGEST_KEY, ROOT, startServer, type ServerHandle } from './lib/server'
import { dist, round, sleep, wallNow, type Dist } from './lib/stats'
import { settle, snapshotLag } from './reads'
import type { MarkerArrivals, WorkerCommand, WorkerReply } from './push-worker'

export interface PushPoint {
  sockets: number
  connected: number
  markers: number
  /** ms from just before the POST to the first socket having the summary that reflects it. */
  first: Dist
  /** … to the moment every subscribed socket had it (markers some socket had not seen 60 s after the last one are `lost`). */
  all: Dist
  byRegion: Record<string, { sockets: number; first: Dist; all: Dist }>
  lost: number
  postMs: Dist
  /** Summary messages received by all clients per marker (≈ sockets when no push is coalesced). */
  messagesPerMarker: number
  /** Patches a client could not apply (it subscribed again): 0 unless a frame went missing. */
  resyncs: number
  /** cpuMs: the server process's CPU ms per marker over the series (its drain included), robust to other load on the machine. */
  server: { cpuShare: number; eldP99: number; cpuMsPerMarker: number }
  /** CPU of the client processes as a share of one core each; near 1 means the clients are the bottleneck. */
  clientCpuShare: number[]
  clientEldP99: number[]
  /**
   * The real server's snapshots just before the first marker and after the drain: events the latest
   * snapshot was behind the log's head (the snapshot thread is catching up while it is
   * YIPING_SNAPSHOT_EVERY or more) and the snapshots a catch-up skipped left to fill (a count that
   * falls during the series means the fill ran beside it). Absent for the floor.
   */
  snapshots?: { before: SnapshotLag; after: SnapshotLag }
}

/** The real server's snapshots against its log (GET /api/v1/replay/snapshots). */
export interface SnapshotLag {
  behind: number
  fill: number
}

/**
 * The push phase's start after the previous phase's ingest: the snapshot thread writes the
 * snapshots of the burst behind it (bench/README.md, 2026-12-06, push during the burst's catch-up).
 */
export interface PushAftermath {
  /** Seconds from the end of the ingest phase's last (largest) run to the push phase's start; null without an ingest phase. */
  startSecondsAfterBurst: number | null
  /** The snapshots at the push phase's start. */
  atStart: SnapshotLag & { every: number }
  /**
   * Seconds after the burst's end (after the push phase's start without one) until the latest
   * snapshot was fewer than YIPING_SNAPSHOT_EVERY events behind the head: the catch-up's length, the
   * head's snapshot written (not the fill of the skipped ones, which waits for a quiet log).
   * Polled every second; when it had caught up by the push phase's start, that start (an upper
   * bound). Null when it had not caught up after 15 min (the real series then runs anyway).
   */
  caughtUpSecondsAfterBurst: number | null
  /** Seconds the real series waited for it after the catching-up series (one event a second posted meanwhile). */
  waitedSeconds: number
}

export interface PushResult {
  regions: { root: string; leaf: string }
  workers: number
  ratePerSec: number
  real: PushPoint[]
  floor: PushPoint[]
  /** JSON bytes of what the real server pushes per change of a region (REST equivalents), and of the floor's one frame. */
  payloadBytes: Record<string, { summary: number; detail: number | null }>
  /**
   * JSON characters of the real server's `summary` frame for one change (after the view's first push),
   * as sent (its panels as a patch when smaller) and as it would be with the detail whole.
   */
  frameBytes?: Record<string, { sent: number; whole: number }>
  /** With --floor-like-real: the floor sending the real server's frames (summary, detail, feed) per change. */
  floorLikeReal?: PushPoint[]
  /** real p99 (all sockets) ÷ floor p99, per socket count: the target's ratio, the real series timed once the snapshots had caught up. */
  ratioP99: Array<{ sockets: number; ratio: number }>
  /** How long the snapshot thread took to catch up with the log after the ingest phase's burst. */
  aftermath: PushAftermath
  /**
   * When the push phase started with the snapshot thread behind: a short series at one socket count
   * (1,000 if asked, else the largest) while it caught up, and its p99 ÷ the floor's at that count.
   * Not the target's ratio: the state a burst leaves for its catch-up's length.
   */
  catchingUp?: { point: PushPoint; ratioP99: number }
}

class Workers {
  private readonly procs: ChildProcess[] = []
  private count = 0
  constructor(n: number) {
    for (let i = 0; i < n; i++)
      this.procs.push(fork(path.join(ROOT, 'bench/push-worker.ts'), [], { cwd: ROOT, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }))
  }

  private ask<T extends WorkerReply['cmd']>(p: ChildProcess, m: WorkerCommand, answer: T): Promise<Extract<WorkerReply, { cmd: T }>> {
    return new Promise((resolve, reject) => {
      const onMessage = (r: WorkerReply) => {
        if (r.cmd !== answer) return
        p.off('message', onMessage)
        p.off('exit', onExit)
        resolve(r as Extract<WorkerReply, { cmd: T }>)
      }
      const onExit = (code: number | null) => reject(new Error(`push worker exited (${code})`))
      p.on('message', onMessage)
      p.once('exit', onExit)
      p.send(m)
    })
  }

  /** Grow to `target` sockets; new socket i watches regions[i % 2]; spread round-robin over the workers. */
  async grow(url: string, token: string, target: number, regions: [string, string]): Promise<{ connected: number; error?: string }> {
    const per: string[][] = this.procs.map(() => [])
    for (let i = this.count; i < target; i++) per[i % this.procs.length]!.push(regions[i % 2]!)
    const replies = await Promise.all(this.procs.map((p, w) => this.ask(p, { cmd: 'add', url, token, regions: per[w]! }, 'added')))
    this.count = target
    const error = replies.find((r) => r.error)?.error
    return { connected: replies.reduce((a, r) => a + r.connected, 0), ...(error ? { error } : {}) }
  }

  arm() {
    return Promise.all(this.procs.map((p) => this.ask(p, { cmd: 'arm' }, 'armed')))
  }

  report() {
    return Promise.all(this.procs.map((p) => this.ask(p, { cmd: 'report' }, 'report')))
  }

  /**
   * Until every socket has seen the last of `markers`, or `limitMs` went by: a marker is `lost`
   * only when it never came, not when a loaded machine delivers it late (5,000 sockets on two
   * cores take seconds per push, the bare floor too).
   */
  async drained(markers: number, limitMs: number): Promise<void> {
    const until = performance.now() + limitMs
    for (;;) {
      const replies = await Promise.all(this.procs.map((p) => this.ask(p, { cmd: 'behind', markers }, 'behind')))
      if (replies.every((r) => r.sockets === 0) || performance.now() >= until) return
      await sleep(250)
    }
  }

  async close() {
    await Promise.all(this.procs.map((p) => this.ask(p, { cmd: 'close' }, 'closed').catch(() => undefined)))
    for (const p of this.procs) p.kill()
  }
}

/** Latency of each marker from the workers' arrivals; `all` only when every socket of the region(s) saw it. */
function latencies(sent: number[], reports: Array<Extract<WorkerReply, { cmd: 'report' }>>, regionFilter?: string) {
  const first: number[] = []
  const all: number[] = []
  let lost = 0
  let sockets = 0
  const merged: MarkerArrivals[] = []
  for (const r of reports)
    for (const [code, a] of Object.entries(r.regions)) if (!regionFilter || code === regionFilter) merged.push(a)
  for (const a of merged) sockets += a.sockets
  sent.forEach((at, i) => {
    let f = Infinity
    let l = -Infinity
    let count = 0
    for (const a of merged) {
      if (a.first[i] != null) f = Math.min(f, a.first[i]!)
      if (a.last[i] != null) l = Math.max(l, a.last[i]!)
      count += a.count[i] ?? 0
    }
    if (Number.isFinite(f)) first.push(f - at)
    if (count === sockets && Number.isFinite(l)) all.push(l - at)
    else lost++
  })
  return { first: dist(first), all: dist(all), lost, sockets }
}

/** What the real server's `summary` frame carries besides the summary: its panels (whole or patch) and ticker lines. */
export type Rider = Pick<SummaryPush, 'detail' | 'detailPatch' | 'feed'>

/**
 * One socket per region on the real server, two events posted: the second change's `summary` frame
 * (the view pushed before, so its panels are what changed if that is smaller) with the panels the
 * socket held before it, and the other frames one event causes.
 */
async function captureFrames(url: string, token: string, regions: string[], post: () => Promise<number>) {
  const frames: Record<string, Array<{ event: string; payload: unknown }>> = {}
  const last: Record<string, { frame: SummaryPush; before: RegionDetail | null }> = {}
  const held: Record<string, RegionDetail | null> = {}
  const sockets = regions.map((region) => {
    const socket = io(`${url}/live`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true })
    frames[region] = []
    socket.onAny((event: string, payload: { region?: string } & Partial<SummaryPush>) => {
      if (event === 'summary' && payload?.region === region) {
        const frame = payload as SummaryPush
        const d = receiveDetail(held[region] ?? null, frame)
        last[region] = { frame, before: held[region] ?? null }
        if (typeof d !== 'string') held[region] = d
      }
      if (event !== 'summary' && payload?.region === region && !frames[region]!.some((f) => f.event === event)) frames[region]!.push({ event, payload })
    })
    return { socket, region }
  })
  for (const { socket, region } of sockets) {
    // The later sockets may have connected while the earlier ones subscribed.
    if (!socket.connected)
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve())
        socket.once('connect_error', reject)
      })
    const ack = await socket.timeout(10_000).emitWithAck('subscribe', { region })
    held[region] = ack.ok ? ack.detail : null
  }
  for (let i = 0; i < 2; i++) {
    await post()
    await sleep(1500)
  }
  for (const { socket } of sockets) socket.close()
  const riders: Record<string, Rider> = {}
  /** What a floor screen holds before the captured frame (its subscribe answer), so that a patch applies. */
  const snapshots: Record<string, RegionDetail> = {}
  const frameBytes: NonNullable<PushResult['frameBytes']> = {}
  for (const region of regions) {
    const l = last[region]
    if (!l) continue
    const { detail, detailPatch, feed } = l.frame
    riders[region] = { ...(detail ? { detail } : { detailPatch: detailPatch! }), ...(feed ? { feed } : {}) }
    if (l.before) snapshots[region] = l.before
    const whole = held[region]
    frameBytes[region] = { sent: JSON.stringify(l.frame).length, whole: JSON.stringify({ ...l.frame, detailPatch: undefined, detail: whole }).length }
  }
  return { frames, riders, snapshots, frameBytes }
}

export async function measureSeries(opts: {
  label: 'real' | 'floor' | 'floor+' | 'cluster' | 'catching-up'
  url: string
  token: string
  counts: number[]
  markers: number
  warmup: number
  ratePerSec: number
  regions: [string, string]
  post: () => Promise<number>
  handle: ServerHandle
  workers: number
  /** The real server's snapshots against its log, recorded before the first marker and after the drain of each count. */
  snapshots?: () => Promise<SnapshotLag>
}): Promise<PushPoint[]> {
  const workers = new Workers(opts.workers)
  const points: PushPoint[] = []
  try {
    for (const count of opts.counts) {
      progress.setPhase(`2/5 push latency (${opts.label}), ${count} sockets`)
      progress.update('connecting', true)
      const grown = await workers.grow(opts.url, opts.token, count, opts.regions)
      if (grown.error) progress.note(`  ${opts.label}: ${count - grown.connected} of ${count} sockets failed to connect: ${grown.error}`)
      await sleep(500)
      for (let i = 0; i < opts.warmup; i++) {
        await opts.post()
        await sleep(1000 / opts.ratePerSec)
      }
      await sleep(1000)
      const snapshotsBefore = await opts.snapshots?.()
      await workers.arm()
      await opts.handle.mark(`push-${opts.label}-${count}`)
      const sent: number[] = []
      const postMs: number[] = []
      const started = performance.now()
      const inflight: Array<Promise<void>> = []
      for (let j = 0; j < opts.markers; j++) {
        const due = started + (j * 1000) / opts.ratePerSec
        const wait = due - performance.now()
        if (wait > 0) await sleep(wait)
        sent.push(wallNow())
        inflight.push(opts.post().then((ms) => void postMs.push(ms)))
        progress.update(`marker ${j + 1}/${opts.markers}`)
      }
      await Promise.all(inflight)
      await workers.drained(opts.markers, 60_000)
      const reports = await workers.report()
      const phase = await opts.handle.mark('idle')
      const snapshotsAfter = await opts.snapshots?.()
      const overall = latencies(sent, reports)
      const byRegion: PushPoint['byRegion'] = {}
      for (const code of opts.regions) {
        const r = latencies(sent, reports, code)
        if (r.sockets > 0) byRegion[code] = { sockets: r.sockets, first: r.first, all: r.all }
      }
      points.push({
        sockets: count,
        connected: grown.connected,
        markers: opts.markers,
        first: overall.first,
        all: overall.all,
        byRegion,
        lost: overall.lost,
        postMs: dist(postMs),
        messagesPerMarker: round(reports.reduce((a, r) => a + r.messages, 0) / opts.markers, 1),
        resyncs: reports.reduce((a, r) => a + r.resyncs, 0),
        server: { cpuShare: round(phase.cpuMs / phase.ms, 2), eldP99: phase.eld.p99, cpuMsPerMarker: round(phase.cpuMs / opts.markers, 1) },
        clientCpuShare: reports.map((r) => round(r.cpuMs / r.ms, 2)),
        clientEldP99: reports.map((r) => r.eldP99),
        ...(snapshotsBefore && snapshotsAfter ? { snapshots: { before: snapshotsBefore, after: snapshotsAfter } } : {}),
      })
      const p = points[points.length - 1]!
      progress.note(
        `  push ${opts.label.padEnd(5)} ${String(count).padStart(5)} sockets: all p50 ${round(p.all.p50)} ms, p99 ${round(p.all.p99)} ms; first p99 ${round(p.first.p99)} ms; lost ${p.lost}; resyncs ${p.resyncs}; server CPU ${p.server.cpuMsPerMarker} ms/marker; ${p.messagesPerMarker} frames/marker` +
          (p.snapshots ? `; snapshots ${p.snapshots.before.behind} → ${p.snapshots.after.behind} events behind, ${p.snapshots.before.fill} → ${p.snapshots.after.fill} to fill` : ''),
      )
    }
  } finally {
    await workers.close()
  }
  return points
}

export async function runPush(opts: {
  server: ServerHandle
  token: string
  gen: EventGen
  root: string
  leaf: string
  counts: number[]
  markers: number
  warmup: number
  ratePerSec: number
  floorLikeReal?: boolean
  /** Wall ms at the end of the ingest phase's last run (its burst), when one ran before. */
  burstEndedAt?: number
}): Promise<PushResult> {
  const { server, token, gen, root, leaf } = opts
  const regions: [string, string] = [root, leaf]
  const workers = 2
  const postReal = async () => {
    const t0 = performance.now()
    const e = gen.reported({ region: leaf, at: Date.now() - 1000 })
    const res = await request('POST', `${server.url}/api/v1/events`, { token: INGEST_KEY, json: { events: [e] } })
    if (res.status !== 200) throw new Error(`marker refused: ${res.status} ${res.body}`)
    return performance.now() - t0
  }
  const series = { counts: opts.counts, markers: opts.markers, warmup: opts.warmup, ratePerSec: opts.ratePerSec, token, regions, workers }
  const lag = () => snapshotLag(server, token)
  const snapshotState = async (): Promise<SnapshotLag> => {
    const { behind, fill } = await lag()
    return { behind, fill }
  }
  const caughtUp = (l: { behind: number; every: number }) => l.every <= 0 || l.behind < l.every
  // The target is push "while ingest runs": the real series is timed once the snapshot thread has
  // caught up with the log's head after the ingest phase's burst (the head's snapshot written), and
  // the catch-up's length is a figure of its own. Not waited for: the fill of the snapshots the
  // catch-up skipped, which runs once the log is quiet, as a push series (a marker every 100 ms)
  // is not; noted per series, to tell whether it ran beside one.
  const phaseStarted = wallNow()
  const from = opts.burstEndedAt ?? phaseStarted
  const atStart = await lag()
  let caughtAt: number | null = caughtUp(atStart) ? phaseStarted : null
  let watching = caughtAt === null
  const watch = (async () => {
    while (watching && caughtAt === null) {
      await sleep(1000)
      if (caughtUp(await lag())) caughtAt = wallNow()
    }
  })()
  let catchingUp: PushPoint | undefined
  let waited = 0
  try {
    if (caughtAt === null) {
      // A short series while it catches up, at one count: the state a burst leaves, reported apart.
      const count = opts.counts.includes(1000) ? 1000 : Math.max(...opts.counts)
      ;[catchingUp] = await measureSeries({
        label: 'catching-up',
        url: server.url,
        post: postReal,
        handle: server,
        ...series,
        counts: [count],
        markers: Math.min(opts.markers, 50),
        snapshots: snapshotState,
      })
      // One event a second meanwhile, as a live feed: a log quiet for YIPING_SNAPSHOT_FILL_QUIET_MS
      // would start the fill, which the real series would then find running.
      const waitStarted = wallNow()
      progress.setPhase('2/5 push: waiting for the snapshots to catch up with the log')
      while (caughtAt === null && wallNow() - waitStarted < 900_000) {
        await postReal()
        await sleep(1000)
        const l = await lag()
        progress.update(`${l.behind.toLocaleString('en')} events behind the head, ${l.fill} to fill`)
      }
      waited = round((wallNow() - waitStarted) / 1000, 1)
    }
  } finally {
    watching = false
    await watch
  }
  const aftermath: PushAftermath = {
    startSecondsAfterBurst: opts.burstEndedAt === undefined ? null : round((phaseStarted - opts.burstEndedAt) / 1000, 1),
    atStart,
    caughtUpSecondsAfterBurst: caughtAt === null ? null : round((caughtAt - from) / 1000, 1),
    waitedSeconds: waited,
  }
  progress.note(
    `  snapshots at the push phase's start (${aftermath.startSecondsAfterBurst === null ? 'no ingest before it' : `${aftermath.startSecondsAfterBurst} s after the burst`}): ${atStart.behind} events behind the head, ${atStart.fill} to fill; ` +
      (aftermath.caughtUpSecondsAfterBurst === null
        ? 'not caught up after 15 min: the real series runs beside the catch-up'
        : `caught up ${aftermath.caughtUpSecondsAfterBurst} s after ${opts.burstEndedAt === undefined ? "the phase's start" : 'the burst'}${catchingUp ? ` (waited ${waited} s after the catching-up series)` : ''}`),
  )
  const fillBefore = (await lag()).fill
  const real = await measureSeries({ label: 'real', url: server.url, post: postReal, handle: server, ...series, snapshots: snapshotState })
  const fillAfterReal = (await lag()).fill
  // The floor on a quiet machine: the real server's fill (and any snapshot it has due) done first,
  // or the floor would be measured beside it and the ratio flatter the real series.
  const filled = await waitForSnapshots(server, token)
  const settled = await settle(server)

  // The floor gets real summaries of the same regions, so its payload has the real size.
  const summaries = await Promise.all(regions.map((r) => json<Summary>('GET', `${server.url}/api/v1/summary?region=${r}`, { token })))
  const payloadBytes: PushResult['payloadBytes'] = {}
  for (const [i, r] of regions.entries()) {
    const detail = await request('GET', `${server.url}/api/v1/summary/detail?region=${r}`, { token })
    payloadBytes[r] = { summary: JSON.stringify(summaries[i]).length, detail: detail.status === 200 ? Buffer.byteLength(detail.body) : null }
  }
  const floorDir = freshDataDir()
  const floorServer = await startServer({ dataDir: floorDir, script: 'bench/floor-server.ts' })
  let floor: PushPoint[]
  try {
    await json('POST', `${floorServer.url}/setup`, { json: { summaries } })
    const postFloor = async () => {
      const t0 = performance.now()
      const res = await request('POST', `${floorServer.url}/emit`, { json: {} })
      if (res.status !== 200) throw new Error(`floor emit failed: ${res.status}`)
      return performance.now() - t0
    }
    floor = await measureSeries({ label: 'floor', url: floorServer.url, post: postFloor, handle: floorServer, ...series })
  } finally {
    await floorServer.stop()
    fs.rmSync(floorDir, { recursive: true, force: true })
  }
  progress.note(
    `  snapshots to fill on the real server: ${fillBefore} before its series, ${fillAfterReal} after it; waited ${filled.waitedSeconds} s for the rest and ${settled.waitedSeconds} s for an idle server before the floor's series, ${(await lag()).fill} after it`,
  )
  // The real frame of one change as sent now, after the series (two more events on the real server).
  const { frames: extras, riders, snapshots, frameBytes } = await captureFrames(server.url, token, regions, postReal)
  progress.note(`  real summary frame per change, JSON characters: ${Object.entries(frameBytes).map(([code, b]) => `${code} ${b.sent} as sent (${b.whole} with the detail whole)`).join('; ')}`)
  let floorLikeReal: PushPoint[] | undefined
  if (opts.floorLikeReal) {
    const likeDir = freshDataDir()
    const like = await startServer({ dataDir: likeDir, script: 'bench/floor-server.ts' })
    try {
      await json('POST', `${like.url}/setup`, { json: { summaries, riders, snapshots, extras } })
      const post = async () => {
        const t0 = performance.now()
        await request('POST', `${like.url}/emit`, { json: {} })
        return performance.now() - t0
      }
      floorLikeReal = await measureSeries({ label: 'floor+', url: like.url, post, handle: like, ...series })
    } finally {
      await like.stop()
      fs.rmSync(likeDir, { recursive: true, force: true })
    }
  }
  /** A real series' p99 ÷ the floor's at the same socket count. */
  const p99Ratio = (point: PushPoint) => round(point.all.p99 / (floor.find((f) => f.sockets === point.sockets)?.all.p99 ?? NaN), 2)
  return {
    regions: { root, leaf },
    workers,
    ratePerSec: opts.ratePerSec,
    payloadBytes,
    frameBytes,
    real,
    floor,
    ...(floorLikeReal ? { floorLikeReal } : {}),
    ratioP99: real.map((r) => ({ sockets: r.sockets, ratio: p99Ratio(r) })),
    aftermath,
    ...(catchingUp ? { catchingUp: { point: catchingUp, ratioP99: p99Ratio(catchingUp) } } : {}),
  }
}
