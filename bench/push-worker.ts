/**
 * A child process holding a share of the bench's Socket.IO clients (forked by push.ts, IPC
 * messages). Each socket subscribes to one region; once armed, the arrival of marker j (the j-th
 * event posted since arming, each adding one case to both watched regions) is the first `summary`
 * whose cases.total is at least the armed total + j. Per marker it keeps the first and last arrival
 * across its sockets and how many sockets saw it. Like the wall, each socket keeps its view's panel
 * figures, applying each push's detail or patch (and subscribing again when a patch does not apply).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { io, type Socket } from 'socket.io-client'
import type { Ack, ClientToServerEvents, ServerToClientEvents, SubscribeReply, SummaryPush } from '../shared/live/protocol'
import { receiveDetail } from '../shared/live/detailPatch'
import type { RegionDetail } from '../shared/summary/detail'
import { wallNow } from './lib/stats'

type Client = Socket<ServerToClientEvents, ClientToServerEvents>

export type WorkerCommand =
  | { cmd: 'add'; url: string; token: string; regions: string[] }
  | { cmd: 'arm' }
  | { cmd: 'report' }
  | { cmd: 'behind'; markers: number }
  | { cmd: 'close' }

export interface MarkerArrivals {
  first: number[]
  last: number[]
  count: number[]
  sockets: number
}

export type WorkerReply =
  | { cmd: 'added'; connected: number; failed: number; error?: string }
  | { cmd: 'armed' }
  | { cmd: 'report'; regions: Record<string, MarkerArrivals>; cpuMs: number; ms: number; eldP99: number; messages: number; resyncs: number }
  | { cmd: 'behind'; sockets: number }
  | { cmd: 'closed' }

interface Tracked {
  socket: Client
  region: string
  total: number
  base: number
  lastK: number
  /** The view's panel figures as last received (none from a server whose answer has none: the floor's). */
  detail: RegionDetail | null
}

const tracked: Tracked[] = []
let armed = false
let arrivals = new Map<string, MarkerArrivals>()
let messages = 0
/** Patches that did not apply on what a socket held (a missed frame): each subscribes again. */
let resyncs = 0
let cpu0 = process.cpuUsage()
let t0 = performance.now()
const eld = monitorEventLoopDelay({ resolution: 5 })
eld.enable()

const send = (m: WorkerReply) => process.send!(m)

function onSummary(t: Tracked, push: SummaryPush) {
  const at = wallNow()
  messages++
  t.total = push.summary.cases.total
  if (t.detail && (push.detail || push.detailPatch)) {
    const d = receiveDetail(t.detail, push)
    if (d === 'resync') {
      resyncs++
      void t.socket
        .timeout(60_000)
        .emitWithAck('subscribe', { region: t.region })
        .then((ack: Ack<SubscribeReply>) => void (ack.ok && (t.detail = ack.detail)), () => undefined)
    } else if (d !== 'stale') t.detail = d
  }
  if (!armed) return
  const k = t.total - t.base
  if (k <= t.lastK) return
  let a = arrivals.get(t.region)
  if (!a) arrivals.set(t.region, (a = { first: [], last: [], count: [], sockets: 0 }))
  for (let j = t.lastK + 1; j <= k; j++) {
    const i = j - 1
    a.first[i] = Math.min(a.first[i] ?? Infinity, at)
    a.last[i] = Math.max(a.last[i] ?? -Infinity, at)
    a.count[i] = (a.count[i] ?? 0) + 1
  }
  t.lastK = k
}

function connectOne(url: string, token: string, region: string): Promise<Tracked> {
  return new Promise((resolve, reject) => {
    const socket: Client = io(`${url}/live`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true, timeout: 60_000 })
    const fail = (err: Error) => {
      socket.close()
      reject(err)
    }
    socket.once('connect_error', fail)
    socket.once('connect', () => {
      socket
        .timeout(60_000)
        .emitWithAck('subscribe', { region })
        .then((ack: Ack<SubscribeReply>) => {
          if (!ack.ok) return fail(new Error(ack.error))
          const t: Tracked = { socket, region, total: ack.summary.cases.total, base: 0, lastK: 0, detail: ack.detail ?? null }
          socket.on('summary', (push) => {
            if (push.region === region) onSummary(t, push)
          })
          resolve(t)
        }, fail)
    })
  })
}

async function add(url: string, token: string, regions: string[]) {
  let connected = 0
  let failed = 0
  let error: string | undefined
  const CHUNK = 50
  for (let i = 0; i < regions.length; i += CHUNK) {
    const results = await Promise.allSettled(regions.slice(i, i + CHUNK).map((r) => connectOne(url, token, r)))
    for (const r of results) {
      if (r.status === 'fulfilled') {
        tracked.push(r.value)
        connected++
      } else {
        failed++
        error ??= String(r.reason)
      }
    }
  }
  send({ cmd: 'added', connected, failed, ...(error ? { error } : {}) })
}

process.on('message', (m: WorkerCommand) => {
  switch (m.cmd) {
    case 'add':
      void add(m.url, m.token, m.regions)
      break
    case 'arm':
      for (const t of tracked) {
        t.base = t.total
        t.lastK = 0
      }
      arrivals = new Map()
      for (const t of tracked) {
        const a = arrivals.get(t.region) ?? { first: [], last: [], count: [], sockets: 0 }
        a.sockets++
        arrivals.set(t.region, a)
      }
      messages = 0
      resyncs = 0
      armed = true
      cpu0 = process.cpuUsage()
      t0 = performance.now()
      eld.reset()
      send({ cmd: 'armed' })
      break
    case 'report': {
      armed = false
      const cpu = process.cpuUsage(cpu0)
      send({
        cmd: 'report',
        regions: Object.fromEntries(arrivals),
        cpuMs: (cpu.user + cpu.system) / 1000,
        ms: performance.now() - t0,
        eldP99: Math.max(0, Math.round(eld.percentile(99) / 1e4) / 100 - 5),
        messages,
        resyncs,
      })
      break
    }
    case 'behind':
      send({ cmd: 'behind', sockets: tracked.filter((t) => t.lastK < m.markers).length })
      break
    case 'close':
      for (const t of tracked) t.socket.close()
      tracked.length = 0
      send({ cmd: 'closed' })
      setTimeout(() => process.exit(0), 100).unref()
      break
  }
})
