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
  /** JS heap (CDP Runtime.getHeapUsage) after forced GC, MB. */
  heapStartMB: number
  heapEndMB: number
  /** heapEndMB − heapStartMB: the growth after the warm-up (issue 12: < 1 MB over a burst). */
  heapGrowthMB: number
  /** Least-squares slope of the post-GC heap samples, MB per hour of updates. */
  heapGrowthMBPerHour: number
  heapSamples: Array<[number, number]>
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
  const b = { frames: 0, dropped: 0, longest: 0, last: 0, summaries: 0 }
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
        if (typeof e.data === 'string' && e.data.startsWith('42/live,["summary"')) b.summaries++
      })
    }
  }
})()`

interface BenchGlobals {
  gc?: () => void
  __bench: { frames: number; dropped: number; longest: number; last: number; summaries: number }
}

/** Forced GC (twice, as heap snapshots do), then the heap as CDP and performance.memory see it; frames skipped meanwhile are not counted. */
async function heapAfterGc(page: Page, cdp: CDPSession): Promise<{ cdp: number; perf: number; embedder: number }> {
  const perf = await page.evaluate(() => {
    const w = window as unknown as BenchGlobals
    w.gc?.()
    w.gc?.()
    w.__bench.last = 0
    return (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? NaN
  })
  const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; embedderHeapUsedSize?: number }
  return { cdp: usage.usedSize / 2 ** 20, perf: perf / 2 ** 20, embedder: (usage.embedderHeapUsedSize ?? NaN) / 2 ** 20 }
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
function threadCpuSeconds(pid: number): number | null {
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

    // The update stream, whatever the page does. The warm-up runs at the rate measured after it (a
    // burst's from the start): what it warms up is V8's optimised code for that load, which at 200
    // events/s grows by about 1.3 MB in the first minutes in any build and is not the wall keeping anything.
    let posted = 0
    let failure: Error | null = null
    const updater = postUpdates({
      url: server.url,
      gen,
      rate: () => measuredRate,
      stopped: () => stopped,
      posted: (n) => (posted += n),
      failed: (err) => (failure ??= err),
    })

    // The server's side: RSS every second, /healthz round trips every 200 ms.
    const rss: Array<[number, number]> = []
    const healthz: number[] = []
    const sampler = (async () => {
      for (let i = 0; !stopped; i++) {
        if (i % 5 === 0) rss.push([performance.now(), server.rssBytes() / 2 ** 20])
        const t0 = performance.now()
        // A failed round trip (the server stopping after a failed run) is not a figure, nor a crash.
        const answered = await request('GET', `${server.url}/healthz`).then(() => true, () => false)
        if (answered) healthz.push(performance.now() - t0)
        await sleep(200)
      }
    })()

    await sleep(opts.warmupSeconds * 1000)
    const heap0 = await heapAfterGc(page, cdp)
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
    const heapSamples: Array<[number, number]> = [[0, heap0.cdp]]
    const end = t0 + minutes * 60_000
    let traced: WallSoak['trace']
    let nextHeap = t0 + opts.heapEverySeconds * 1000
    while (performance.now() < end) {
      if (failure) throw failure
      await sleep(Math.min(1000, Math.max(0, end - performance.now())))
      if (performance.now() >= nextHeap && performance.now() < end - 1000) {
        nextHeap += opts.heapEverySeconds * 1000
        const h = await heapAfterGc(page, cdp)
        heapSamples.push([(performance.now() - t0) / 3600_000, h.cdp])
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
      const last = heapSamples[heapSamples.length - 1]!
      progress.update(`${Math.round((performance.now() - t0) / 1000)}/${minutes * 60} s, ${posted - posted0} updates, heap ${round(last[1], 2)} MB`)
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
    await sleep(1500)
    const heap1 = await heapAfterGc(page, cdp)
    heapSamples.push([hours, heap1.cdp])
    const rest = await json<Summary>('GET', `${server.url}/api/v1/summary?region=${region}`, { token })
    const wallText = wallReady ? await totalCell.textContent().catch(() => null) : null

    const d = (k: string) => ((m1[k] ?? 0) - (m0[k] ?? 0)) * 1000
    const rssMB = rss.map(([, v]) => v)
    const seconds = server.seconds(Date.now() - hours * 3600_000 - 1000)
    const wall: WallSoak = {
      minutes,
      ratePerSec: measuredRate,
      ...(opts.burst ? { burst: opts.burst } : {}),
      wallReady,
      updatesPosted: updates,
      summariesReceived: frames.summaries,
      heapStartMB: round(heap0.cdp, 3),
      heapEndMB: round(heap1.cdp, 3),
      heapGrowthMB: round(heap1.cdp - heap0.cdp, 3),
      heapGrowthMBPerHour: round(slope(heapSamples), 2),
      heapSamples: heapSamples.map(([h, mb]) => [round(h * 60, 2), round(mb, 3)]),
      perfMemoryStartMB: round(heap0.perf, 3),
      perfMemoryEndMB: round(heap1.perf, 3),
      embedderHeapStartMB: round(heap0.embedder, 3),
      embedderHeapEndMB: round(heap1.embedder, 3),
      frames: frames.frames,
      framesDropped: frames.dropped,
      droppedShare: round(frames.dropped / Math.max(1, frames.frames + frames.dropped), 4),
      longestFrameMs: round(frames.longest, 1),
      taskMsPerUpdate: round(d('TaskDuration') / Math.max(1, updates), 2),
      scriptMsPerUpdate: round(d('ScriptDuration') / Math.max(1, updates), 2),
      layoutAndStyleMsPerUpdate: round((d('LayoutDuration') + d('RecalcStyleDuration')) / Math.max(1, updates), 2),
      rendererMainCpuMsPerUpdate:
        cpu0.mainS !== null && cpu1.mainS !== null && cpu0.pid === cpu1.pid ? round(((cpu1.mainS - cpu0.mainS) * 1000) / Math.max(1, updates), 2) : null,
      rendererCpuMsPerUpdate: cpu0.pid === cpu1.pid ? round(((cpu1.processS - cpu0.processS) * 1000) / Math.max(1, updates), 2) : NaN,
      finalFigure: { wall: wallText, rest: rest.cases.total },
      consoleErrors,
      ...(traced ? { trace: traced } : {}),
    }
    const serverSoak: ServerSoak = {
      minutes,
      rssStartMB: round(rssMB[0] ?? NaN),
      rssEndMB: round(rssMB[rssMB.length - 1] ?? NaN),
      rssMaxMB: round(Math.max(...rssMB)),
      rssGrowthMBPerHour: round(slope(rss.map(([t, v]) => [(t - t0) / 3600_000, v] as const)), 1),
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
