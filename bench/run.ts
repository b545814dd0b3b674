/**
 * `npm run bench [-- --quick]`: the real server as a child process on a fresh store, measured
 * against baselines taken in the same run (raw SQLite, a bare Socket.IO floor). Prints a table and
 * one verdict per goal; writes bench/results/<date>-<mode>.json and, for a run of every phase,
 * latest-<mode>.json.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { runAsOf, waitForSnapshots } from './asof'
import { runCluster } from './cluster'
import { runDeadlines } from './deadlines'
import { runExports } from './exports'
import { runIngest } from './ingest'
import { EventGen } from './lib/events'
import { closeHttp, json } from './lib/http'
import { HelpAsked, parseOptions, PHASES, type BenchOptions } from './lib/options'
import { createBenchDatabase } from './lib/pg'
import { summariseProfile } from './lib/profile'
import { progress } from './lib/progress'
import { render, verdicts, type BenchResults } from './lib/report'
import { freshDataDir, login, regions as fetchRegions, ROOT, startServer, type ServerHandle } from './lib/server'
import { runPush } from './push'
import { runRestart } from './restart'
import { fill, reads, snapshotLag } from './reads'
import { runFirstFigures } from './firstFigures'
import { runSoak } from './soak'
import { snapshotWorkerEntry } from '../server/domain/replay/worker/entry'
import { buildSnapshotWorker } from '../scripts/build/snapshotWorker'

const LEAF = '330111005001'

function machine(): BenchResults['meta']['machine'] {
  let chromium: string | null = null
  try {
    chromium = execFileSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', ['--version'], { timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim()
  } catch {
    chromium = null
  }
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.cpus().length,
    memoryGB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    chromium,
  }
}

function commit(): string | null {
  const r = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT })
  if (r.status !== 0) return null
  const dirty = spawnSync('git', ['status', '--porcelain', '--', 'server', 'shared', 'client'], { cwd: ROOT }).stdout?.toString().trim()
  return `${r.stdout.toString().trim()}${dirty ? '+uncommitted' : ''}`
}

function ensureWallBuilt() {
  if (fs.existsSync(path.join(ROOT, 'dist/client/index.html'))) return
  progress.setPhase('building the wall (npx vite build)')
  const r = spawnSync('npx', ['vite', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] })
  if (r.status !== 0) throw new Error('vite build failed')
}

/**
 * The snapshot thread as `npm start` runs it after `npm run build`: from its bundle. Without a
 * current bundle the server compiles the thread's TypeScript through tsx at its first snapshot
 * (1.4–1.8 s of CPU on two threads, the thread's and tsx's loader's), which lands in whichever
 * phase is running then, the ingest of batches of 1,000 in a quick run.
 */
async function ensureSnapshotBundle() {
  if (snapshotWorkerEntry().href.endsWith('/bootstrap.mjs')) {
    progress.setPhase('bundling the snapshot thread (scripts/build/snapshotWorker.ts)')
    await buildSnapshotWorker()
  }
}

async function main() {
  let opts: BenchOptions
  try {
    opts = parseOptions(process.argv.slice(2))
  } catch (err) {
    if (!(err instanceof HelpAsked)) throw err
    process.stdout.write(`${err.message}\n`)
    return
  }
  const started = performance.now()
  const date = new Date().toISOString()
  const stamp = date.replace(/:/g, '-').replace(/\.\d+Z$/, 'Z')
  const resultsDir = path.join(ROOT, 'bench/results')
  const profileDir = opts.profile ? path.join(resultsDir, 'profiles', `${stamp}-${opts.mode}`) : undefined
  const results: BenchResults = {
    meta: {
      date,
      mode: opts.mode,
      machine: machine(),
      commit: commit(),
      loadAverage: { start: Math.round(os.loadavg()[0]! * 100) / 100, end: NaN },
      options: { ...opts, only: [...opts.only] },
    },
    errors: {},
    verdicts: [],
  }
  const phase = async (name: string, fn: () => Promise<void>) => {
    try {
      await fn()
    } catch (err) {
      results.errors[name] = err instanceof Error ? err.message.split('\n').slice(0, 4).join(' ') : String(err)
      progress.note(`  ${name} failed: ${results.errors[name]}`)
    }
  }

  if (opts.only.has('soak')) ensureWallBuilt()
  await ensureSnapshotBundle()
  const dataDir = freshDataDir()
  progress.setPhase('starting the server on a fresh store')
  let server: ServerHandle = await startServer({ dataDir, ...(profileDir ? { profileDir } : {}) })
  try {
    let token = await login(server.url)
    const tree = await fetchRegions(server.url, token)
    const root = tree.find((r) => r.parent === null)!.code
    const villages = tree.filter((r) => r.level === 'village').map((r) => r.code)
    const leaf = villages.includes(LEAF) ? LEAF : villages[0]!
    const gen = new EventGen(villages, `b${Date.now().toString(36)}`)

    /** Wall ms at the end of the ingest phase's last run on this server (the push phase times the snapshots' catch-up from it). */
    let burstEndedAt: number | undefined
    if (opts.only.has('ingest') && opts.ingest.stores.has('sqlite'))
      await phase('ingest', async () => {
        const marking: ServerHandle = {
          ...server,
          mark: async (next) => {
            const closed = await server.mark(next)
            if (closed.name.startsWith('ingest-')) burstEndedAt = closed.t
            return closed
          },
        }
        results.ingest = await runIngest({ server: marking, gen, regions: tree, ...opts.ingest })
      })
    if (opts.only.has('push'))
      await phase('push', async () => {
        results.push = await runPush({ server, token, gen, root, leaf, ...opts.push, ...(burstEndedAt === undefined ? {} : { burstEndedAt }) })
      })
    if (opts.only.has('ingest') && opts.ingest.stores.has('postgres'))
      await phase('ingest-postgres', async () => {
        // A second server, on a PostgreSQL database of its own, after the push phase: the push phase
        // times the first server just after its ingest, before PostgreSQL's 1 M rows, its checkpoints
        // and the DROP DATABASE, and before the fill of the snapshots that ingest skipped, which
        // starts as soon as the first server is quiet (bench/README.md, 2026-12-06, push after the
        // PostgreSQL phase). The push phase waits for that server to idle before its floor, so this
        // one mostly has the machine to itself.
        const database = await createBenchDatabase('yiping_bench')
        const pgDir = freshDataDir()
        const pgServer = await startServer({ dataDir: pgDir, env: { YIPING_DATABASE_URL: database.url, YIPING_NODE_ID: 'bench-pg' }, ...(profileDir ? { profileDir } : {}) })
        try {
          const pgGen = new EventGen(villages, `p${Date.now().toString(36)}`)
          const runs = await runIngest({ store: 'postgres', server: pgServer, gen: pgGen, regions: tree, ...opts.ingest, sizes: opts.ingest.postgresSizes })
          results.ingest = [...(results.ingest ?? []), ...runs]
        } finally {
          await pgServer.stop()
          fs.rmSync(pgDir, { recursive: true, force: true })
          await database.drop()
        }
      })
    if (opts.only.has('cluster'))
      await phase('cluster', async () => {
        // Two more servers on PostgreSQL + Redis while this one idles; compared with its figures above.
        const clusterGen = new EventGen(villages, `c${Date.now().toString(36)}`)
        results.cluster = await runCluster({ gen: clusterGen, root, leaf, ...opts.cluster })
      })
    if (opts.only.has('reads'))
      await phase('reads', async () => {
        // Two years of history, so that 同比 and the day index see two years of days.
        const twoYearsAgo = Date.UTC(new Date().getUTCFullYear() - 1, 0, 1) - 8 * 3600_000 + 3600_000
        const historyGen = new EventGen(villages, `h${Date.now().toString(36)}`, 2, twoYearsAgo)
        // Run alone, the store gets the live part a full run's ingest phase leaves (its unresolved cases).
        const live = opts.only.has('ingest') ? undefined : { gen, openCases: opts.reads.liveOpenCases }
        results.fill = await fill(server, token, historyGen, opts.reads.cases, root, live)
        const districts = tree.filter((r) => r.level === 'district')
        const childCount = (code: string) => tree.filter((r) => r.parent === code).length
        const district = districts.reduce((a, b) => (childCount(b.code) > childCount(a.code) ? b : a))
        const readRegions = { root, village: leaf, district: district.code, children: childCount(district.code) }
        // Right after a backfill the snapshot thread is still catching up with the log and takes a
        // core of the two: reads are timed then (if it is behind), and again once it has caught up,
        // the state a store is in outside a backfill. The goal's verdict takes the second.
        const lag = await snapshotLag(server, token)
        if ((lag.behind >= lag.every || lag.fill > 0) && lag.every > 0)
          results.readsCatchingUp = { ...(await reads(server, token, readRegions, opts.reads.requests, results.fill.casesStored, { label: 'reads-catching-up' })), eventsBehind: lag.behind }
        // Settled: the snapshots caught up, and then the server idle (the last snapshot's thinning,
        // the alarms a backfill raised), so that the series measures reads and nothing else.
        await waitForSnapshots(server, token)
        results.reads = await reads(server, token, readRegions, opts.reads.requests, results.fill.casesStored, { settle: true })
        results.asOf = await runAsOf(server, token, root, Date.parse(date), opts.mode === 'quick' ? 30 : 100, results.fill.casesStored)
      })
    if (opts.only.has('restart'))
      await phase('restart', async () => {
        // On the store the reads phase filled (topped up to the size asked otherwise): a recount, then a snapshot and the log's tail.
        const twoYearsAgo = Date.UTC(new Date().getUTCFullYear() - 1, 0, 1) - 8 * 3600_000 + 3600_000
        const historyGen = new EventGen(villages, `r${Date.now().toString(36)}`, 3, twoYearsAgo)
        try {
          const out = await runRestart({ server, token, historyGen, root, cases: opts.restart.cases, ...(profileDir ? { profileDir } : {}) })
          server = out.server
          results.restart = out.result
        } catch (err) {
          // The phases after it need a server on the store.
          await server.stop().catch(() => undefined)
          server = await startServer({ dataDir, ...(profileDir ? { profileDir } : {}) })
          throw err
        } finally {
          token = await login(server.url)
        }
      })
    if (opts.only.has('soak'))
      await phase('firstFigures', async () => {
        results.firstFigures = await runFirstFigures({ server, token, region: root, runs: opts.mode === 'quick' ? 3 : 5 })
      })
    if (opts.only.has('soak'))
      await phase('soak', async () => {
        results.soak = await runSoak({
          server,
          token,
          gen,
          region: root,
          ...opts.soak,
          ...(profileDir ? { traceFile: path.join(profileDir, 'wall-trace.json') } : {}),
        })
      })
    if (opts.only.has('deadlines'))
      await phase('deadlines', async () => {
        results.deadlines = await runDeadlines({ villages, ...opts.deadlines })
      })
    if (opts.only.has('exports'))
      await phase('exports', async () => {
        results.exports = await runExports(opts.exports)
      })
    await json('GET', `${server.url}/healthz`).catch(() => undefined)
  } finally {
    progress.setPhase('stopping')
    await server.stop().catch(() => undefined)
    fs.rmSync(dataDir, { recursive: true, force: true })
    closeHttp()
  }

  if (profileDir && fs.existsSync(profileDir)) {
    results.profiles = {}
    for (const f of fs.readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile') && f !== 'idle.cpuprofile' && f !== 'start.cpuprofile'))
      results.profiles[f.replace(/\.cpuprofile$/, '')] = { ...summariseProfile(path.join(profileDir, f)), file: path.relative(ROOT, path.join(profileDir, f)) }
  }
  results.meta.seconds = Math.round((performance.now() - started) / 1000)
  results.meta.loadAverage!.end = Math.round(os.loadavg()[0]! * 100) / 100
  results.verdicts = verdicts(results)
  progress.done()
  fs.mkdirSync(resultsDir, { recursive: true })
  const body = `${JSON.stringify(results, null, 2)}\n`
  fs.writeFileSync(path.join(resultsDir, `${stamp}-${opts.mode}.json`), body)
  // A run of some phases only (--only) is not the latest full or quick run: it keeps its dated file alone.
  const partial = PHASES.some((p) => !opts.only.has(p))
  if (!partial) fs.writeFileSync(path.join(resultsDir, `latest-${opts.mode}.json`), body)
  process.stdout.write(`${render(results)}\n\n  ${results.meta.seconds} s; results in bench/results/${stamp}-${opts.mode}.json\n`)
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    progress.done()
    console.error(err)
    process.exit(1)
  },
)
