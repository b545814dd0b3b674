import type { Summary } from '../shared/summary/schema'
import { json, request } from './lib/http'
import { progress } from './lib/progress'
import type { ServerHandle } from './lib/server'
import { dist, round, type Dist } from './lib/stats'
import { ALL_TIME } from './reads'

export interface AsOfResult {
  casesStored: number
  eventsStored: number
  /**
   * Unresolved cases of the store when the timing began: a cold instant's cost grows with them (a
   * live feed leaves many more open than the history generator), so runs compare only beside them.
   */
  openCases?: number
  /** Snapshots of the aggregates stored when the timing began, and the seconds waited for them. */
  snapshots: number
  waitedSeconds: number
  /** The window the instants were drawn from (ms): the whole log of this run, by commit time. */
  window: { from: number; to: number }
  /** GET /api/v1/summary?region=<root>&asOf=<instant>, each at a fresh random instant (no built aggregator reused). */
  summary: Dist
  /** /summary/detail of the same root with both comparisons, at fresh random instants. */
  detail: Dist
  /** The live summary of the root in the same run, for comparison. */
  live: Dist
}

const iso = (ms: number) => new Date(ms).toISOString()

type SnapshotState = { every: number; head: number; fill?: number; snapshots: Array<{ seq: number }> }

/**
 * Polls GET /api/v1/replay/snapshots until the snapshots are less than one interval behind the log
 * and those a catch-up skipped are filled in (`fill`, written once the log has been quiet for
 * YIPING_SNAPSHOT_FILL_QUIET_MS, 30 s by default; absent from servers before it), at most 15 minutes.
 */
export async function waitForSnapshots(server: ServerHandle, token: string): Promise<{ state: SnapshotState; waitedSeconds: number }> {
  const waitStarted = performance.now()
  let state = await json<SnapshotState>('GET', `${server.url}/api/v1/replay/snapshots`, { token })
  const behind = (s: SnapshotState) => s.every > 0 && (s.head - (s.snapshots.at(-1)?.seq ?? 0) >= s.every || (s.fill ?? 0) > 0)
  while (behind(state) && performance.now() - waitStarted < 900_000) {
    await new Promise((r) => setTimeout(r, 2000))
    state = await json('GET', `${server.url}/api/v1/replay/snapshots`, { token })
    progress.update(
      `${state.snapshots.length} snapshots, up to ${(state.snapshots.at(-1)?.seq ?? 0).toLocaleString('en')} of ${state.head.toLocaleString('en')}, ${state.fill ?? 0} to fill`,
    )
  }
  return { state, waitedSeconds: round((performance.now() - waitStarted) / 1000, 1) }
}

/**
 * Replay (as of) on the filled store: each request at a fresh random instant of the log's commit
 * times (the whole run), so each starts from a stored snapshot and replays the log after it; the
 * live summary of the same region beside it. Waits first until the snapshots have caught up with
 * the log (they are written behind it).
 */
export async function runAsOf(server: ServerHandle, token: string, root: string, from: number, n: number, casesStored: number): Promise<AsOfResult> {
  progress.setPhase(`3/5 replay (asOf): waiting for the snapshots to catch up`)
  const { state, waitedSeconds } = await waitForSnapshots(server, token)
  const openCases = (await json<Summary>('GET', `${server.url}/api/v1/summary?region=${root}&${ALL_TIME}`, { token })).cases.open
  const to = Date.now() - 1000
  const instant = () => from + Math.random() * (to - from)
  const time = async (path: (t: number) => string) => {
    const ms: number[] = []
    for (let i = 0; i < n; i++) {
      const url = `${server.url}${path(instant())}`
      const t0 = performance.now()
      const res = await request('GET', url, { token })
      ms.push(performance.now() - t0)
      if (res.status !== 200) throw new Error(`${url}: ${res.status} ${res.body.slice(0, 200)}`)
      progress.update(`${i + 1}/${n}`)
    }
    return dist(ms)
  }
  progress.setPhase(`3/5 replay (asOf): ${n} reads each at random instants`)
  const summary = await time((t) => `/api/v1/summary?region=${root}&asOf=${encodeURIComponent(iso(t))}`)
  const detail = await time((t) => `/api/v1/summary/detail?region=${root}&compare=previous,lastYear&asOf=${encodeURIComponent(iso(t))}`)
  const live = await time(() => `/api/v1/summary?region=${root}`)
  return { casesStored, eventsStored: state.head, openCases, snapshots: state.snapshots.length, waitedSeconds, window: { from, to }, summary, detail, live }
}
