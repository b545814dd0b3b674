import type { Summary } from '../shared/summary/schema'
import { waitForSnapshots } from './asof'
import type { EventGen } from './lib/events'
import { json, request } from './lib/http'
import { progress } from './lib/progress'
import { login, startServer, type ServerHandle } from './lib/server'
import { round } from './lib/stats'
import { fill, type FillResult } from './reads'

/** One start of the server on the filled store. */
export interface RestartRun {
  /** Spawn of the process until it printed its URL (listening, figures ready). */
  startMs: number
  /** The server's own figure for making its aggregates (recount, or snapshot + log tail). */
  aggregatesMs: number | null
  /** The first GET /api/v1/summary of the root after listening (login included): the serving state. */
  firstSummaryMs: number
}

export interface RestartResult {
  fill: FillResult
  casesStored: number
  eventsStored: number
  /** Snapshots stored when the restarts began, and the seconds waited for them to catch up with the log. */
  snapshots: number
  waitedSeconds: number
  /** YIPING_SNAPSHOT_RESTART=0: every case read from the store and counted. */
  rebuild: RestartRun & { cases: number | null }
  /** The default: the latest snapshot and the log after it. */
  snapshot: RestartRun & { snapshotSeq: number | null; tailEvents: number | null }
  /** snapshot.startMs ÷ rebuild.startMs (lower is better). */
  ratio: number
  /** Parts of the root's summary over all time (cases, backlog, risks, seq) that differed between the two starts: none expected. */
  differing: string[]
}

const ALL_TIME = `from=${encodeURIComponent('2000-01-01T00:00:00+08:00')}&to=${encodeURIComponent('2100-01-01T00:00:00+08:00')}`

/**
 * Restart on a store of N cases: fills it up to N (two years of history; nothing when the reads
 * phase filled it already), waits until the snapshots have caught up with the log, then stops
 * the server and starts it twice on the same store: with YIPING_SNAPSHOT_RESTART=0 (a recount of
 * every case, the baseline) and as configured by default (the latest snapshot and the log after
 * it). Resolves with the figures and the server left running (the default start).
 */
export async function runRestart(opts: {
  server: ServerHandle
  token: string
  historyGen: EventGen
  root: string
  cases: number
  profileDir?: string
}): Promise<{ result: RestartResult; server: ServerHandle }> {
  const { root } = opts
  const filled = await fill(opts.server, opts.token, opts.historyGen, opts.cases, root)
  progress.setPhase('3/5 restart: waiting for the snapshots to catch up')
  const { state, waitedSeconds } = await waitForSnapshots(opts.server, opts.token)
  const dataDir = opts.server.dataDir
  await opts.server.stop()

  const start = async (label: string, env: Record<string, string>) => {
    progress.setPhase(`3/5 restart: ${label}`)
    const server = await startServer({ dataDir, logLevel: 'info', env, firstPhase: `restart-${label}`, ...(opts.profileDir ? { profileDir: opts.profileDir } : {}) })
    try {
      const t0 = performance.now()
      const token = await login(server.url)
      const res = await request('GET', `${server.url}/api/v1/summary?region=${root}`, { token })
      const firstSummaryMs = performance.now() - t0
      if (res.status !== 200) throw new Error(`summary after restart: ${res.status} ${res.body.slice(0, 200)}`)
      const all = await json<Summary>('GET', `${server.url}/api/v1/summary?region=${root}&${ALL_TIME}`, { token })
      // Alarms aside: the first start raises those of cases that turned red while it was down, in the background.
      const { cases, backlog, risks, seq } = all
      return { server, firstSummaryMs, all, figures: { cases, backlog, risks, seq } }
    } catch (err) {
      await server.stop()
      throw err
    }
  }

  const a = await start('rebuild', { YIPING_SNAPSHOT_RESTART: '0' })
  await a.server.stop()
  const b = await start('snapshot', {})
  // Left running for the phases after this one.
  const rebuild = { startMs: Math.round(a.server.startMs), aggregatesMs: a.server.rebuilt?.ms ?? null, firstSummaryMs: round(a.firstSummaryMs, 1), cases: a.server.rebuilt?.cases ?? null }
  const snapshot = {
    startMs: Math.round(b.server.startMs),
    aggregatesMs: b.server.restored?.ms ?? null,
    firstSummaryMs: round(b.firstSummaryMs, 1),
    snapshotSeq: b.server.restored?.snapshotSeq ?? null,
    tailEvents: b.server.restored?.tailEvents ?? null,
  }
  const differing = (Object.keys(a.figures) as Array<keyof typeof a.figures>).filter((k) => JSON.stringify(a.figures[k]) !== JSON.stringify(b.figures[k]))
  const all = b.all
  return {
    server: b.server,
    result: {
      fill: filled,
      casesStored: all.cases.total,
      eventsStored: state.head,
      snapshots: state.snapshots.length,
      waitedSeconds,
      rebuild,
      snapshot,
      ratio: round(snapshot.startMs / rebuild.startMs, 3),
      differing,
    },
  }
}
