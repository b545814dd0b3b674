/**
 * `tsx bench/asof-cold.ts --fill N --dir D` then `tsx bench/asof-cold.ts --dir D [--instants K]
 * [--seed S] [--profile FILE]`: cold `asOf` instants in process, not part of `run.ts`.
 *
 * `--fill` builds the app on a fresh SQLite store at D (demo region tree, no demo data) and
 * backfills it to N cases through the route by inject (batches of 1,000 of the bench's history
 * generator, or with `--mode live` its live feed: new cases and a quarter of next steps of cases
 * reported in earlier batches, so a tail moves cases on across its pages; two in flight, a snapshot of the aggregates every YIPING_SNAPSHOT_EVERY events, 20,000
 * by default), waits until the snapshots have caught up with the log and filled in, and stops.
 *
 * Without it, a Replayer is built on D as the server builds its own (plugins/app/replay.ts; no app
 * start: its restore of the live figures is not what is measured) and K instants are drawn at
 * random positions of the log (the commit time of a batch drawn uniformly by position, so the
 * tails after their snapshots spread evenly over 0–20,000 events; the same instants for the same
 * seed and store). At each, with every built aggregator forgotten first (cold), the routes' reads
 * of the root: the summary of `?asOf=`, then (cold again) the detail of
 * `?compare=previous,lastYear&asOf=`. Prints wall ms and CPU ms (this process, worker threads
 * included) per read, their p50/p99/max, and the load average. Then a time bar scrubbed: from 5 of
 * the instants, 20 summaries each a few batches from the last, back and forth, nothing forgotten.
 * The store's unresolved cases are printed with it (a cold instant's cost grows with them).
 *
 * `--breakdown`: instead, each drawn instant's cold summary taken step by step as Replayer.build
 * takes them (after one more instant, not counted, to warm the code up), one JSON line per instant,
 * worst first: its tail (events after its snapshot), the snapshot's stored MB and unresolved cases,
 * the chunks of them inflated, and CPU ms of this process per step — the body read from SQLite, its
 * decode, the restore, the tail's netting (`tail`, the chunks' CPU inside it as `chunkMs`), the
 * aggregator's updates (`tailApply`), reading the log (`tailRead`) and the history of cases the
 * snapshot does not hold (`history`), the tick at T and the answer — with the GC pauses (wall ms,
 * perf_hooks) that fell in each step.
 *
 * `--resnap` first writes, at the position and instant of every stored snapshot of another
 * version, this code's snapshot instead (a copy of a store filled by an older build, to compare
 * the two builds on the same log).
 */
import fs from 'node:fs'
import os from 'node:os'
import { assessmentRange } from '../server/config'
import { benchIngestHeaders, buildBenchApp } from './lib/inProcess'
import { regionDetail } from '../server/domain/aggregate/detail'
import { summaryOf } from '../server/domain/aggregate/summary'
import { parseView, resolvePeriod } from '../server/domain/aggregate/view'
import { Aggregator } from '../server/domain/aggregate/aggregator'
import { decodeSnapshotDeferred } from '../server/domain/replay/snapshotCodec'
import { EncodedOpenCases } from '../server/domain/replay/openCasesCodec'
import { applyLogUpTo } from '../server/domain/replay/tail'
import { PerformanceObserver } from 'node:perf_hooks'
import { setImmediate as turn } from 'node:timers/promises'
import { SqliteReplayStore } from '../server/store/sqlite/replayStore'
import type { CompareKind } from '../shared/time/periods'
import { shanghaiDay } from '../shared/time/shanghai'
import { EventGen } from './lib/events'
import { inProcessProfiler, summariseProfile } from './lib/profile'
import { dist, round } from './lib/stats'
import { arg } from './lib/args'
import { openStoreReplayer } from './lib/storeReplayer'

const dataDir = arg('dir')
if (!dataDir) throw new Error('--dir D: the store to fill or to read')
const fillTo = arg('fill') === undefined ? null : Number(arg('fill'))
const instants = Number(arg('instants') ?? 20)
const seed = Number(arg('seed') ?? 7)
const profileFile = arg('profile')
const fillMode = arg('mode') === 'live' ? 'live' : 'history'
const resnap = process.argv.includes('--resnap')
const breakdown = process.argv.includes('--breakdown')
const loadavg = () => os.loadavg().map((l) => round(l, 2))

if (fillTo !== null) {
  fs.mkdirSync(dataDir, { recursive: true })
  const app = await buildBenchApp(dataDir)
  await app.ready()
  await app.demo.ready()
  const villages = app.regions.list().filter((r) => r.level === 'village').map((r) => r.code)
  const gen = new EventGen(villages, `asof${Date.now().toString(36)}`)
  const headers = benchIngestHeaders
  let reported = 0
  const worker = async () => {
    while (reported < fillTo) {
      const { no, events } = gen.batch(1000, { mode: fillMode })
      reported += events.filter((e) => e.type === 'case.reported').length
      const res = await app.inject({ method: 'POST', url: '/api/v1/events', headers, payload: JSON.stringify({ events }) })
      if (res.statusCode !== 200) throw new Error(`fill refused (${res.statusCode}): ${res.body.slice(0, 300)}`)
      gen.commit(no)
    }
  }
  await Promise.all([worker(), worker()])
  for (;;) {
    await app.replay.snapshotNow()
    const head = await app.store.lastSeq()
    const last = (await app.store.replay.latestSnapshot(Number.MAX_SAFE_INTEGER, app.replay.version))?.seq ?? 0
    if (head - last < app.config.snapshotEvery) break
  }
  // The snapshots the catch-up skipped while the backfill ran ahead of it, written once the log has been
  // quiet for YIPING_SNAPSHOT_FILL_QUIET_MS (30 s by default): the instants are drawn from the burst.
  while ((await app.replay.pendingFill()) > 0) await new Promise((r) => setTimeout(r, 2000))
  await app.replay.snapshotNow()
  const snapshots = (await app.store.replay.listSnapshots()).length
  const head = await app.store.lastSeq()
  await app.close()
  process.stdout.write(`${JSON.stringify({ filled: reported, head, snapshots, loadavg: loadavg() })}\n`)
  process.exit(0)
}

// The replay as the server runs it, the routes' reads called directly.
const { db, snapshotDb, log, config, tree, store: replayStore, replayer } = openStoreReplayer(dataDir, 'bench-asof')
const root = tree.list().find((r) => r.parent === null)!.code
const assessment = assessmentRange(config.assessmentPeriod)
const viewAt = (t: number, compare: CompareKind[]) => {
  const today = shanghaiDay(t)
  const parsed = parseView({ region: root, compare }, today, '/querystring')
  if (!parsed.ok) throw new Error(parsed.error)
  return { view: parsed.value, period: resolvePeriod(parsed.value.period, today, assessment) }
}
const summaryAt = (t: number) => {
  const { view, period } = viewAt(t, [])
  return replayer.read(t, (agg) => summaryOf(agg, view.region, period, view.compare))
}
const detailAt = (t: number) => {
  const { view, period } = viewAt(t, ['previous', 'lastYear'])
  return replayer.read(t, (agg) => regionDetail(agg, view, period))
}

// Instants: the commit times of batches drawn uniformly by position (mulberry32, as the generator).
const batches = db.prepare('SELECT seq, committed_at AS at FROM batches ORDER BY seq').all() as Array<{ seq: number; at: number }>
if (resnap)
  for (const m of await new SqliteReplayStore(db, snapshotDb).listSnapshots()) {
    if (m.version === replayer.version) continue
    const bytes = await replayer.snapshot(m.seq, m.at)
    process.stderr.write(`snapshot at ${m.seq} written again: ${bytes} bytes\n`)
  }
replayer.clear()
const openCases = (db.prepare('SELECT count(*) AS n FROM cases WHERE resolved_at IS NULL').get() as { n: number }).n
const snapshots = (await replayStore.listSnapshots()).filter((m) => m.version === replayer.version)
let a = seed >>> 0
const random = () => {
  a = (a + 0x6d2b79f5) >>> 0
  let t = a
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const drawn = Array.from({ length: instants }, () => batches[Math.floor(random() * batches.length)]!)

if (breakdown) {
  // Each drawn instant's cold summary by step, as Replayer.build takes them (replayer.ts): CPU ms
  // of this process per step, GC pauses (perf_hooks) counted inside the step they fell in.
  const rs = new SqliteReplayStore(db, snapshotDb)
  const gcs: Array<{ start: number; ms: number }> = []
  const obs = new PerformanceObserver((l) => {
    for (const e of l.getEntries()) gcs.push({ start: e.startTime, ms: e.duration })
  })
  obs.observe({ entryTypes: ['gc'] })
  const cpuNow = () => {
    const c = process.cpuUsage()
    return (c.user + c.system) / 1000
  }
  const rows: Array<Record<string, number>> = []
  // CPU ms inside the chunks' reads (inflated when first read), wherever a step reads them.
  let chunkMs = 0
  const proto = EncodedOpenCases.prototype as unknown as { chunk: (c: number) => unknown }
  const chunk = proto.chunk
  proto.chunk = function (this: unknown, c: number) {
    const a = cpuNow()
    const out = chunk.call(this, c)
    chunkMs += cpuNow() - a
    return out
  }
  // The first instant warms the code up (compiled as the server's is after its ingest): not counted.
  const warm = batches[Math.floor(random() * batches.length)]!
  for (const [i, b] of [warm, ...drawn].entries()) {
    const t = b.at
    chunkMs = 0
    const steps: Record<string, number> = {}
    const wins: Array<[string, number, number]> = []
    let c0 = cpuNow()
    let w0 = performance.now()
    const mark = (name: string) => {
      const c = cpuNow()
      const w = performance.now()
      steps[name] = (steps[name] ?? 0) + (c - c0)
      wins.push([name, w0, w])
      c0 = c
      w0 = w
    }
    const seq = log.seqAt(t)
    const snap = await rs.latestSnapshot(seq, replayer.version)
    const body = snap ? await rs.snapshotBody(snap.seq) : null
    mark('read')
    const dump = body ? await decodeSnapshotDeferred(body) : null
    mark('decode')
    const clock = { at: t }
    const agg = new Aggregator(tree, () => clock.at, { disputeCategories: config.disputeCategories })
    if (dump && snap) agg.restore(dump, snap.at)
    mark('restore')
    // CPU ms of the aggregator's updates (the tail's net changes applied), the rest of the tail being its netting.
    let applyMs = 0
    const applyBatch = agg.applyBatch.bind(agg)
    agg.applyBatch = (...args: Parameters<typeof applyBatch>) => {
      const a = cpuNow()
      applyBatch(...args)
      applyMs += cpuNow() - a
    }
    let readMs = 0
    let historyMs = 0
    const timedStore = {
      readBatches: async (after: number, max: number) => {
        const a = cpuNow()
        const out = log.readBatches(after, max)
        readMs += cpuNow() - a
        return out
      },
      replay: {
        historyOf: async (subjects: readonly string[], maxSeq: number) => {
          const a = cpuNow()
          const out = await rs.historyOf(subjects, maxSeq)
          historyMs += cpuNow() - a
          return out
        },
      },
    }
    await applyLogUpTo(agg, seq, { store: timedStore, tree, limits: config.timeLimits }, 2000, turn)
    mark('tail')
    steps.tail! -= readMs + historyMs
    steps.tailApply = applyMs
    steps.tail! -= applyMs
    steps.tailRead = readMs
    steps.history = historyMs
    agg.tick()
    agg.pruneActivity()
    mark('tick')
    const { view, period } = viewAt(t, [])
    summaryOf(agg, view.region, period, view.compare)
    mark('answer')
    await new Promise((r) => setTimeout(r, 20))
    const gc: Record<string, number> = {}
    for (const g of gcs.splice(0)) {
      const w = wins.find(([, a, z]) => g.start >= a && g.start < z)
      if (w) gc[w[0]] = (gc[w[0]] ?? 0) + g.ms
    }
    const total = Object.values(steps).reduce((x, y) => x + y, 0)
    if (i === 0) continue
    rows.push({
      i,
      tailEvents: seq - (snap?.seq ?? 0),
      bodyMB: round((body?.length ?? 0) / 1e6, 2),
      open: dump ? (dump.watched as unknown as { count: number }).count : 0,
      chunks: dump ? (dump.watched as unknown as { inflatedChunks: number }).inflatedChunks : 0,
      cpuMs: round(total, 0),
      chunkMs: round(chunkMs, 0),
      ...Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, round(v, 0)])),
      ...Object.fromEntries(Object.entries(gc).map(([k, v]) => [`gc.${k}`, round(v, 0)])),
    })
  }
  obs.disconnect()
  rows.sort((x, y) => y.cpuMs! - x.cpuMs!)
  for (const r of rows) process.stdout.write(`${JSON.stringify(r)}\n`)
  process.stdout.write(`${JSON.stringify({ openCases, loadavg: loadavg() })}\n`)
  db.close()
  process.exit(0)
}

const profiler = await inProcessProfiler(profileFile)
await profiler.start()

const timed = async (read: () => Promise<unknown>, cold: boolean) => {
  if (cold) replayer.clear()
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  await read()
  const ms = performance.now() - t0
  const cpu = process.cpuUsage(cpu0)
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000 }
}
const load0 = loadavg()
const cold = { summary: [] as Array<{ ms: number; cpuMs: number }>, detail: [] as Array<{ ms: number; cpuMs: number }> }
for (const b of drawn) {
  cold.summary.push(await timed(() => summaryAt(b.at), true))
  cold.detail.push(await timed(() => detailAt(b.at), true))
}
// A time bar scrubbed: from one drawn instant, 20 steps of ±1–40 batches, back and forth.
const scrub: Array<{ ms: number; cpuMs: number }> = []
const byPosition = new Map(batches.map((b, i) => [b.seq, i]))
for (const b of drawn.slice(0, 5)) {
  replayer.clear()
  let i = byPosition.get(b.seq)!
  for (let step = 0; step < 20; step++) {
    i = Math.max(0, Math.min(batches.length - 1, i + Math.round((random() - 0.5) * 80)))
    scrub.push(await timed(() => summaryAt(batches[i]!.at), false))
  }
}
const load1 = loadavg()

await profiler.stop()
profiler.close()
db.close()

const figures = (xs: Array<{ ms: number; cpuMs: number }>) => {
  const w = dist(xs.map((x) => x.ms))
  const c = dist(xs.map((x) => x.cpuMs))
  return { n: w.n, wallMs: { p50: round(w.p50, 1), p99: round(w.p99, 1), max: round(w.max, 1) }, cpuMs: { p50: round(c.p50, 1), p99: round(c.p99, 1), max: round(c.max, 1) } }
}
const out = {
  store: { head: batches.at(-1)?.seq ?? 0, batches: batches.length, snapshots: snapshots.length, openCases },
  instants,
  seed,
  coldSummary: figures(cold.summary),
  coldDetail: figures(cold.detail),
  scrubSummary: figures(scrub),
  loadavg: { start: load0, end: load1 },
}
process.stdout.write(`${JSON.stringify(out)}\n`)
if (profileFile) process.stdout.write(`${JSON.stringify(summariseProfile(profileFile, 30), null, 1)}\n`)
