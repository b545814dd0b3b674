import fs from 'node:fs'
import type { Browser, CDPSession, Page } from 'playwright-core'
import { launchChromium } from '../test/helpers/browser'
import type { Summary } from '../shared/summary/schema'
import type { EventGen } from './lib/events'
import { json, request } from './lib/http'
import { progress } from './lib/progress'
import { postUpdates } from './lib/updateStream'
import type { ServerHandle } from './lib/server'
import { dist, round, sleep, slope, type Dist } from './lib/stats'
import { CHART_CADENCE_MS } from '../client/src/live/cadence'
import { heapKinds, parseSnapshot, type HeapKinds } from './lib/heapSnapshot'

export interface WallSoak {
  minutes: number
  /** Events per second posted, through the warm-up and the measured window after it. */
  ratePerSec: number
  /** Set when the measured window was a burst (`--burst-rate`): its rate and length. */
  burst?: { ratePerSec: number; minutes: number }
  wallReady: boolean
  /** Events posted during the measured window (one per update at 10 updates/s; batched above 20/s). */
  updatesPosted: number
  /** `summary` frames the page's socket received during the measured window. */
  summariesReceived: number
  /** JS heap (CDP Runtime.getHeapUsage) after forced GC at a quiet moment (see quietHeap), MB. */
  heapStartMB: number
  heapEndMB: number
  /** heapEndMB − heapStartMB: the growth after the warm-up (issue 12: < 1 MB over a burst). */
  heapGrowthMB: number
  /** Least-squares slope of the heap samples, MB per hour of updates. */
  heapGrowthMBPerHour: number
  /** The fitted line's rise from the first sample to the last, MB: the growth judged by every sample, not two. */
  heapFittedGrowthMB: number
  /** The largest distance of a sample from the fitted line, MB: how far one sample can be trusted. */
  heapResidualMaxMB: number
  /** [minutes, MB] of every sample, the start and the end included. */
  heapSamples: Array<[number, number]>
  /**
   * Where the JS heap lies at the first and the last sample (heap snapshots taken there, MB of self
   * size): the page's objects, and V8's code apart. `usedSize` above counts both, and V8 keeps
   * optimising functions that run every few seconds well past a 5-minute warm-up (+1.3 MB over
   * 30 minutes at 10 events/s, levelling off, bounded by the functions that have run); the page's
   * objects are what a leak would grow.
   */
  heapKinds: { start: HeapKindsMB; end: HeapKindsMB; objectsGrowthMB: number; codeGrowthMB: number } | null
  /** Every sample with how it was taken. */
  heapSampleDetails: HeapSample[]
  /** Seconds the update stream was paused for heap samples inside the measured window. */
  heapPausedSeconds: number
  /** The samples' idle threshold, main-thread CPU ms per 250 ms window (calibrateIdle), and the idle page's median window it came from (null without /proc). */
  heapIdleThresholdMs: number
  heapIdleWindowMs: number | null
  /** performance.memory.usedJSHeapSize after the same GCs (precise-memory-info), MB. */
  perfMemoryStartMB: number
  perfMemoryEndMB: number
  /**
   * Blink's own heap after the same GCs (CDP embedderHeapUsedSize), MB: the DOM, layout and the
   * canvases' text caches, none of it in the JS heap above (a canvas's text cache grew here by
   * about 0.6 MB a minute at 200 events/s, which the JS heap figures did not show).
   */
  embedderHeapStartMB: number
  embedderHeapEndMB: number
  frames: number
  framesDropped: number
  droppedShare: number
  longestFrameMs: number
  /** Renderer main-thread time (CDP Performance.getMetrics), ms per update posted. */
  taskMsPerUpdate: number
  scriptMsPerUpdate: number
  layoutAndStyleMsPerUpdate: number
  /**
   * CPU time the page's renderer used, ms per update: its main thread (Linux /proc; null
   * elsewhere) and the whole process (CDP SystemInfo, compositor and raster threads included).
   * Unlike TaskDuration, which is wall-clock time and grows while the renderer waits for a core
   * on a busy machine, these count only the work done.
   */
  rendererMainCpuMsPerUpdate: number | null
  rendererCpuMsPerUpdate: number
  /** The wall's cases.total after the run against the REST summary's. */
  finalFigure: { wall: string | null; rest: number }
  consoleErrors: string[]
  trace?: {
    file: string
    top: Array<{ name: string; ms: number }>
    /** Updates posted while tracing. */
    updates: number
    /** Renderer main-thread CPU time (trace thread clock of its tasks) per update: unlike TaskDuration, not inflated while the renderer waits for a core. */
    cpuMsPerUpdate: number
  }
}

export interface ServerSoak {
  minutes: number
  rssStartMB: number
  rssEndMB: number
  rssMaxMB: number
  rssGrowthMBPerHour: number
  /**
   * Snapshots of the aggregates the server wrote during the measured window (seconds into it when
   * the bench saw each, polling every 10 s): the snapshot thread loads every unresolved case to
   * write one, and keeps them until it has been idle for YIPING_SNAPSHOT_THREAD_IDLE_MS, so RSS
   * read within that time of one counts them (+970 MB at 505,000 unresolved cases).
   */
  snapshots: Array<{ seq: number; seenAtS: number }>
  /**
   * RSS once the server has been left alone past the snapshot thread's idle time after the last
   * snapshot of the window (null when none was written: then `rssEndMB` is it), and how many seconds
   * after the window's end it was read.
   */
  rssSettledMB: number | null
  rssSettledAfterS: number | null
  /** Event-loop delay of the server process over the whole soak (perf_hooks histogram, preloaded probe). */
  eldP50: number
  eldP99: number
  eldMax: number
  /** Worst per-second p99 of the same histogram. */
  eldWorstSecondP99: number
  /** GET /healthz round trip from the bench process every 200 ms: the outside view of the loop. */
  healthzMs: Dist
  cpuShare: number
}

const INIT_SCRIPT = `(() => {
  const b = { frames: 0, dropped: 0, longest: 0, last: 0, summaries: 0, lastFrameAt: 0 }
  window.__bench = b
  const tick = (t) => {
    if (b.last) {
      const gap = t - b.last
      const missed = Math.round(gap / (1000 / 60)) - 1
      if (missed > 0) b.dropped += missed
      if (gap > b.longest) b.longest = gap
    }
    b.last = t
    b.frames++
    requestAnimationFrame(tick)
  }
  requestAnimationFrame(tick)
  const Native = window.WebSocket
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args)
      this.addEventListener('message', (e) => {
        if (typeof e.data !== 'string' || !e.data.startsWith('42/live,')) return
        b.lastFrameAt = performance.now()
        if (e.data.startsWith('42/live,["summary"')) b.summaries++
      })
    }
  }
})()`

interface BenchGlobals {
  gc?: () => void
  __bench: { frames: number; dropped: number; longest: number; last: number; summaries: number; lastFrameAt: number }
}

/** After the last frame pushed to the page, how long before the wall has surely applied it: a chart takes new figures at most every CHART_CADENCE_MS (the last always), the headline figures every 400 ms. */
const QUIET_AFTER_FRAME_MS = CHART_CADENCE_MS + 500
/**
 * The wall is idle when its renderer's main thread used less than the idle threshold in each of
 * IDLE_WINDOWS windows of IDLE_WINDOW_MS in a row. The threshold is calibrated once per run
 * (`calibrateIdle`), before the first update is posted: max(IDLE_CPU_MS, IDLE_MARGIN × the median
 * CPU of CALIBRATION_WINDOWS windows of the page with nothing arriving). A fixed 8 ms was below
 * what the soak's own 60-a-second frame counter costs on a two-core box (7–22 ms a window), so
 * samples waited their full QUIET_TIMEOUT_MS and were marked `idle: false`.
 */
const IDLE_WINDOW_MS = 250
const IDLE_CPU_MS = 8
const IDLE_MARGIN = 1.5
const IDLE_WINDOWS = 4
const CALIBRATION_WINDOWS = 8
/** Forced GCs are repeated until two readings in a row agree within this (at most MAX_GCS of them). */
const SETTLE_MB = 0.05
const MAX_GCS = 8
/** A sample waits at most this long for the wall to go quiet; then it is taken anyway and marked `idle: false`. */
const QUIET_TIMEOUT_MS = 30_000

/** HeapKinds in MB, with how many functions have run and how many are optimised. */
export interface HeapKindsMB {
  objectsMB: number
  codeMB: number
  optimisedCodeMB: number
  blinkMB: number
  functionsRun: number
  functionsOptimised: number
}

export interface HeapSample {
  /** Minutes since the measured window began. */
  atMin: number
  /** JS heap (CDP Runtime.getHeapUsage usedSize) once the forced GCs settled, MB. */
  mb: number
  /** performance.memory.usedJSHeapSize then, MB. */
  perfMB: number
  /** Blink's heap then (embedderHeapUsedSize), MB. */
  embedderMB: number
  /** Forced GCs taken (HeapProfiler.collectGarbage), until two readings agreed within SETTLE_MB. */
  gcs: number
  /** The page's DOM nodes and JS event listeners then (CDP Memory.getDOMCounters): detached nodes kept would grow here. */
  domNodes: number
  listeners: number
  /** Whether the wall went quiet (every frame applied, its main thread idle) before the GCs. */
  idle: boolean
  /** Seconds the update stream was paused for this sample. */
  pausedS: number
  /** Where the heap lies then, from a heap snapshot (only when asked: the first and last sample). */
  kinds?: HeapKindsMB
}

/** The update stream as a heap sample needs it: paused, resumed, and what it has in flight. */
interface Stream {
  paused: boolean
  track: { inFlight: number }
}

/** Run time in ns of the main thread of `pid` (/proc/PID/task/PID/schedstat, nanosecond resolution); null elsewhere. */
function threadRunNs(pid: number): number | null {
  try {
    return Number(fs.readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ')[0])
  } catch {
    return null
  }
}

/**
 * The page's renderer and the idle threshold for it on this machine (see IDLE_CPU_MS): the wall is
 * left QUIET_AFTER_FRAME_MS to finish its first drawing with no update posted yet, then the main
 * threads of every renderer are read over CALIBRATION_WINDOWS windows. The page's is the busiest of
 * them (its frame counter runs 60 frames a second): right after the wall is ready, CDP's per-process
 * CPU times can still rank the first, blank page's renderer above it, and a quiet check on that
 * process passes at once. The threshold is the median of the page's windows times IDLE_MARGIN, never
 * under IDLE_CPU_MS. Without /proc: `fallbackPid` and IDLE_CPU_MS (the idle check is skipped there).
 */
async function calibrateIdle(browser: Browser, fallbackPid: number): Promise<{ pid: number; thresholdMs: number; idleWindowMs: number | null }> {
  await sleep(QUIET_AFTER_FRAME_MS)
  const session = await browser.newBrowserCDPSession()
  const { processInfo } = (await session.send('SystemInfo.getProcessInfo')) as { processInfo: Array<{ type: string; id: number }> }
  await session.detach().catch(() => undefined)
  const pids = processInfo.filter((p) => p.type === 'renderer').map((p) => p.id)
  const windows = new Map<number, number[]>(pids.map((pid) => [pid, []]))
  for (let i = 0; i < CALIBRATION_WINDOWS; i++) {
    const a = pids.map(threadRunNs)
    await sleep(IDLE_WINDOW_MS)
    const b = pids.map(threadRunNs)
    pids.forEach((pid, k) => {
      if (a[k] != null && b[k] != null) windows.get(pid)!.push((b[k]! - a[k]!) / 1e6)
    })
  }
  const sum = (w: number[]) => w.reduce((x, y) => x + y, 0)
  const busiest = [...windows].filter(([, w]) => w.length === CALIBRATION_WINDOWS).sort((x, y) => sum(y[1]) - sum(x[1]))[0]
  if (!busiest) return { pid: fallbackPid, thresholdMs: IDLE_CPU_MS, idleWindowMs: null }
  const w = [...busiest[1]].sort((x, y) => x - y)
  const median = (w[(w.length - 1) >> 1]! + w[w.length >> 1]!) / 2
  return { pid: busiest[0], thresholdMs: Math.max(IDLE_CPU_MS, IDLE_MARGIN * median), idleWindowMs: median }
}

/**
 * The JS heap at a quiet moment. A figure read while pushes keep arriving holds whatever the wall
 * is in the middle of (a summary being parsed, a chart's next option, a count-up's frames): at 200
 * events/s that scattered samples by 2–4 MB. So the stream is paused, the server is left to answer
 * every request sent, the page to receive the last frame and the wall to apply it (its charts take
 * figures up to CHART_CADENCE_MS late) until its main thread is idle; then GC is forced until
 * two readings agree, and the stream resumes. `excluded` collects the renderer CPU and the CDP
 * task time from the moment every frame was applied to the end of the GCs (the wait for an idle
 * main thread and the forced GCs), which are the bench's, not the wall's work per update.
 */
async function quietHeap(
  page: Page,
  cdp: CDPSession,
  browser: Browser,
  rendererPid: number,
  stream: Stream,
  idleCpuMs: number,
  atMin: () => number,
  excluded?: { mainS: number; processS: number; taskS: number; scriptS: number },
  withKinds = false,
): Promise<HeapSample> {
  const began = performance.now()
  const deadline = began + QUIET_TIMEOUT_MS
  stream.paused = true
  try {
    while (stream.track.inFlight > 0 && performance.now() < deadline) await sleep(20)
    let idle = stream.track.inFlight === 0
    // Every frame the server had to push arrived QUIET_AFTER_FRAME_MS ago or more.
    while (idle) {
      const age = await page.evaluate(() => performance.now() - (window as unknown as BenchGlobals).__bench.lastFrameAt)
      if (age >= QUIET_AFTER_FRAME_MS) break
      if (performance.now() + QUIET_AFTER_FRAME_MS - age > deadline) idle = false
      else await sleep(QUIET_AFTER_FRAME_MS - age)
    }
    // From here on the wall has applied every frame posted: what its main thread does while the
    // sample waits for it to go quiet (the frame counter's and the animations' frames, up to
    // QUIET_TIMEOUT_MS when it never gets under the idle threshold) and the forced GCs is not per-update
    // work, so it is left out of the per-update figures (`excluded`).
    const cpuBefore = excluded ? await rendererCpu(browser) : null
    const mBefore = excluded ? await metrics(cdp) : null
    // Then the main thread idle for IDLE_WINDOWS windows in a row (not checked where /proc is missing).
    for (let quiet = 0; idle && quiet < IDLE_WINDOWS; ) {
      const a = threadRunNs(rendererPid)
      await sleep(IDLE_WINDOW_MS)
      const b = threadRunNs(rendererPid)
      if (a === null || b === null) break
      quiet = (b - a) / 1e6 < idleCpuMs ? quiet + 1 : 0
      if (performance.now() > deadline) idle = false
    }
    let mb = NaN
    let embedderMB = NaN
    let gcs = 0
    while (gcs < MAX_GCS) {
      await cdp.send('HeapProfiler.collectGarbage')
      gcs++
      const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; embedderHeapUsedSize?: number }
      const next = usage.usedSize / 2 ** 20
      embedderMB = (usage.embedderHeapUsedSize ?? NaN) / 2 ** 20
      const settled = Math.abs(next - mb) < SETTLE_MB
      mb = next
      if (settled) break
    }
    const dom = (await cdp.send('Memory.getDOMCounters').catch(() => null)) as { nodes: number; jsEventListeners: number } | null
    const perf = await page.evaluate(() => {
      const w = window as unknown as BenchGlobals
      // The frames not drawn while the GCs ran are not the wall's.
      w.__bench.last = 0
      return (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? NaN
    })
    if (excluded && cpuBefore && mBefore) {
      const cpuAfter = await rendererCpu(browser)
      const mAfter = await metrics(cdp)
      if (cpuAfter.pid === cpuBefore.pid) {
        excluded.processS += cpuAfter.processS - cpuBefore.processS
        if (cpuAfter.mainS !== null && cpuBefore.mainS !== null) excluded.mainS += cpuAfter.mainS - cpuBefore.mainS
      }
      excluded.taskS += (mAfter.TaskDuration ?? 0) - (mBefore.TaskDuration ?? 0)
      excluded.scriptS += (mAfter.ScriptDuration ?? 0) - (mBefore.ScriptDuration ?? 0)
    }
    // Still paused: the snapshot sees the heap the figures above were read from.
    const kinds = withKinds ? await kindsNow(cdp) : undefined
    return {
      atMin: atMin(),
      mb,
      perfMB: perf / 2 ** 20,
      embedderMB,
      domNodes: dom?.nodes ?? NaN,
      listeners: dom?.jsEventListeners ?? NaN,
      gcs,
      idle,
      pausedS: (performance.now() - began) / 1000,
      ...(kinds ? { kinds } : {}),
    }
  } finally {
    stream.paused = false
  }
}

/** A heap snapshot of the page (a few seconds at the wall's ~15 MB), split by kind (bench/lib/heapSnapshot.ts). */
async function kindsNow(cdp: CDPSession): Promise<HeapKindsMB> {
  const chunks: string[] = []
  const onChunk = (e: { chunk: string }) => chunks.push(e.chunk)
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk)
  try {
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false })
  } finally {
    cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk)
  }
  const k: HeapKinds = heapKinds(parseSnapshot(chunks.join('')))
  const mb = (b: number) => round(b / 2 ** 20, 3)
  return {
    objectsMB: mb(k.js),
    codeMB: mb(k.code),
    optimisedCodeMB: mb(k.optimisedBytes),
    blinkMB: mb(k.native),
    functionsRun: k.feedbackVectors,
    functionsOptimised: k.optimised,
  }
}

/** Least-squares line through the samples (x in minutes): its rise over the window, and the largest distance of a sample from it. */
function fitted(samples: ReadonlyArray<HeapSample>): { growthMB: number; perHourMB: number; residualMaxMB: number } {
  const pts = samples.map((s) => [s.atMin / 60, s.mb] as const)
  const perHour = slope(pts)
  const n = pts.length
  const mx = pts.reduce((a, [x]) => a + x, 0) / n
  const my = pts.reduce((a, [, y]) => a + y, 0) / n
  const residualMax = Math.max(...pts.map(([x, y]) => Math.abs(y - (my + perHour * (x - mx)))))
  const span = n > 1 ? pts[n - 1]![0] - pts[0]![0] : 0
  return { growthMB: perHour * span, perHourMB: perHour, residualMaxMB: residualMax }
}

/**
 * CPU seconds of the busiest renderer (the wall's page; a spare renderer idles): the process as
 * CDP reports it, and its main thread (the process's first thread) from /proc on Linux.
 */
async function rendererCpu(browser: Browser): Promise<{ pid: number; processS: number; mainS: number | null }> {
  const session = await browser.newBrowserCDPSession()
  try {
    const { processInfo } = (await session.send('SystemInfo.getProcessInfo')) as { processInfo: Array<{ type: string; id: number; cpuTime: number }> }
    const renderer = processInfo.filter((p) => p.type === 'renderer').sort((a, b) => b.cpuTime - a.cpuTime)[0]
    if (!renderer) return { pid: 0, processS: NaN, mainS: null }
    return { pid: renderer.id, processS: renderer.cpuTime, mainS: threadCpuSeconds(renderer.id) }
  } finally {
    await session.detach().catch(() => undefined)
  }
}

/** utime + stime of the main thread of `pid` (/proc/PID/task/PID/stat, in clock ticks of 1/100 s). */
export function threadCpuSeconds(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return null
  }
}

async function metrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> }
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]))
}

/**
 * Main-thread time by trace event name (complete events on the renderer main thread), top 12, and
 * the main thread's CPU time: the thread clock (`tdur`) of its top-level tasks.
 */
function summariseTrace(file: string): { top: Array<{ name: string; ms: number }>; cpuMs: number } {
  const trace = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    traceEvents: Array<{ name: string; ph: string; dur?: number; tdur?: number; pid: number; tid: number; args?: { name?: string } }>
  }
  const main = trace.traceEvents.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
  const by = new Map<string, number>()
  let cpuMs = 0
  for (const e of trace.traceEvents) {
    if (!main || e.pid !== main.pid || e.tid !== main.tid || e.ph !== 'X' || !e.dur) continue
    by.set(e.name, (by.get(e.name) ?? 0) + e.dur / 1000)
    if (e.name === 'RunTask') cpuMs += (e.tdur ?? 0) / 1000
  }
  return { top: [...by].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([name, ms]) => ({ name, ms: round(ms, 1) })), cpuMs }
}

export async function runSoak(opts: {
  server: ServerHandle
  token: string
  gen: EventGen
  region: string
  minutes: number
  ratePerSec: number
  heapEverySeconds: number
  warmupSeconds: number
  /** Post at this rate (through the warm-up too) and measure for this long instead of `ratePerSec` for `minutes`. */
  burst?: { ratePerSec: number; minutes: number }
  traceFile?: string
}): Promise<{ wall: WallSoak; server: ServerSoak }> {
  const { server, token, gen, region } = opts
  const minutes = opts.burst?.minutes ?? opts.minutes
  const measuredRate = opts.burst?.ratePerSec ?? opts.ratePerSec
  progress.setPhase(`4/5 wall + server soak, ${minutes} min${opts.burst ? `, a burst at ${opts.burst.ratePerSec} events/s` : ''}`)
  // performance.memory without its coarse rounding, beside CDP's heap figures.
  const browser = await launchChromium(['--enable-precise-memory-info'])
  // Set on every way out, a failure included: the update and sampling loops must not outlive the run.
  let stopped = false
  try {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    const consoleErrors: string[] = []
    page.on('console', (m) => {
      if (m.type() === 'error' && consoleErrors.length < 20) consoleErrors.push(m.text().slice(0, 300))
    })
    page.on('pageerror', (e) => {
      if (consoleErrors.length < 20) consoleErrors.push(String(e).slice(0, 300))
    })
    await page.addInitScript(INIT_SCRIPT)
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Performance.enable')
    await page.goto(`${server.url}/?region=${region}&token=${token}`)
    const totalCell = page.locator('[data-metric="cases.total"]').first()
    const wallReady = await totalCell
      .waitFor({ state: 'visible', timeout: 30_000 })
      .then(() => true)
      .catch(() => false)
    if (!wallReady) progress.note('  wall soak: no [data-metric="cases.total"] within 30 s; measuring the page as it is')

    // The page's renderer, and what it costs with nothing arriving, before the stream starts: the heap samples' idle threshold.
    const idle = await calibrateIdle(browser, (await rendererCpu(browser)).pid)
    const rendererPid = idle.pid

    // The update stream, whatever the page does. The warm-up runs at the rate measured after it (a
    // burst's from the start): what it warms up is V8's optimised code for that load, which at 200
    // events/s grows by about 1.3 MB in the first minutes in any build and is not the wall keeping anything.
    let posted = 0
    let failure: Error | null = null
    const stream: Stream = { paused: false, track: { inFlight: 0 } }
    const updater = postUpdates({
      url: server.url,
      gen,
      rate: () => measuredRate,
      stopped: () => stopped,
      posted: (n) => (posted += n),
      failed: (err) => (failure ??= err),
      paused: () => stream.paused,
      track: stream.track,
    })

    // The server's side: RSS every second, /healthz round trips every 200 ms, the snapshots written every 10 s.
    const rss: Array<[number, number]> = []
    const healthz: number[] = []
    type SnapshotState = { snapshots: Array<{ seq: number }> }
    const lastSnapshot = async () =>
      (await json<SnapshotState>('GET', `${server.url}/api/v1/replay/snapshots`, { token }).catch(() => null))?.snapshots.at(-1)?.seq ?? null
    let windowStart: number | null = null
    let snapshotSeq = await lastSnapshot()
    const snapshots: ServerSoak['snapshots'] = []
    const sampler = (async () => {
      for (let i = 0; !stopped; i++) {
        if (i % 5 === 0) rss.push([performance.now(), server.rssBytes() / 2 ** 20])
        if (i % 50 === 0) {
          const seq = await lastSnapshot()
          if (seq !== null && seq !== snapshotSeq) {
            if (windowStart !== null) snapshots.push({ seq, seenAtS: round((performance.now() - windowStart) / 1000) })
            snapshotSeq = seq
          }
        }
        const t0 = performance.now()
        // A failed round trip (the server stopping after a failed run) is not a figure, nor a crash.
        const answered = await request('GET', `${server.url}/healthz`).then(() => true, () => false)
        if (answered) healthz.push(performance.now() - t0)
        await sleep(200)
      }
    })()

    await sleep(opts.warmupSeconds * 1000)
    const heap0 = await quietHeap(page, cdp, browser, rendererPid, stream, idle.thresholdMs, () => 0, undefined, true)
    await page.evaluate(() => {
      const b = (window as unknown as BenchGlobals).__bench
      b.frames = 0
      b.dropped = 0
      b.longest = 0
      b.last = 0
      b.summaries = 0
    })
    const m0 = await metrics(cdp)
    const cpu0 = await rendererCpu(browser)
    const posted0 = posted
    rss.length = 0
    healthz.length = 0
    await server.mark('soak')
    const t0 = performance.now()
    windowStart = t0
    const samples: HeapSample[] = [heap0]
    const excluded = { mainS: 0, processS: 0, taskS: 0, scriptS: 0 }
    let pausedS = 0
    const end = t0 + minutes * 60_000
    let traced: WallSoak['trace']
    let nextHeap = t0 + opts.heapEverySeconds * 1000
    while (performance.now() < end) {
      if (failure) throw failure
      await sleep(Math.min(1000, Math.max(0, end - performance.now())))
      if (performance.now() >= nextHeap && performance.now() < end - 1000) {
        nextHeap += opts.heapEverySeconds * 1000
        const h = await quietHeap(page, cdp, browser, rendererPid, stream, idle.thresholdMs, () => (performance.now() - t0) / 60_000, excluded)
        pausedS += h.pausedS
        samples.push(h)
      }
      if (opts.traceFile && !traced && performance.now() - t0 > 10_000) {
        await browser.startTracing(page, { path: opts.traceFile, categories: ['devtools.timeline', 'v8.execute', 'disabled-by-default-devtools.timeline'] })
        const before = posted
        await sleep(10_000)
        await browser.stopTracing()
        const updates = posted - before
        const { top, cpuMs } = summariseTrace(opts.traceFile)
        traced = { file: opts.traceFile, top, updates, cpuMsPerUpdate: round(cpuMs / Math.max(1, updates), 2) }
      }
      const last = samples[samples.length - 1]!
      progress.update(`${Math.round((performance.now() - t0) / 1000)}/${minutes * 60} s, ${posted - posted0} updates, heap ${round(last.mb, 2)} MB`)
    }
    const m1 = await metrics(cdp)
    const cpu1 = await rendererCpu(browser)
    const frames = await page.evaluate(() => ({ ...(window as unknown as BenchGlobals).__bench }))
    const updates = posted - posted0
    const phase = await server.mark('idle')
    const hours = (performance.now() - t0) / 3600_000
    stopped = true
    await updater
    await sampler
    const windowEnd = performance.now()
    const heap1 = await quietHeap(page, cdp, browser, rendererPid, stream, idle.thresholdMs, () => hours * 60, undefined, true)
    samples.push(heap1)
    const fit = fitted(samples)
    const rest = await json<Summary>('GET', `${server.url}/api/v1/summary?region=${region}`, { token })
    const wallText = wallReady ? await totalCell.textContent().catch(() => null) : null

    // The forced GCs of the samples inside the window are the bench's work, not the wall's.
    const gcS: Record<string, number> = { TaskDuration: excluded.taskS, ScriptDuration: excluded.scriptS }
    const d = (k: string) => ((m1[k] ?? 0) - (m0[k] ?? 0) - (gcS[k] ?? 0)) * 1000
    const rssMB = rss.map(([, v]) => v)
    const seconds = server.seconds(Date.now() - hours * 3600_000 - 1000)
    const wall: WallSoak = {
      minutes,
      ratePerSec: measuredRate,
      ...(opts.burst ? { burst: opts.burst } : {}),
      wallReady,
      updatesPosted: updates,
      summariesReceived: frames.summaries,
      heapStartMB: round(heap0.mb, 3),
      heapEndMB: round(heap1.mb, 3),
      heapGrowthMB: round(heap1.mb - heap0.mb, 3),
      heapGrowthMBPerHour: round(fit.perHourMB, 2),
      heapFittedGrowthMB: round(fit.growthMB, 3),
      heapResidualMaxMB: round(fit.residualMaxMB, 3),
      heapSamples: samples.map((h) => [round(h.atMin, 2), round(h.mb, 3)]),
      heapKinds:
        heap0.kinds && heap1.kinds
          ? {
              start: heap0.kinds,
              end: heap1.kinds,
              objectsGrowthMB: round(heap1.kinds.objectsMB - heap0.kinds.objectsMB, 3),
              codeGrowthMB: round(heap1.kinds.codeMB - heap0.kinds.codeMB, 3),
            }
          : null,
      heapSampleDetails: samples.map((h) => ({ ...h, atMin: round(h.atMin, 2), mb: round(h.mb, 3), perfMB: round(h.perfMB, 3), embedderMB: round(h.embedderMB, 3), pausedS: round(h.pausedS, 1) })),
      heapPausedSeconds: round(pausedS, 1),
      heapIdleThresholdMs: round(idle.thresholdMs, 2),
      heapIdleWindowMs: idle.idleWindowMs === null ? null : round(idle.idleWindowMs, 2),
      perfMemoryStartMB: round(heap0.perfMB, 3),
      perfMemoryEndMB: round(heap1.perfMB, 3),
      embedderHeapStartMB: round(heap0.embedderMB, 3),
      embedderHeapEndMB: round(heap1.embedderMB, 3),
      frames: frames.frames,
      framesDropped: frames.dropped,
      droppedShare: round(frames.dropped / Math.max(1, frames.frames + frames.dropped), 4),
      longestFrameMs: round(frames.longest, 1),
      taskMsPerUpdate: round(d('TaskDuration') / Math.max(1, updates), 2),
      scriptMsPerUpdate: round(d('ScriptDuration') / Math.max(1, updates), 2),
      layoutAndStyleMsPerUpdate: round((d('LayoutDuration') + d('RecalcStyleDuration')) / Math.max(1, updates), 2),
      rendererMainCpuMsPerUpdate:
        cpu0.mainS !== null && cpu1.mainS !== null && cpu0.pid === cpu1.pid ? round(((cpu1.mainS - cpu0.mainS - excluded.mainS) * 1000) / Math.max(1, updates), 2) : null,
      rendererCpuMsPerUpdate: cpu0.pid === cpu1.pid ? round(((cpu1.processS - cpu0.processS - excluded.processS) * 1000) / Math.max(1, updates), 2) : NaN,
      finalFigure: { wall: wallText, rest: rest.cases.total },
      consoleErrors,
      ...(traced ? { trace: traced } : {}),
    }
    // After a snapshot in the window, RSS once the snapshot thread has ended idle (nothing posted meanwhile).
    let settled: { mb: number; afterS: number } | null = null
    if (snapshots.length > 0) {
      const idleMs = Number(process.env.YIPING_SNAPSHOT_THREAD_IDLE_MS ?? 60_000)
      const lastSeen = t0 + snapshots.at(-1)!.seenAtS * 1000
      if (idleMs > 0) await sleep(Math.max(0, lastSeen + idleMs + 10_000 - performance.now()))
      settled = { mb: server.rssBytes() / 2 ** 20, afterS: (performance.now() - windowEnd) / 1000 }
    }
    const serverSoak: ServerSoak = {
      minutes,
      rssStartMB: round(rssMB[0] ?? NaN),
      rssEndMB: round(rssMB[rssMB.length - 1] ?? NaN),
      rssMaxMB: round(Math.max(...rssMB)),
      rssGrowthMBPerHour: round(slope(rss.map(([t, v]) => [(t - t0) / 3600_000, v] as const)), 1),
      snapshots,
      rssSettledMB: settled ? round(settled.mb) : null,
      rssSettledAfterS: settled ? round(settled.afterS) : null,
      eldP50: phase.eld.p50,
      eldP99: phase.eld.p99,
      eldMax: phase.eld.max,
      eldWorstSecondP99: Math.max(...seconds.map((s) => s.eld.p99)),
      healthzMs: dist(healthz),
      cpuShare: round(phase.cpuMs / phase.ms, 3),
    }
    return { wall, server: serverSoak }
  } finally {
    stopped = true
    await browser.close()
  }
}
