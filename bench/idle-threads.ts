/**
 * `npx tsx bench/idle-threads.ts [--cases N] [--empty S] [--window S] [--windows K]`: the deadlines
 * phase's server (deadlines.ts) idle on an empty store for S seconds, then loaded with N open cases
 * and, once its snapshots have caught up, idle for K consecutive windows of S seconds; for each
 * window, the CPU of every thread of the process (/proc/PID/task/TID/schedstat, ms per second of
 * wall time) and the main isolate's heap. Which thread is which: the main thread's id is the
 * process's, the snapshot thread is the one at a niceness of its own (YIPING_SNAPSHOT_NICE), V8's
 * helper threads (concurrent marking and sweeping of every isolate) start with the process. Not
 * part of `run.ts`.
 */
import fs from 'node:fs'
import { parseArgs } from 'node:util'
import { waitForSnapshots } from './asof'
import { loadOpenCases } from './deadlines'
import { freshDataDir, login, regions, startServer } from './lib/server'
import { sleep } from './lib/stats'

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '100000' },
    empty: { type: 'string', default: '20' },
    window: { type: 'string', default: '10' },
    windows: { type: 'string', default: '20' },
  },
})
const cases = Number(values.cases)
const emptySeconds = Number(values.empty)
const windowSeconds = Number(values.window)
const windows = Number(values.windows)

interface Thread {
  ns: number
  nice: number
}

function threads(pid: number): Map<number, Thread> {
  const out = new Map<number, Thread>()
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      const ns = Number(fs.readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0])
      const nice = Number(fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16])
      out.set(Number(tid), { ns, nice })
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return out
}

function perThread(pid: number, before: Map<number, Thread>, after: Map<number, Thread>, seconds: number): string {
  let total = 0
  const parts: string[] = []
  for (const [tid, t] of after) {
    const msPerSec = (t.ns - (before.get(tid)?.ns ?? 0)) / 1e6 / seconds
    total += msPerSec
    const name = tid === pid ? 'main' : t.nice !== 0 ? `nice${t.nice}:${tid}` : `${tid}${before.has(tid) ? '' : '(new)'}`
    if (msPerSec >= 0.05) parts.push(`${name} ${msPerSec.toFixed(2)}`)
  }
  return `${total.toFixed(2)} ms/s  [${parts.join(', ')}]`
}

const say = (line: string) => process.stdout.write(`${line}\n`)

const dataDir = freshDataDir()
const server = await startServer({ dataDir, env: { BENCH_PROBE_ELD: 'off' } })
const heapMB = () => ((server.seconds().at(-1)?.heapUsed ?? 0) / 1e6).toFixed(1)
try {
  const token = await login(server.url)
  const villages = (await regions(server.url, token)).filter((r) => r.level === 'village').map((r) => r.code)
  let before = threads(server.pid)
  await sleep(emptySeconds * 1000)
  say(`empty store, ${emptySeconds} s: heap ${heapMB()} MB, ${perThread(server.pid, before, threads(server.pid), emptySeconds)}`)
  const started = performance.now()
  await loadOpenCases(server.url, villages, cases)
  const { waitedSeconds } = await waitForSnapshots(server, token)
  say(`${cases.toLocaleString('en')} open cases loaded in ${((performance.now() - started) / 1000).toFixed(1)} s, the snapshots caught up ${waitedSeconds} s later`)
  const loaded = performance.now()
  for (let w = 0; w < windows; w++) {
    before = threads(server.pid)
    const from = (performance.now() - loaded) / 1000
    await sleep(windowSeconds * 1000)
    say(`+${from.toFixed(0)} s: heap ${heapMB()} MB, ${perThread(server.pid, before, threads(server.pid), windowSeconds)}`)
  }
} finally {
  await server.stop()
  fs.rmSync(dataDir, { recursive: true, force: true })
}
