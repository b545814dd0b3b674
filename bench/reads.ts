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
  /** The root's summary of the year to date with 环比 and 同比 (three period sums per read). */
  compare?: { region: string; query: string; ms: Dist }
  /** A district's detail with every child ranked and compared (children × three period sums per read). */
  ranking?: { region: string; children: number; query: string; ms: Dist }
}

/** How far the snapshots of the aggregates are behind the log's head, in events, and their interval. */
export async function snapshotLag(server: ServerHandle, token: string): Promise<{ behind: number; every: number }> {
  const state = await json<{ every: number; head: number; snapshots: Array<{ seq: number }> }>('GET', `${server.url}/api/v1/replay/snapshots`, { token })
  return { behind: state.head - (state.snapshots.at(-1)?.seq ?? 0), every: state.every }
}

/** Every case stored, whatever the year it was reported in. */
/** Every report day a bench can have: the figures of the whole store. */
export const ALL_TIME = `from=${encodeURIComponent('2000-01-01T00:00:00+08:00')}&to=${encodeURIComponent('2100-01-01T00:00:00+08:00')}`

/** Top the store up to `target` cases: a backfill over the generator's history (two years) in batches of 1,000 (see EventGen `history`). */
export async function fill(server: ServerHandle, token: string, gen: EventGen, target: number, root: string): Promise<FillResult> {
  progress.setPhase(`3/5 filling the store to ${target.toLocaleString('en')} cases`)
  const total = async () => (await json<Summary>('GET', `${server.url}/api/v1/summary?region=${root}&${ALL_TIME}`, { token })).cases.total
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
): Promise<ReadsResult> {
  progress.setPhase(`3/5 summary reads (${n} each)`)
  const time = async (path: string) => {
    const url = `${server.url}${path}`
    for (let i = 0; i < 50; i++) await request('GET', url, { token })
    const ms: number[] = []
    for (let i = 0; i < n; i++) {
      const t0 = performance.now()
      const res = await request('GET', url, { token })
      ms.push(performance.now() - t0)
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${res.body.slice(0, 200)}`)
    }
    return dist(ms)
  }
  const compareQuery = 'period=year&compare=previous,lastYear'
  const rankingQuery = 'period=year&compare=previous,lastYear&rankBy=cases.onTimeRate&order=asc'
  return {
    casesStored,
    requests: n,
    root: { region: regions.root, ms: await time(`/api/v1/summary?region=${regions.root}`) },
    village: { region: regions.village, ms: await time(`/api/v1/summary?region=${regions.village}`) },
    compare: { region: regions.root, query: compareQuery, ms: await time(`/api/v1/summary?region=${regions.root}&${compareQuery}`) },
    ranking: {
      region: regions.district,
      children: regions.children,
      query: rankingQuery,
      ms: await time(`/api/v1/summary/detail?region=${regions.district}&${rankingQuery}`),
    },
  }
}
