/**
 * Preloaded into the server under test (`node --import tsx --import ./bench/lib/probe.ts …`); no
 * server code changes. Writes one JSON line a second to $BENCH_PROBE_OUT: RSS, heap, CPU and the
 * event-loop delay (perf_hooks histogram) of that second. On SIGUSR2 it closes a phase: the name of
 * the next phase is read from $BENCH_PROBE_OUT.phase, a `phase` line carries the whole-phase
 * histogram and CPU time, and with $BENCH_PROBE_PROFILE_DIR set, the phase's CPU profile is written.
 */
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { Session } from 'node:inspector/promises'
import { constants as perfConstants, createHistogram, monitorEventLoopDelay, PerformanceObserver, type IntervalHistogram, type RecordableHistogram } from 'node:perf_hooks'

const RESOLUTION_MS = 5

/** The histogram records whole timer intervals; the delay is what exceeds the resolution. */
function stats(h: IntervalHistogram) {
  const ms = (ns: number) => Math.max(0, Math.round(ns / 1e4) / 100 - RESOLUTION_MS)
  return { count: h.count, p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max), mean: ms(h.mean) }
}

/**
 * With BENCH_PROBE_ELD=off the histograms stay off: each wakes the loop every RESOLUTION_MS (two of
 * them, 400 wake-ups a second, about 10 ms of CPU a second on this machine), which an idle server's
 * own CPU (the deadlines phase) cannot be told apart from.
 */
const ELD_ON = process.env.BENCH_PROBE_ELD !== 'off'

/** A phase's HTTP requests as the server saw them: from its `request` event to the response's `finish`, in ms. */
function requestStats(h: RecordableHistogram) {
  const ms = (ns: number) => Math.round(ns / 1e3) / 1e3
  return { count: h.count, p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max) }
}

/**
 * Per phase (with the histograms on): each request's time inside the server, and the main
 * isolate's GC pauses (count and total by young and old generation, the longest). Whether a read's
 * round trip was slow in the server or outside it (the client, the kernel, the scheduler).
 */
function watchRequestsAndGc() {
  const requests = createHistogram()
  let over5ms = 0
  const emit = http.Server.prototype.emit
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === 'request') {
      const t0 = process.hrtime.bigint()
      ;(args[1] as http.ServerResponse).once('finish', () => {
        const ns = Number(process.hrtime.bigint() - t0)
        requests.record(Math.max(1, ns))
        if (ns > 5e6) over5ms++
      })
    }
    return Reflect.apply(emit, this, [event, ...args]) as boolean
  } as typeof emit
  const gc = { minor: 0, major: 0, minorMs: 0, majorMs: 0, longestMs: 0 }
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const major = (e as unknown as { detail?: { kind?: number } }).detail?.kind === perfConstants.NODE_PERFORMANCE_GC_MAJOR
      gc[major ? 'major' : 'minor']++
      gc[major ? 'majorMs' : 'minorMs'] += e.duration
      gc.longestMs = Math.max(gc.longestMs, e.duration)
    }
  }).observe({ entryTypes: ['gc'] })
  return {
    take() {
      const out = {
        requests: { ...requestStats(requests), over5ms },
        gc: { ...gc, minorMs: Math.round(gc.minorMs * 10) / 10, majorMs: Math.round(gc.majorMs * 10) / 10, longestMs: Math.round(gc.longestMs * 10) / 10 },
      }
      requests.reset()
      over5ms = 0
      Object.assign(gc, { minor: 0, major: 0, minorMs: 0, majorMs: 0, longestMs: 0 })
      return out
    },
  }
}

function start(file: string) {
  const write = (o: object) => fs.appendFileSync(file, `${JSON.stringify({ t: performance.timeOrigin + performance.now(), ...o })}\n`)
  const second = monitorEventLoopDelay({ resolution: RESOLUTION_MS })
  const phase = monitorEventLoopDelay({ resolution: RESOLUTION_MS })
  if (ELD_ON) {
    second.enable()
    phase.enable()
  }
  const watched = ELD_ON ? watchRequestsAndGc() : null
  let cpuSecond = process.cpuUsage()
  let cpuPhase = process.cpuUsage()
  let phaseName = process.env.BENCH_PROBE_PHASE || 'start'
  let phaseStarted = performance.now()

  const profileDir = process.env.BENCH_PROBE_PROFILE_DIR
  let session: Session | null = null
  const startProfile = async () => {
    if (!profileDir) return
    session = new Session()
    session.connect()
    await session.post('Profiler.enable')
    await session.post('Profiler.setSamplingInterval', { interval: 500 })
    await session.post('Profiler.start')
  }
  const stopProfile = async (name: string) => {
    if (!profileDir || !session) return
    const { profile } = await session.post('Profiler.stop')
    fs.mkdirSync(profileDir, { recursive: true })
    fs.writeFileSync(path.join(profileDir, `${name}.cpuprofile`), JSON.stringify(profile))
    session.disconnect()
  }
  void startProfile()

  const timer = setInterval(() => {
    const cpu = process.cpuUsage(cpuSecond)
    cpuSecond = process.cpuUsage()
    const mem = process.memoryUsage()
    write({ kind: 'second', rss: mem.rss, heapUsed: mem.heapUsed, cpuMs: (cpu.user + cpu.system) / 1000, eld: stats(second) })
    second.reset()
  }, 1000)
  timer.unref()

  process.on('SIGUSR2', () => {
    const next = fs.readFileSync(`${file}.phase`, 'utf8').trim() || 'unnamed'
    const cpu = process.cpuUsage(cpuPhase)
    const mem = process.memoryUsage()
    const line = {
      kind: 'phase',
      name: phaseName,
      ms: performance.now() - phaseStarted,
      cpuMs: (cpu.user + cpu.system) / 1000,
      rss: mem.rss,
      heapUsed: mem.heapUsed,
      eld: stats(phase),
      ...(watched ? watched.take() : {}),
    }
    const closing = phaseName
    phaseName = next
    phaseStarted = performance.now()
    cpuPhase = process.cpuUsage()
    phase.reset()
    void stopProfile(closing)
      .then(() => startProfile())
      .finally(() => write(line))
  })
}

const out = process.env.BENCH_PROBE_OUT
if (out) start(out)
