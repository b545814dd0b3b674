import fs from 'node:fs'
import type { Summary } from '../shared/summary/schema'
import type { EventGen } from './lib/events'
import { json, request } from './lib/http'
import { progress } from './lib/progress'
import { INGEST_KEY, type ProbePhase, type ServerHandle } from './lib/server'
import { dist, round, sleep, type Dist } from './lib/stats'

export interface FillResult {
  targetCases: number
  casesStored: number
  eventsStored: number
  eventsPosted: number
  seconds: number
  eventsPerSec: number
  /**
   * The live part posted before the backfill (`--only reads` without the ingest phase): events,
   * seconds, and the unresolved cases of the store once it ended.
   */
  live?: { eventsPosted: number; seconds: number; openCases: number }
}

/**
 * One series as the server saw it (from the probe): each request's time inside the server, the
 * main isolate's GC pauses, and the server's CPU (all threads) per read. A round trip's p99 well
 * above the server's is the client's, the kernel's or the scheduler's.
 */
export interface ServerSide {
  ms?: ProbePhase['requests']
  gc?: ProbePhase['gc']
  cpuMsPerRead: number
  /** The server's event-loop delay p99 over the series (ms beyond the probe's 5 ms resolution). */
  eldP99: number
}

export interface ReadSeries {
  ms: Dist
  server?: ServerSide
}

export interface ReadsResult {
  casesStored: number
  requests: number
  root: { region: string } & ReadSeries
  village: { region: string } & ReadSeries
  /** The root's summary of the year to date with 环比 and 同比 (three period sums per read). */
  compare?: { region: string; query: string } & ReadSeries
  /** A district's detail with every child ranked and compared (children × three period sums per read). */
  ranking?: { region: string; children: number; query: string } & ReadSeries
  /** How long the reads waited for the server to go idle (see `settle`), and its CPU share then. */
  settled?: { waitedSeconds: number; cpuShare: number }
}

/** CPU ms of a process, all its threads (Linux /proc; NaN elsewhere). */
function processCpuMs(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100
  } catch {
    return NaN
  }
}

/**
 * Wait until the server is idle: under `share` of a core (all threads: the snapshot thread's
 * catching up and thinning, the writer's alarm raises after a backfill, the main thread's clock
 * ticks) over `windowMs`, for at most `maxMs`. The settled store the read goal is about.
 */
export async function settle(server: ServerHandle, share = 0.05, windowMs = 2000, maxMs = 300_000): Promise<{ waitedSeconds: number; cpuShare: number }> {
  const started = performance.now()
  let cpuShare = NaN
  while (performance.now() - started < maxMs) {
    const c0 = processCpuMs(server.pid)
    const t0 = performance.now()
    await sleep(windowMs)
    cpuShare = (processCpuMs(server.pid) - c0) / (performance.now() - t0)
    if (!(cpuShare >= share)) break
    progress.update(`waiting for the server to go idle: ${Math.round(cpuShare * 100)} % of a core`)
  }
  return { waitedSeconds: round((performance.now() - started) / 1000, 1), cpuShare: round(cpuShare, 3) }
}

/** How far the snapshots of the aggregates are behind the log's head, in events, their interval, and how many are still to fill in (0 before the fill). */
export async function snapshotLag(server: ServerHandle, token: string): Promise<{ behind: number; every: number; fill: number }> {
  const state = await json<{ every: number; head: number; fill?: number; snapshots: Array<{ seq: number }> }>('GET', `${server.url}/api/v1/replay/snapshots`, { token })
  return { behind: state.head - (state.snapshots.at(-1)?.seq ?? 0), every: state.every, fill: state.fill ?? 0 }
}

/** Every case stored, whatever the year it was reported in. */
/** Every report day a bench can have: the figures of the whole store. */
export const ALL_TIME = `from=${encodeURIComponent('2000-01-01T00:00:00+08:00')}&to=${encodeURIComponent('2100-01-01T00:00:00+08:00')}`

/** Top the store up to `target` cases: a backfill over the generator's history (two years) in batches of 1,000 (see EventGen `history`). */
export async function fill(
  server: ServerHandle,
  token: string,
  gen: EventGen,
  target: number,
  root: string,
  live?: { gen: EventGen; openCases: number },
): Promise<FillResult> {
  const figures = async () => (await json<Summary>('GET', `${server.url}/api/v1/summary?region=${root}&${ALL_TIME}`, { token })).cases
  const total = async () => (await figures()).total
  const livePart = live && live.openCases > 0 ? await fillLive(server, live.gen, live.openCases, figures) : undefined
  progress.setPhase(`3/5 filling the store to ${target.toLocaleString('en')} cases`)
  const have = await total()
  let reported = have
  let posted = 0
  const started = performance.now()
  const worker = async () => {
    while (reported < target) {
      const { no, events } = gen.batch(1000, { mode: 'history' })
      reported += events.filter((e) => e.type === 'case.reported').length
      const res = await request('POST', `${server.url}/api/v1/events`, { token: INGEST_KEY, json: { events } })
      if (res.status !== 200) throw new Error(`fill refused (${res.status}): ${res.body.slice(0, 300)}`)
      gen.commit(no)
      posted += events.length
      progress.update(`${reported.toLocaleString('en')} cases, ${Math.round(posted / ((performance.now() - started) / 1000)).toLocaleString('en')} events/s`)
    }
  }
  await Promise.all([worker(), worker()])
  const seconds = (performance.now() - started) / 1000
  const health = await json<{ seq: number }>('GET', `${server.url}/healthz`)
  return {
    targetCases: target,
    casesStored: await total(),
    eventsStored: health.seq,
    eventsPosted: posted,
    seconds: round(seconds, 1),
    eventsPerSec: seconds > 0 ? Math.round(posted / seconds) : 0,
    ...(livePart ? { live: livePart } : {}),
  }
}

/** Live batches between two looks at the store's unresolved cases. */
const LIVE_BATCHES_PER_LOOK = 40

/**
 * The live feed (new cases of the last hours and next steps of open ones, batches of 1,000, two in
 * flight) until the store holds `openCases` unresolved cases: what the ingest phase leaves in a
 * full run (343,012 and 364,176 in the last two) and a backfill alone does not (most of its cases
 * are resolved in their batch: 36,839 at 1 M cases), so that a reads phase run alone replays
 * instants as costly as a full run's (a cold instant's cost grows with the unresolved cases and
 * with the live events of its tail).
 */
async function fillLive(server: ServerHandle, gen: EventGen, openCases: number, figures: () => Promise<Summary['cases']>) {
  progress.setPhase(`3/5 a live feed until ${openCases.toLocaleString('en')} unresolved cases`)
  const started = performance.now()
  let open = (await figures()).open
  let posted = 0
  let sinceLook = 0
  const worker = async () => {
    while (open < openCases) {
      const { no, events } = gen.batch(1000, { mode: 'live' })
      const res = await request('POST', `${server.url}/api/v1/events`, { token: INGEST_KEY, json: { events } })
      if (res.status !== 200) throw new Error(`live fill refused (${res.status}): ${res.body.slice(0, 300)}`)
      gen.commit(no)
      posted += events.length
      if (++sinceLook >= LIVE_BATCHES_PER_LOOK) {
        sinceLook = 0
        open = (await figures()).open
        progress.update(`${open.toLocaleString('en')} unresolved cases, ${Math.round(posted / ((performance.now() - started) / 1000)).toLocaleString('en')} events/s`)
      }
    }
  }
  await Promise.all([worker(), worker()])
  return { eventsPosted: posted, seconds: round((performance.now() - started) / 1000, 1), openCases: (await figures()).open }
}

/**
 * Sequential GETs on one keep-alive connection: the round trip a wall or integrator sees. The plain
 * summary of the root and of a village, the root's year to date with 环比 and 同比, and the detail
 * of the district with the most children, every child ranked by 按期办结率 with both comparisons.
 */
export async function reads(
  server: ServerHandle,
  token: string,
  regions: { root: string; village: string; district: string; children: number },
  n: number,
  casesStored: number,
  opts: { settle?: boolean; label?: string } = {},
): Promise<ReadsResult> {
  const settled = opts.settle ? await settle(server) : undefined
  progress.setPhase(`3/5 summary reads (${n} each)`)
  const label = opts.label ?? 'reads'
  const time = async (name: string, path: string): Promise<ReadSeries> => {
    const url = `${server.url}${path}`
    for (let i = 0; i < 50; i++) await request('GET', url, { token })
    await server.mark(`${label}-${name}`)
    const ms: number[] = []
    for (let i = 0; i < n; i++) {
      const t0 = performance.now()
      const res = await request('GET', url, { token })
      ms.push(performance.now() - t0)
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${res.body.slice(0, 200)}`)
    }
    const phase = await server.mark('idle')
    const server_: ServerSide = { cpuMsPerRead: round(phase.cpuMs / n, 3), eldP99: phase.eld.p99 }
    if (phase.requests) server_.ms = phase.requests
    if (phase.gc) server_.gc = phase.gc
    return { ms: dist(ms), server: server_ }
  }
  const compareQuery = 'period=year&compare=previous,lastYear'
  const rankingQuery = 'period=year&compare=previous,lastYear&rankBy=cases.onTimeRate&order=asc'
  return {
    casesStored,
    requests: n,
    root: { region: regions.root, ...(await time('root', `/api/v1/summary?region=${regions.root}`)) },
    village: { region: regions.village, ...(await time('village', `/api/v1/summary?region=${regions.village}`)) },
    compare: { region: regions.root, query: compareQuery, ...(await time('compare', `/api/v1/summary?region=${regions.root}&${compareQuery}`)) },
    ranking: {
      region: regions.district,
      children: regions.children,
      query: rankingQuery,
      ...(await time('ranking', `/api/v1/summary/detail?region=${regions.district}&${rankingQuery}`)),
    },
    ...(settled ? { settled } : {}),
  }
}
