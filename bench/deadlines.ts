import fs from 'node:fs'
import type { YipingEvent } from '../shared/events/schema'
import { toShanghaiIso } from '../shared/time/shanghai'
import { request } from './lib/http'
import { type IdleSeries, type IdleWindow, idleFigures, msPerSec, wantsAnother } from './lib/idleWindows'
import { progress } from './lib/progress'
import { waitForSnapshots } from './asof'
import { freshDataDir, INGEST_KEY, login, startServer } from './lib/server'
import { round, sleep } from './lib/stats'

export interface DeadlinesResult {
  openCases: number
  /** Seconds of each idle window (one window of 30 s, or 10 s with `--quick`, in results before 2026-12-06 evening). */
  idleSeconds: number
  /**
   * Server CPU per second of wall time with an empty store (the baseline) and with the open cases:
   * the steady windows' rate, or every window's when a series never settled (`empty`, `open`).
   */
  emptyCpuMsPerSec: number
  openCpuMsPerSec: number
  /** Extra CPU the open cases cost, as a share of one core. */
  extraCoreShare: number
  /**
   * Seconds between the load (its snapshots written) and the first window the verdict uses: the
   * fixed wait (`waitSeconds`) and the windows before the steady ones (absent in results before 2026-12-06).
   */
  settleSeconds?: number
  /**
   * The load's one-off cost paid in those seconds, beyond the verdict's rate: ms of CPU (mostly the
   * collections V8 makes of the main isolate's and the snapshot thread's heaps once they are idle).
   */
  afterLoadCpuMs?: number
  /** The fixed wait after the load before the first window, s (absent before 2026-12-06 evening: it was `settleSeconds`). */
  waitSeconds?: number
  /** The bound on each series' windows, s (absent before 2026-12-06 evening). */
  maxWindowSeconds?: number
  /** Every window of each series (absent before 2026-12-06 evening). */
  empty?: IdleSeries
  open?: IdleSeries
}

const DAY = 86_400_000

/**
 * After a load, V8 collects each idle heap once more: the snapshot thread's about 50 s after its
 * last snapshot, the main isolate's (its memory reducer, whose watchdog runs 100 s after the last
 * full collection of the load) at about 90–110 s; 0.5–2.3 s of CPU together, on the platform's
 * helper threads as much as on the main thread, then nothing (bench/README.md, "2026-12-06 Idle CPU
 * with 100,000 open cases: one-off collections after the load"). The windows start after this wait
 * and go on until two in a row agree (lib/idleWindows.ts), so that collections running late on a
 * slow or busy machine are not taken for the steady cost; what the wait and the windows before the
 * steady ones cost is reported beside it (`afterLoadCpuMs`), so that the cost is not hidden.
 */
const WAIT_SECONDS = 150

/**
 * 100,000 open cases whose due and yellow times are spread over the next month: 小事 reported in the
 * last 24 h, 大事 over the last 29 days. Between due times the server should sleep on its deadline
 * heap: its idle CPU is compared with the same server's on an empty store, in the same run, both
 * measured the same way: consecutive windows of `windowSeconds` until the last two agree (within
 * 1 ms CPU/s of each other, `STEADY_RULE`), at most `maxWindowSeconds` of them.
 */
export async function runDeadlines(opts: { villages: string[]; openCases: number; windowSeconds: number; maxWindowSeconds: number }): Promise<DeadlinesResult> {
  const dataDir = freshDataDir()
  // The event-loop histograms off: their 400 wake-ups a second cost more CPU than what is measured.
  const server = await startServer({ dataDir, env: { BENCH_PROBE_ELD: 'off' } })
  try {
    /** Windows until steady or the bound; the first mark closes the phase before them, returned as `before`. */
    const idle = async (label: string) => {
      const windows: IdleWindow[] = []
      const before = await server.mark(`idle: ${label}, window 1`)
      do {
        const rates = windows.map((w) => round(msPerSec(w), 1)).join(', ')
        progress.setPhase(`6/6 idle (${label}) window ${windows.length + 1} of ${opts.windowSeconds} s${rates ? `, so far ${rates} ms CPU/s` : ''}`)
        await sleep(opts.windowSeconds * 1000)
        const w = await server.mark(`idle: ${label}, window ${windows.length + 2}`)
        windows.push({ cpuMs: w.cpuMs, ms: w.ms })
      } while (wantsAnother(windows, opts.maxWindowSeconds * 1000))
      return { windows, before }
    }
    const empty = await idle('empty store')

    progress.setPhase(`6/6 loading ${opts.openCases.toLocaleString('en')} open cases`)
    await loadOpenCases(server.url, opts.villages, opts.openCases, (n) => progress.update(`${n.toLocaleString('en')} cases`))
    // The load's own work done before the windows: the snapshot of the aggregates it triggered (every
    // 20,000 events, written by the snapshot thread; one still being written made the window read
    // +0.5 to +3 % of a core), then V8's collections of the heaps left idle (WAIT_SECONDS).
    progress.setPhase('6/6 waiting for the snapshots to catch up')
    await waitForSnapshots(server, await login(server.url))
    progress.setPhase(`6/6 ${WAIT_SECONDS} s after the load (V8's collections of the idle heaps)`)
    await server.mark('after the load')
    await sleep(WAIT_SECONDS * 1000)
    const open = await idle(`${opts.openCases.toLocaleString('en')} open cases`)
    return {
      openCases: opts.openCases,
      idleSeconds: opts.windowSeconds,
      waitSeconds: WAIT_SECONDS,
      maxWindowSeconds: opts.maxWindowSeconds,
      ...idleFigures(empty.windows, open.windows, open.before),
    }
  } finally {
    await server.stop().catch(() => undefined)
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

/**
 * POSTs `openCases` case reports in batches of 1,000, none of them due before the next minute:
 * 小事 (one in five) reported over the last 24 h, 大事 over the last 29 days.
 */
export async function loadOpenCases(url: string, villages: string[], openCases: number, onBatch?: (loaded: number) => void): Promise<void> {
  const now = Date.now()
  const tag = now.toString(36)
  for (let i = 0; i < openCases; i += 1000) {
    const events: YipingEvent[] = []
    for (let k = i; k < Math.min(openCases, i + 1000); k++) {
      const minor = k % 5 === 0
      // Spread evenly, ending a minute ago so nothing is due before the idle window starts.
      const age = 60_000 + ((k * 7919) % 1000) / 1000 * (minor ? DAY - 10 * 60_000 : 29 * DAY)
      events.push({
        id: `dl-${tag}-${k}`,
        type: 'case.reported',
        at: toShanghaiIso(Math.round((now - age) / 1000) * 1000),
        caseId: `DL${tag}${k}`,
        regionCode: villages[k % villages.length]!,
        source: 'hotline',
        category: '市政设施',
        size: minor ? 'minor' : 'major',
        title: '路灯不亮',
      })
    }
    const res = await request('POST', `${url}/api/v1/events`, { token: INGEST_KEY, json: { events } })
    if (res.status !== 200) throw new Error(`deadline load refused (${res.status}): ${res.body.slice(0, 300)}`)
    onBatch?.(Math.min(openCases, i + 1000))
  }
}
