/**
 * `tsx bench/restart-drain.ts --dir D [--soak S] [--rate R]`: a lazy restart's drain in process, not
 * part of `run.ts`. Builds the app on a fresh copy of the store at D (one filled by `asof-cold.ts
 * --fill N --mode live`, its ingest key), waits until ready, then until the drain of the cases the
 * restore left encoded is done (`Aggregator.decodeInTurns`, the one the app started) and the alarm
 * check has settled: the longest event-loop block over that stretch (monitorEventLoopDelay, and
 * the longest gap between two turns of a setImmediate chain with the process's CPU over it, the
 * longest GC pause; the drain's slices and the alarm check's walk of the red cases timed), then heap after a GC and RSS. With
 * `--soak S`: S seconds of a live feed at R events/s (batches of R/5 every 200 ms, new cases and
 * next steps of them) while the root's summary, units' page and petition page are read every
 * second (the first of each timed, wall and CPU), sampled every 10 s (heap used, RSS, the
 * window's longest block), then heap after a GC
 * and RSS again. Run it with `NODE_OPTIONS=--expose-gc`. Prints one JSON line.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks'
import { setImmediate as turn } from 'node:timers/promises'
import { BENCH_ADMIN_PASSWORD, benchIngestHeaders, buildBenchApp } from './lib/inProcess'
import { EventGen } from './lib/events'
import { arg } from './lib/args'

const source = arg('dir')
if (!source) throw new Error('--dir D: the store to start on')
const soakSeconds = Number(arg('soak') ?? 0)
const rate = Number(arg('rate') ?? 50)
const gc = (globalThis as { gc?: () => void }).gc
if (!gc) throw new Error('run with NODE_OPTIONS=--expose-gc')
const r1 = (x: number) => Math.round(x * 10) / 10
const mb = (b: number) => Math.round(b / 2 ** 20)
const cpuMs = () => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}
const memory = () => {
  const m = process.memoryUsage()
  return { heapMB: mb(m.heapUsed), rssMB: mb(m.rss) }
}
const afterGc = () => {
  gc()
  return memory()
}

/**
 * The longest gap between two turns of a setImmediate chain, and this process's CPU over it (all
 * threads, but not inflated by waiting for a core as the wall time is on a loaded machine).
 */
function turnGaps() {
  let last = performance.now()
  let lastCpu = cpuMs()
  let max = { wallMs: 0, cpuMs: 0 }
  let on = true
  const step = () => {
    const t = performance.now()
    const c = cpuMs()
    if (t - last > max.wallMs) max = { wallMs: r1(t - last), cpuMs: r1(c - lastCpu) }
    last = t
    lastCpu = c
    if (on) setImmediate(step)
  }
  setImmediate(step)
  return {
    take: () => {
      const m = max
      max = { wallMs: 0, cpuMs: 0 }
      return m
    },
    stop: () => {
      on = false
      return max
    },
  }
}

/** Garbage collections seen (their pauses are blocks of the loop too): the longest, and the total. */
function gcPauses() {
  let max = 0
  let total = 0
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      max = Math.max(max, e.duration)
      total += e.duration
    }
  })
  obs.observe({ entryTypes: ['gc'] })
  return {
    take: () => {
      const m = { gcMaxMs: r1(max), gcTotalMs: r1(total) }
      max = 0
      total = 0
      return m
    },
    stop: () => obs.disconnect(),
  }
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'restart-drain-'))
fs.copyFileSync(path.join(source, 'yiping.sqlite'), path.join(dataDir, 'yiping.sqlite'))
const t0 = performance.now()
const c0 = cpuMs()
const app = await buildBenchApp(dataDir)
await app.ready()
const ready = { wallMs: r1(performance.now() - t0), cpuMs: r1(cpuMs() - c0), encoded: app.aggregator.encodedCount }
// The drain's own turns timed (its loop calls `this.decodeSome` afresh each turn), and the alarm
// check's walk of the red cases (after the drain, a slice per turn): the longest slice of each.
const agg = app.aggregator
const slices = { n: 0, maxWallMs: 0, maxCpuMs: 0, lastWallMs: 0, lastCpuMs: 0 }
const decodeSome = agg.decodeSome.bind(agg)
agg.decodeSome = (n: number) => {
  const t = performance.now()
  const c = cpuMs()
  const more = decodeSome(n)
  const wall = performance.now() - t
  const cpu = cpuMs() - c
  slices.n++
  slices.maxWallMs = r1(Math.max(slices.maxWallMs, wall))
  slices.maxCpuMs = r1(Math.max(slices.maxCpuMs, cpu))
  if (!more) Object.assign(slices, { lastWallMs: r1(wall), lastCpuMs: r1(cpu) })
  return more
}
const walk = { wallMs: 0, cpuMs: 0, red: 0, slices: 0, maxSliceCpuMs: 0 }
const forEachRed = agg.forEachRed.bind(agg)
agg.forEachRed = async (fn, turn) => {
  const t = performance.now()
  const c = cpuMs()
  let slice = c
  const sliceEnds = () => {
    walk.slices++
    walk.maxSliceCpuMs = r1(Math.max(walk.maxSliceCpuMs, cpuMs() - slice))
  }
  await forEachRed(
    (red) => {
      walk.red++
      fn(red)
    },
    async () => {
      sliceEnds()
      await turn()
      slice = cpuMs()
    },
  )
  sliceEnds()
  Object.assign(walk, { wallMs: r1(performance.now() - t), cpuMs: r1(cpuMs() - c) })
}
const delay = monitorEventLoopDelay({ resolution: 10 })
delay.enable()
const gaps = turnGaps()
const pauses = gcPauses()
const d0 = performance.now()
const dc0 = cpuMs()
// The app's own drain (decodeInTurns shares the one under way), then the alarm check that awaits it.
await app.aggregator.decodeInTurns(turn)
await app.alarms.settled()
// A block is seen when the loop comes round again: the last slice and the walk run in the turn this
// resolves in, so the timer of the histogram and the next link of the chain have to fire first.
await new Promise((r) => setTimeout(r, 50))
await turn()
const drain = {
  wallMs: r1(performance.now() - d0),
  cpuMs: r1(cpuMs() - dc0),
  maxBlockMs: r1(delay.max / 1e6),
  maxTurnGap: gaps.stop(),
  ...pauses.take(),
  slices,
  redWalk: walk,
  watched: app.aggregator.watchedCount,
  ...afterGc(),
}
delay.disable()

let soak: object | undefined
if (soakSeconds > 0) {
  const login = await app.inject({ method: 'POST', url: '/api/v1/login', payload: { username: 'admin', password: BENCH_ADMIN_PASSWORD } })
  const auth = { authorization: `Bearer ${(login.json() as { token: string }).token}` }
  const root = app.regions.list().find((r) => r.parent === null)!.code
  const villages = app.regions.list().filter((r) => r.level === 'village').map((r) => r.code)
  const gen = new EventGen(villages, `drain${Date.now().toString(36)}`)
  const ingest = benchIngestHeaders
  const samples: object[] = []
  const window = monitorEventLoopDelay({ resolution: 10 })
  window.enable()
  const windowGaps = turnGaps()
  pauses.take()
  const s0 = performance.now()
  const sc0 = cpuMs()
  let posted = 0
  let reads = 0
  let firstReads: Array<{ wallMs: number; cpuMs: number }> | undefined
  const until = s0 + soakSeconds * 1000
  const feed = (async () => {
    for (let k = 0; performance.now() < until; k++) {
      const { no, events } = gen.batch(Math.max(1, Math.round(rate / 5)), { mode: 'live' })
      const res = await app.inject({ method: 'POST', url: '/api/v1/events', headers: ingest, payload: JSON.stringify({ events }) })
      if (res.statusCode !== 200) throw new Error(`feed refused (${res.statusCode}): ${res.body.slice(0, 300)}`)
      gen.commit(no)
      posted += events.length
      await new Promise((r) => setTimeout(r, Math.max(0, s0 + (k + 1) * 200 - performance.now())))
    }
  })()
  const read = (async () => {
    for (let k = 0; performance.now() < until; k++) {
      const took: Array<{ wallMs: number; cpuMs: number }> = []
      for (const url of [`/api/v1/summary?region=${root}`, `/api/v1/summary/units?region=${root}`, `/api/v1/themes/petition?region=${root}`]) {
        const t = performance.now()
        const c = cpuMs()
        const res = await app.inject({ url, headers: auth })
        if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 200)}`)
        took.push({ wallMs: r1(performance.now() - t), cpuMs: r1(cpuMs() - c) })
        reads++
      }
      firstReads ??= took
      await new Promise((r) => setTimeout(r, Math.max(0, s0 + (k + 1) * 1000 - performance.now())))
    }
  })()
  const sampler = setInterval(() => {
    samples.push({ s: Math.round((performance.now() - s0) / 1000), ...memory(), maxBlockMs: r1(window.max / 1e6), maxTurnGap: windowGaps.take(), ...pauses.take() })
    window.reset()
  }, 10_000)
  await Promise.all([feed, read])
  clearInterval(sampler)
  window.disable()
  windowGaps.stop()
  soak = { seconds: soakSeconds, rate, posted, reads, firstReadsMs: firstReads, cpuMs: r1(cpuMs() - sc0), samples, end: afterGc() }
}

pauses.stop()
await app.close()
fs.rmSync(dataDir, { recursive: true, force: true })
process.stdout.write(`${JSON.stringify({ ready, drain, soak, load: os.loadavg().map((l) => r1(l)) })}\n`)
process.exit(0)
