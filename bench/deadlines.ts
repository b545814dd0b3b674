import fs from 'node:fs'
import type { YipingEvent } from '../shared/events/schema'
import { toShanghaiIso } from '../shared/time/shanghai'
import { request } from './lib/http'
import { progress } from './lib/progress'
import { waitForSnapshots } from './asof'
import { freshDataDir, INGEST_KEY, login, startServer } from './lib/server'
import { round, sleep } from './lib/stats'

export interface DeadlinesResult {
  openCases: number
  idleSeconds: number
  /** Server CPU per second of wall time with an empty store (the baseline) and with the open cases. */
  emptyCpuMsPerSec: number
  openCpuMsPerSec: number
  /** Extra CPU the open cases cost, as a share of one core. */
  extraCoreShare: number
  /** Seconds between the load (its snapshots written) and the window with the open cases (absent in results before 2026-12-06). */
  settleSeconds?: number
  /**
   * The load's one-off cost paid in those seconds, beyond the window's rate: ms of CPU (mostly the
   * collections V8 makes of the main isolate's and the snapshot thread's heaps once they are idle).
   */
  afterLoadCpuMs?: number
}

const DAY = 86_400_000

/**
 * After a load, V8 collects each idle heap once more: the snapshot thread's about 50 s after its
 * last snapshot, the main isolate's (its memory reducer, whose watchdog runs 100 s after the last
 * full collection of the load) at about 90–110 s; 0.5–1.3 s of CPU together, on the platform's
 * helper threads as much as on the main thread, then nothing (bench/README.md, "2026-12-06 Idle CPU
 * with 100,000 open cases: one-off collections after the load"). The window opens after them; the
 * bench reports what they cost beside it (`afterLoadCpuMs`), so that the cost is not hidden.
 */
const SETTLE_SECONDS = 150

/**
 * 100,000 open cases whose due and yellow times are spread over the next month: 小事 reported in the
 * last 24 h, 大事 over the last 29 days. Between due times the server should sleep on its deadline
 * heap: its idle CPU is compared with the same server's on an empty store, in the same run.
 */
export async function runDeadlines(opts: { villages: string[]; openCases: number; idleSeconds: number }): Promise<DeadlinesResult> {
  const dataDir = freshDataDir()
  // The event-loop histograms off: their 400 wake-ups a second cost more CPU than what is measured.
  const server = await startServer({ dataDir, env: { BENCH_PROBE_ELD: 'off' } })
  try {
    const idle = async (label: string) => {
      progress.setPhase(`6/6 idle ${opts.idleSeconds} s (${label})`)
      // A mark closes the phase before it (returned as `before`): the second one returns the idle window's own CPU time.
      const before = await server.mark(`idle: ${label}`)
      await sleep(opts.idleSeconds * 1000)
      const window = await server.mark(`after idle: ${label}`)
      return { cpuMsPerSec: (window.cpuMs / window.ms) * 1000, before }
    }
    const { cpuMsPerSec: emptyCpuMsPerSec } = await idle('empty store')

    progress.setPhase(`6/6 loading ${opts.openCases.toLocaleString('en')} open cases`)
    await loadOpenCases(server.url, opts.villages, opts.openCases, (n) => progress.update(`${n.toLocaleString('en')} cases`))
    // The load's own work done before the window: the snapshot of the aggregates it triggered (every
    // 20,000 events, written by the snapshot thread; one still being written made the window read
    // +0.5 to +3 % of a core), then V8's collections of the heaps left idle (SETTLE_SECONDS).
    progress.setPhase('6/6 waiting for the snapshots to catch up')
    await waitForSnapshots(server, await login(server.url))
    progress.setPhase(`6/6 ${SETTLE_SECONDS} s after the load (V8's collections of the idle heaps)`)
    await server.mark('after the load')
    await sleep(SETTLE_SECONDS * 1000)
    const { cpuMsPerSec: openCpuMsPerSec, before: settle } = await idle(`${opts.openCases.toLocaleString('en')} open cases`)
    return {
      openCases: opts.openCases,
      idleSeconds: opts.idleSeconds,
      emptyCpuMsPerSec: round(emptyCpuMsPerSec, 2),
      openCpuMsPerSec: round(openCpuMsPerSec, 2),
      extraCoreShare: round(Math.max(0, openCpuMsPerSec - emptyCpuMsPerSec) / 1000, 4),
      settleSeconds: SETTLE_SECONDS,
      afterLoadCpuMs: round(Math.max(0, settle.cpuMs - (openCpuMsPerSec * settle.ms) / 1000), 0),
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
