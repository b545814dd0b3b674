/**
 * `tsx bench/ingest-cpu.ts [--batches N] [--mode live|history] [--concurrency C] [--snapshot-every N]
 * [--snapshot-nice N] [--stages] [--profile FILE]`: the CPU time of a fixed ingest workload, in process. The app is built
 * on a fresh SQLite store with the demo's region tree (no demo data); N batches of 1,000 generated
 * events go through the HTTP route by inject (body parse, validation, plan, write, figures, pushes).
 * On a shared, busy machine the wall clock says little; CPU ms per 1,000 events (user + system, of
 * this process, worker threads included) compares one version of the code with another. The first
 * tenth of the batches warms up and is not counted. `byThread` splits the timed part's CPU by
 * thread (Linux `/proc/self/task/<tid>/schedstat`; Node names none of its threads, so they are told
 * apart by when they started): the main thread, those started before the app (V8's helpers, GC
 * included), those started while it was built, during the warm-up (the SQLite writer thread, at
 * the first write) and while the timed batches went in (the snapshot thread, at the first snapshot
 * when the warm-up holds fewer events than YIPING_SNAPSHOT_EVERY).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Session } from 'node:inspector/promises'
import { constants as perfConstants, monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks'
import { benchIngestHeaders, buildBenchApp } from './lib/inProcess'
import { EventGen } from './lib/events'
import { summariseProfile } from './lib/profile'
import { samplesBetween } from './lib/longTurns'
import { timeStages } from './lib/ingestStages'
import { arg } from './lib/args'

const batches = Number(arg('batches') ?? 60)
const mode = (arg('mode') ?? 'live') as 'live' | 'history'
const profileFile = arg('profile')
/** Requests in flight at once, as the HTTP bench's workers keep them. */
const concurrency = Number(arg('concurrency') ?? 1)
/** YIPING_SNAPSHOT_EVERY for the run (0: no snapshots of the aggregates behind the log). */
const snapshotEvery = arg('snapshot-every')
/** YIPING_SNAPSHOT_NICE for the run (0: the snapshot thread at the process's priority). */
const snapshotNice = arg('snapshot-nice')

/** CPU ns of each live thread of this process (none off Linux). */
const threadCpu = (): Map<string, number> => {
  const out = new Map<string, number>()
  try {
    for (const tid of fs.readdirSync('/proc/self/task')) {
      try {
        out.set(tid, Number(fs.readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ')[0]))
      } catch {
        // Gone since the listing.
      }
    }
  } catch {
    // No /proc here.
  }
  return out
}
const tidsAtStart = new Set(threadCpu().keys())

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiping-ingest-cpu-'))
const stagesWanted = process.argv.includes('--stages')
const app = await buildBenchApp(dataDir, {
  ...(snapshotEvery !== undefined ? { snapshotEvery: Number(snapshotEvery) } : {}),
  ...(snapshotNice !== undefined ? { snapshotNice: Number(snapshotNice) } : {}),
})
await app.ready()
await app.demo.ready()
const villages = app.regions.list().filter((r) => r.level === 'village').map((r) => r.code)
const gen = new EventGen(villages, `cpu${Date.now().toString(36)}`)
const headers = benchIngestHeaders

// Bodies are made before the clock starts: the generator's own CPU is not the server's. A batch
// counts as acknowledged once `concurrency` later ones are made, so follow-ons only name cases of
// batches that are sent, and answered, before them.
const stages = stagesWanted ? timeStages(app) : null
const warm = Math.max(1, Math.round(batches / 10))
const bodies = Array.from({ length: warm + batches }, () => {
  const { no, events } = gen.batch(1000, { mode })
  if (no > concurrency) gen.commit(no - concurrency)
  return { payload: JSON.stringify({ events }), n: events.length }
})
let next = 0
const post = async () => {
  const { payload, n } = bodies[next++]!
  const res = await app.inject({ method: 'POST', url: '/api/v1/events', headers, payload })
  if (res.statusCode !== 200) throw new Error(`ingest refused (${res.statusCode}): ${res.body.slice(0, 300)}`)
  return n
}

const tidsOfApp = new Set(threadCpu().keys())
for (let i = 0; i < warm; i++) await post()

const session = profileFile ? new Session() : null
if (session) {
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.start')
}
stages?.reset()
// Event-loop delay while the batches go in: how long a push or a read would have waited.
const eld = monitorEventLoopDelay({ resolution: 10 })
eld.enable()
// The main isolate's GC pauses while the batches go in: scavenges and mark-compacts, the longest.
const gcPauses = { minor: 0, major: 0, minorMs: 0, majorMs: 0, longestMs: 0, over20: 0 }
const gcObserver = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const kind = (e as unknown as { detail?: { kind?: number } }).detail?.kind
    const major = kind === perfConstants.NODE_PERFORMANCE_GC_MAJOR
    gcPauses[major ? 'major' : 'minor']++
    gcPauses[major ? 'majorMs' : 'minorMs'] += e.duration
    gcPauses.longestMs = Math.max(gcPauses.longestMs, e.duration)
    if (e.duration > 20) gcPauses.over20++
  }
})
gcObserver.observe({ entryTypes: ['gc'] })
// The gaps between fires of a 5 ms timer longer than 50 ms (what the event-loop p99 counts), each
// with the main thread's time on a core, waiting for one (run queue) and off both (blocked in a
// call, asleep) from its schedstat: a long turn of work, or a turn stretched by the scheduler.
const mainStat = `/proc/self/task/${process.pid}/schedstat`
const sched = () => {
  try {
    const [run, wait] = fs.readFileSync(mainStat, 'utf8').split(' ')
    return [Number(run), Number(wait)] as const
  } catch {
    return [NaN, NaN] as const
  }
}
const gaps: Array<{ atUs: number; wallMs: number; cpuMs: number; runQueueMs: number }> = []
/** Every gap's main-thread CPU: the loop iteration's own work, which the scheduler does not stretch. */
const gapCpu: Array<{ atUs: number; wallMs: number; cpuMs: number }> = []
let gapCount = 0
let lastFire = process.hrtime.bigint()
let lastSched = sched()
const sched0 = lastSched
const gapTimer = setInterval(() => {
  const now = process.hrtime.bigint()
  const s = sched()
  const wallMs = Number(now - lastFire) / 1e6
  gapCount++
  const cpuMs = (s[0] - lastSched[0]) / 1e6
  if (cpuMs > 10) gapCpu.push({ atUs: Number(lastFire / 1000n), wallMs: Math.round(wallMs * 10) / 10, cpuMs: Math.round(cpuMs * 10) / 10 })
  if (wallMs > 50) gaps.push({ atUs: Number(lastFire / 1000n), wallMs: Math.round(wallMs * 10) / 10, cpuMs: Math.round((s[0] - lastSched[0]) / 1e5) / 10, runQueueMs: Math.round((s[1] - lastSched[1]) / 1e5) / 10 })
  lastFire = now
  lastSched = s
}, 5)
let events = 0
const t0 = performance.now()
const cpu0 = process.cpuUsage()
const threads0 = threadCpu()
const tidsOfWarmUp = new Set(threads0.keys())
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < bodies.length) {
      const n = await post()
      events += n
    }
  }),
)
const cpu = process.cpuUsage(cpu0)
const threads1 = threadCpu()
eld.disable()
gcObserver.disconnect()
clearInterval(gapTimer)
const sched1 = sched()
/** Threads of this process at a niceness above 0 (the snapshot thread, YIPING_SNAPSHOT_NICE). */
const niced = fs.readdirSync('/proc/self/task').filter((tid) => {
  try {
    return Number(fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]) > 0
  } catch {
    return false
  }
}).length
const stageMs = stages?.per1000(events, performance.now() - t0)
const wallMs = performance.now() - t0
if (session && profileFile) {
  const { profile } = await session.post('Profiler.stop')
  fs.writeFileSync(profileFile, JSON.stringify(profile))
  session.disconnect()
}
await app.close()
fs.rmSync(dataDir, { recursive: true, force: true })

const per1000 = (us: number) => Math.round((us / 1000 / events) * 1000 * 10) / 10
/** The timed part's CPU by thread group, ms per 1,000 events (a thread that ended meanwhile is not counted). */
function byThread(): Record<string, number> {
  const groups: Record<string, number> = { main: 0, runtime: 0, app: 0, warmUp: 0, timed: 0 }
  const main = String(process.pid)
  for (const [tid, ns] of threads1) {
    const group = tid === main ? 'main' : tidsAtStart.has(tid) ? 'runtime' : tidsOfApp.has(tid) ? 'app' : tidsOfWarmUp.has(tid) ? 'warmUp' : 'timed'
    groups[group]! += ns - (threads0.get(tid) ?? 0)
  }
  return Object.fromEntries(Object.entries(groups).map(([k, ns]) => [k, per1000(ns / 1000)]))
}
const out = {
  mode,
  batches,
  concurrency,
  events,
  cpuMsPer1000: per1000(cpu.user + cpu.system),
  userMsPer1000: per1000(cpu.user),
  systemMsPer1000: per1000(cpu.system),
  wallMsPer1000: Math.round((wallMs / events) * 1000 * 10) / 10,
  eventLoopDelayMs: { p50: Math.round(eld.percentile(50) / 1e5) / 10, p99: Math.round(eld.percentile(99) / 1e5) / 10, max: Math.round(eld.max / 1e5) / 10 },
  byThreadMsPer1000: byThread(),
  gc: { ...gcPauses, minorMs: Math.round(gcPauses.minorMs), majorMs: Math.round(gcPauses.majorMs), longestMs: Math.round(gcPauses.longestMs * 10) / 10 },
  loadavg: os.loadavg().map((l) => Math.round(l * 10) / 10),
  ...(stageMs && stages ? { stageMsPer1000: stageMs, commitMs: stages.commits() } : {}),
}
process.stdout.write(`${JSON.stringify(out)}\n`)
process.stdout.write(
  `${JSON.stringify({
    timerFires: gapCount,
    // The main thread's time waiting for a core (run queue) per 1,000 events, beside its time on one.
    mainRunQueueMsPer1000: per1000((sched1[1] - sched0[1]) / 1000),
    mainOnCpuMsPer1000: per1000((sched1[0] - sched0[0]) / 1000),
    nicedThreads: niced,
    gapsOver50ms: gaps.length,
    gapsOnCpuOver50ms: gaps.filter((g) => g.cpuMs > 50).length,
    // Loop iterations by the main thread's CPU in them (ms): how many took more than 10, 20, 30, 40.
    iterationsCpuOver: Object.fromEntries([10, 20, 30, 40].map((ms) => [ms, gapCpu.filter((g) => g.cpuMs > ms).length])),
    iterationCpuMaxMs: Math.max(0, ...gapCpu.map((g) => g.cpuMs)),
    gaps: gaps.sort((a, b) => b.wallMs - a.wallMs).slice(0, 10),
  })}\n`,
)
if (profileFile) {
  process.stdout.write(`${JSON.stringify(summariseProfile(profileFile, 30), null, 1)}\n`)
  // The loop iterations with the most main-thread CPU, and what ran in them (the profile's samples).
  const heaviest = [...gapCpu].sort((a, b) => b.cpuMs - a.cpuMs).slice(0, 12)
  const ran = samplesBetween(profileFile, heaviest.map((g) => ({ fromUs: g.atUs, toUs: g.atUs + g.wallMs * 1000 })))
  heaviest.forEach((g, i) => process.stdout.write(`${JSON.stringify({ ...g, ...ran[i] })}\n`))
}
