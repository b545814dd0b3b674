/**
 * `npx tsx bench/snapshot-rss.ts --dir D [--fast-rate R] [--rate r] [--after S] [--label L]`: the
 * server's RSS around the first snapshot after a restart, not part of `run.ts`. D is a store filled
 * by `asof-cold.ts --fill N --mode live`; it is copied (D is left as it is) and the real server is
 * started on the copy as `run.ts` starts it (child process, the probe preloaded, the snapshot
 * thread from its bundle): a restart from the latest snapshot and the log's tail. After 10 s idle,
 * events are posted at R events/s (default 400) until the next snapshot has been written (the
 * restart phase's tail plus the soak's events crossing YIPING_SNAPSHOT_EVERY, sped up; the soak's
 * rate from the moment it is crossed), then at r events/s (default 10, the soak's) for S seconds
 * (default 120); then the same again for a second snapshot, which a kept thread writes from the
 * aggregator it kept and an ended one from the stored snapshot. Every second: the process's RSS
 * (/proc/PID/status), its threads, the main isolate's heapUsed (the probe) and the CPU of the
 * threads above the process's niceness (the snapshot thread's, YIPING_SNAPSHOT_NICE); at the end,
 * /proc/PID/smaps_rollup. Prints one JSON line per sample with `--samples`, and a summary line: per
 * snapshot, the snapshot thread's CPU ms, RSS before, its peak, when the snapshot was seen written,
 * 30, 60, 90 s after, and at the end. The server's environment is this process's (say
 * YIPING_SNAPSHOT_THREAD_IDLE_MS=0 to keep the snapshot thread, as before it ended when idle).
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { arg } from './lib/args'
import { EventGen } from './lib/events'
import { closeHttp, json } from './lib/http'
import { BENCH_ADMIN_PASSWORD } from './lib/inProcess'
import { freshDataDir, startServer } from './lib/server'
import { round, sleep } from './lib/stats'
import { postUpdates } from './lib/updateStream'

const base = arg('dir')
if (!base) throw new Error('--dir D: a store filled by asof-cold.ts --fill N --mode live')
const fastRate = Number(arg('fast-rate') ?? 400)
const rate = Number(arg('rate') ?? 10)
const afterS = Number(arg('after') ?? 120)
const label = arg('label') ?? ''
const printSamples = process.argv.includes('--samples')

const dataDir = freshDataDir()
execFileSync('cp', ['-a', `${base}/.`, dataDir])
const server = await startServer({ dataDir, env: { YIPING_ADMIN_PASSWORD: BENCH_ADMIN_PASSWORD } })
const rootCode = '330000'
const proc = (file: string) => fs.readFileSync(`/proc/${server.pid}/${file}`, 'utf8')
const statusMB = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(proc('status'))?.[1] ?? NaN) / 1024
const threads = () => Number(/Threads:\s+(\d+)/.exec(proc('status'))?.[1] ?? NaN)
/** CPU ms so far of each thread above the process's niceness (the snapshot thread, YIPING_SNAPSHOT_NICE), by thread id. */
const nicedCpu = (): Map<number, number> => {
  const out = new Map<number, number>()
  for (const tid of fs.readdirSync(`/proc/${server.pid}/task`)) {
    try {
      const f = fs.readFileSync(`/proc/${server.pid}/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')
      if (Number(f[16]) > 0) out.set(Number(tid), ((Number(f[11]) + Number(f[12])) * 1000) / ticks)
    } catch {
      // Ended since the listing.
    }
  }
  return out
}
const ticks = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim())
/** The niced threads' CPU since `from`, counting each thread at its last reading (one that ended keeps what it had when last seen). */
const lastSeen = new Map<number, number>()
const cpuSince = (from: Map<number, number>) => {
  let ms = 0
  for (const [tid, cpu] of lastSeen) ms += cpu - (from.get(tid) ?? 0)
  return Math.round(ms)
}
const started = performance.now()
type Sample = { s: number; rssMB: number; threads: number; heapUsedMB: number; posted: number; phase: string }
const samples: Sample[] = []
let phase = 'idle'
let posted = 0
let stopped = false
const sampler = (async () => {
  while (!stopped) {
    const last = server.seconds().at(-1)
    const s: Sample = {
      s: round((performance.now() - started) / 1000, 1),
      rssMB: round(statusMB('VmRSS')),
      threads: threads(),
      heapUsedMB: last ? round(last.heapUsed / 2 ** 20) : NaN,
      posted,
      phase,
    }
    samples.push(s)
    for (const [tid, cpu] of nicedCpu()) lastSeen.set(tid, cpu)
    if (printSamples) process.stdout.write(`${JSON.stringify(s)}\n`)
    await sleep(1000)
  }
})()

try {
  const { token } = await json<{ token: string }>('POST', `${server.url}/api/v1/login`, { json: { username: 'admin', password: BENCH_ADMIN_PASSWORD } })
  type State = { every: number; head: number; fill: number; snapshots: Array<{ seq: number }> }
  const state = () => json<State>('GET', `${server.url}/api/v1/replay/snapshots`, { token })
  const s0 = await state()
  const open = (await json<{ cases: { open: number } }>('GET', `${server.url}/api/v1/summary?region=${rootCode}&period=year`, { token })).cases.open
  await sleep(10_000)
  const rssReady = samples.at(-1)!.rssMB
  const villages = (await json<Array<{ code: string; level: string }>>('GET', `${server.url}/api/v1/regions`, { token })).filter((r) => r.level === 'village').map((r) => r.code)
  const gen = new EventGen(villages, `rss${Date.now().toString(36)}`)
  let current = rate
  let failure: Error | null = null
  const feed = postUpdates({ url: server.url, gen, rate: () => current, stopped: () => stopped, posted: (n) => (posted += n), failed: (e) => (failure ??= e) })
  /** Fast until the next snapshot is written (the soak's rate from the moment the interval is crossed), then `after` s at the soak's rate. */
  const snapshotThenTrickle = async (n: number) => {
    const last = (await state()).snapshots.at(-1)?.seq ?? 0
    current = fastRate
    phase = `fast${n}`
    const rssBefore = samples.at(-1)!.rssMB
    for (const [tid, cpu] of nicedCpu()) lastSeen.set(tid, cpu)
    const cpu0 = new Map(lastSeen)
    const t0 = performance.now()
    let written: State | null = null
    while (!written && performance.now() - t0 < 600_000) {
      if (failure) throw failure
      await sleep(2000)
      const s = await state()
      if ((s.snapshots.at(-1)?.seq ?? 0) > last) written = s
      if (s.head - last >= s.every && current !== rate) {
        current = rate
        phase = `writing${n}`
      }
    }
    if (!written) throw new Error('no snapshot written within 10 minutes')
    for (const [tid, cpu] of nicedCpu()) lastSeen.set(tid, cpu)
    const cpu = cpuSince(cpu0)
    const seenAt = (performance.now() - started) / 1000
    current = rate
    phase = `after${n}`
    await sleep(afterS * 1000)
    const at = (s: number) => samples.find((x) => x.s >= s)?.rssMB ?? NaN
    const window = samples.filter((x) => x.phase.endsWith(String(n)))
    return {
      seq: written.snapshots.at(-1)!.seq,
      threadCpuMs: cpu,
      rssMB: {
        before: rssBefore,
        peak: Math.max(...window.map((x) => x.rssMB)),
        seen: at(seenAt),
        after30: at(seenAt + 30),
        after60: at(seenAt + 60),
        after90: at(seenAt + 90),
        end: samples.at(-1)!.rssMB,
      },
      threads: { max: Math.max(...window.map((x) => x.threads)), end: samples.at(-1)!.threads },
      mainHeapUsedMB: { before: window[0]?.heapUsedMB, end: samples.at(-1)!.heapUsedMB },
    }
  }
  const first = await snapshotThenTrickle(1)
  const second = await snapshotThenTrickle(2)
  stopped = true
  await feed
  await sampler
  const smaps = Object.fromEntries(
    proc('smaps_rollup')
      .split('\n')
      .map((l) => /^(\w+):\s+(\d+) kB/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .filter((m) => ['Rss', 'Anonymous', 'Private_Dirty', 'Private_Clean', 'Shared_Clean'].includes(m[1]!))
      .map((m) => [m[1], round(Number(m[2]) / 1024)]),
  )
  const summary = {
    label,
    idleMs: process.env.YIPING_SNAPSHOT_THREAD_IDLE_MS ?? 'default',
    restored: server.restored,
    open,
    tailAtStart: s0.head - (s0.snapshots.at(-1)?.seq ?? 0),
    every: s0.every,
    rssReadyMB: rssReady,
    first,
    second,
    smapsEndMB: smaps,
    posted,
    loadavg: os.loadavg().map((l) => round(l, 2)),
  }
  process.stdout.write(`${JSON.stringify(summary)}\n`)
} finally {
  stopped = true
  await server.stop()
  closeHttp()
  fs.rmSync(path.resolve(dataDir), { recursive: true, force: true })
}
process.exit(0)
