import type { Summary } from '../shared/summary/schema'
import type { EventGen } from './lib/events'
import { json, request } from './lib/http'
import { progress } from './lib/progress'
import { INGEST_KEY, type ServerHandle } from './lib/server'
import { dist, round, type Dist } from './lib/stats'

export interface FillResult {
  targetCases: number
  casesStored: number
  eventsStored: number
  eventsPosted: number
  seconds: number
  eventsPerSec: number
}

export interface ReadsResult {
  casesStored: number
  requests: number
  root: { region: string; ms: Dist }
  village: { region: string; ms: Dist }
}

export interface RebuildResult {
  casesStored: number
  eventsStored: number
  /** Spawn of the process until it printed its URL. */
  startMs: number
  /** The server's own "aggregates rebuilt from the store" duration. */
  rebuildMs: number | null
  rebuiltCases: number | null
}

/** Top the store up to `target` cases: a backfill of this year in batches of 1,000 (see EventGen `history`). */
export async function fill(server: ServerHandle, token: string, gen: EventGen, target: number, root: string): Promise<FillResult> {
  progress.setPhase(`3/5 filling the store to ${target.toLocaleString('en')} cases`)
  const total = async () => (await json<Summary>('GET', `${server.url}/api/v1/summary?region=${root}`, { token })).cases.total
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
  }
}

/** Sequential GET /api/v1/summary on one keep-alive connection: the round trip a wall or integrator sees. */
export async function reads(server: ServerHandle, token: string, root: string, village: string, n: number, casesStored: number): Promise<ReadsResult> {
  progress.setPhase(`3/5 summary reads (${n} each)`)
  const one = async (region: string) => {
    const url = `${server.url}/api/v1/summary?region=${region}`
    for (let i = 0; i < 50; i++) await request('GET', url, { token })
    const ms: number[] = []
    for (let i = 0; i < n; i++) {
      const t0 = performance.now()
      const res = await request('GET', url, { token })
      ms.push(performance.now() - t0)
      if (res.status !== 200) throw new Error(`summary ${region}: ${res.status}`)
    }
    return dist(ms)
  }
  return { casesStored, requests: n, root: { region: root, ms: await one(root) }, village: { region: village, ms: await one(village) } }
}
