import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Region } from '../../shared/regions/tree'
import { json } from './http'
import { sleep } from './stats'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const ADMIN_PASSWORD = 'bench-admin-password'
/**
 * The V8 flags `npm start` runs the server with: a young generation of 16 to 64 MB semi-spaces, so
 * a read's short-lived garbage is collected a fraction as often (each collection costs what
 * survives, which is little), and fewer reads wait for one; the lower bound keeps V8 from shrinking
 * it after a full collection while only reads run. `BENCH_SERVER_FLAGS` (space-separated) replaces
 * them for a run, to compare flags.
 */
export const SERVER_NODE_FLAGS = process.env.BENCH_SERVER_FLAGS ? process.env.BENCH_SERVER_FLAGS.split(' ') : ['--min-semi-space-size=16', '--max-semi-space-size=64']
export const INGEST_KEY = 'bench-ingest-key-0123456789abcdef'

export interface ProbeSecond {
  t: number
  kind: 'second'
  rss: number
  heapUsed: number
  cpuMs: number
  eld: { count: number; p50: number; p99: number; max: number; mean: number }
}
export interface ProbePhase {
  t: number
  kind: 'phase'
  name: string
  ms: number
  cpuMs: number
  rss: number
  heapUsed: number
  eld: ProbeSecond['eld']
  /** Each request's time inside the server (its `request` event to the response's `finish`), ms; with the histograms on. */
  requests?: { count: number; p50: number; p99: number; max: number; over5ms: number }
  /** The main isolate's GC pauses in the phase; with the histograms on. */
  gc?: { minor: number; major: number; minorMs: number; majorMs: number; longestMs: number }
}

export interface ServerHandle {
  url: string
  pid: number
  dataDir: string
  /** Milliseconds from spawn to the "running: URL" line. */
  startMs: number
  /** The server's own "aggregates rebuilt from the store" figures, when the log level shows them. */
  rebuilt: { cases: number; ms: number } | null
  /** The server's own "aggregates restored from a snapshot" figures (restart from a snapshot), when the log level shows them. */
  restored: { snapshotSeq: number; tailEvents: number; ms: number } | null
  /** Close the current phase (see probe.ts) and open `next`; resolves with the closed phase. */
  mark(next: string): Promise<ProbePhase>
  /** Per-second probe lines written since `since` (wall ms). */
  seconds(since?: number): ProbeSecond[]
  rssBytes(): number
  stop(): Promise<void>
}

export function freshDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'yiping-bench-'))
}

/**
 * The real server as a child process (`node --min-semi-space-size=16 --max-semi-space-size=64 --import tsx server/server.ts`, as `npm start`), with the probe
 * preloaded, on a free port; resolves once it printed the URL it listens on.
 */
export async function startServer(opts: {
  dataDir: string
  logLevel?: string
  profileDir?: string
  env?: Record<string, string>
  /** Another entry point speaking the same start-up line (the push floor). */
  script?: string
  /** Name of the first probe phase (its CPU profile is named after it). */
  firstPhase?: string
}): Promise<ServerHandle> {
  const probeOut = path.join(opts.dataDir, `probe-${Date.now()}.jsonl`)
  fs.writeFileSync(`${probeOut}.phase`, 'start')
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    YIPING_DATA_DIR: opts.dataDir,
    YIPING_DEMO: '1',
    YIPING_DEMO_SCALE: '0',
    YIPING_SIM_RATE: '0',
    YIPING_ADMIN_PASSWORD: ADMIN_PASSWORD,
    YIPING_INGEST_KEY: INGEST_KEY,
    YIPING_INGEST_RATE_LIMIT: '100000000',
    LOG_LEVEL: opts.logLevel ?? 'warn',
    BENCH_PROBE_OUT: probeOut,
    ...(opts.profileDir ? { BENCH_PROBE_PROFILE_DIR: opts.profileDir } : {}),
    ...(opts.firstPhase ? { BENCH_PROBE_PHASE: opts.firstPhase } : {}),
    ...opts.env,
  }
  const started = performance.now()
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, '--import', 'tsx', '--import', './bench/lib/probe.ts', opts.script ?? 'server/server.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let log = ''
  const onData = (d: Buffer) => {
    log += d.toString('utf8')
    if (log.length > 200_000) log = log.slice(-100_000)
  }
  child.stdout!.on('data', onData)
  child.stderr!.on('data', onData)
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))

  const url = await new Promise<string>((resolve, reject) => {
    const deadline = setTimeout(() => reject(new Error(`server did not start within 120 s:\n${log.slice(-2000)}`)), 120_000)
    const check = () => {
      const m = /running: (http:\/\/\S+)/.exec(log)
      if (m) {
        clearTimeout(deadline)
        child.stdout!.off('data', check)
        resolve(m[1]!.replace(/\/$/, ''))
      }
    }
    child.stdout!.on('data', check)
    void exited.then((code) => {
      clearTimeout(deadline)
      reject(new Error(`server exited (${code}) before listening:\n${log.slice(-2000)}`))
    })
  })
  const startMs = performance.now() - started
  const rebuiltLine = /"cases":(\d+),"ms":(\d+)[^\n]*aggregates rebuilt/.exec(log)
  const restoredLine = /"snapshotSeq":(\d+)[^\n]*"tailEvents":(\d+),[^\n]*?"ms":(\d+)[^\n]*aggregates restored/.exec(log)

  const readProbe = (): Array<ProbeSecond | ProbePhase> => {
    if (!fs.existsSync(probeOut)) return []
    return fs
      .readFileSync(probeOut, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as ProbeSecond | ProbePhase)
  }

  return {
    url,
    pid: child.pid!,
    dataDir: opts.dataDir,
    startMs,
    rebuilt: rebuiltLine ? { cases: Number(rebuiltLine[1]), ms: Number(rebuiltLine[2]) } : null,
    restored: restoredLine ? { snapshotSeq: Number(restoredLine[1]), tailEvents: Number(restoredLine[2]), ms: Number(restoredLine[3]) } : null,
    async mark(next) {
      const before = readProbe().filter((l) => l.kind === 'phase').length
      fs.writeFileSync(`${probeOut}.phase`, next)
      child.kill('SIGUSR2')
      for (let i = 0; i < 600; i++) {
        const phases = readProbe().filter((l): l is ProbePhase => l.kind === 'phase')
        if (phases.length > before) return phases[phases.length - 1]!
        await sleep(50)
      }
      throw new Error('the probe did not answer a phase mark within 30 s')
    },
    seconds(since = 0) {
      return readProbe().filter((l): l is ProbeSecond => l.kind === 'second' && l.t >= since)
    },
    rssBytes() {
      const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8')
      const m = /VmRSS:\s+(\d+) kB/.exec(status)
      return m ? Number(m[1]) * 1024 : NaN
    },
    async stop() {
      if (child.exitCode !== null) return
      child.kill('SIGTERM')
      const timeout = setTimeout(() => child.kill('SIGKILL'), 30_000)
      await exited
      clearTimeout(timeout)
    },
  }
}

export async function login(url: string): Promise<string> {
  const { token } = await json<{ token: string }>('POST', `${url}/api/v1/login`, { json: { username: 'admin', password: ADMIN_PASSWORD } })
  return token
}

export function regions(url: string, token: string): Promise<Region[]> {
  return json<Region[]>('GET', `${url}/api/v1/regions`, { token })
}
