/**
 * `tsx bench/asof-worst.ts --dir D [--instants K] [--rounds R] [--min-open N] [--profile FILE]`:
 * the worst kind of cold `asOf` instant, and only it, on a store filled by `asof-cold.ts --fill`.
 *
 * The instants are the commit times of the last batch before each stored snapshot of this code's
 * version (so the longest tail, YIPING_SNAPSHOT_EVERY events less one batch, after the snapshot
 * before it) whose previous snapshot holds at least N unresolved cases (150,000 by default), the K
 * with the largest such snapshots. Each is read cold (every built aggregator and decoded snapshot
 * forgotten) R times, alternating summary and detail of the root as the routes read them
 * (`?asOf=` and `?compare=previous,lastYear&rankBy=…&asOf=`), after one read not counted that warms
 * the code up. Prints CPU ms of this process per read (and of it the kernel's) and per tail event, p50/p99/max, and with
 * `--profile` a CPU profile of the counted reads only (no instrumentation inside them, unlike
 * `asof-cold.ts --breakdown`).
 */
import os from 'node:os'
import { assessmentRange } from '../server/config'
import { regionDetail } from '../server/domain/aggregate/detail'
import { summaryOf } from '../server/domain/aggregate/summary'
import { parseView, resolvePeriod } from '../server/domain/aggregate/view'
import { decodeSnapshotDeferred } from '../server/domain/replay/snapshotCodec'
import type { CompareKind } from '../shared/time/periods'
import { shanghaiDay } from '../shared/time/shanghai'
import { arg } from './lib/args'
import { openStoreReplayer } from './lib/storeReplayer'
import { inProcessProfiler, summariseProfile } from './lib/profile'
import { dist, round } from './lib/stats'

const dataDir = arg('dir')
if (!dataDir) throw new Error('--dir D: a store filled by asof-cold.ts --fill')
const instants = Number(arg('instants') ?? 4)
const rounds = Number(arg('rounds') ?? 3)
const minOpen = Number(arg('min-open') ?? 150_000)
const profileFile = arg('profile')
const loadavg = () => os.loadavg().map((l) => round(l, 2))

const { db, config, tree, store: rs, replayer } = openStoreReplayer(dataDir, 'bench-asof-worst')
const root = tree.list().find((r) => r.parent === null)!.code
const assessment = assessmentRange(config.assessmentPeriod)
const viewAt = (t: number, compare: CompareKind[], rankBy?: string) => {
  const today = shanghaiDay(t)
  const parsed = parseView({ region: root, compare, ...(rankBy ? { rankBy } : {}) }, today, '/querystring')
  if (!parsed.ok) throw new Error(parsed.error)
  return { view: parsed.value, period: resolvePeriod(parsed.value.period, today, assessment) }
}
const reads = [
  (t: number) => {
    const { view, period } = viewAt(t, [])
    return replayer.read(t, (agg) => summaryOf(agg, view.region, period, view.compare))
  },
  (t: number) => {
    const { view, period } = viewAt(t, ['previous', 'lastYear'], 'cases.overdue')
    return replayer.read(t, (agg) => regionDetail(agg, view, period))
  },
]

// The instants: the last batch before each snapshot, after a snapshot of at least minOpen unresolved cases.
const snaps = (await rs.listSnapshots()).filter((m) => m.version === replayer.version)
const lastBefore = db.prepare<[number], { seq: number; at: number }>('SELECT seq, committed_at AS at FROM batches WHERE seq < ? ORDER BY seq DESC LIMIT 1')
const picked: Array<{ t: number; tail: number; open: number }> = []
for (let i = 0; i + 1 < snaps.length; i++) {
  const body = await rs.snapshotBody(snaps[i]!.seq)
  const open = body ? (await decodeSnapshotDeferred(body)).watched.count : 0
  const b = lastBefore.get(snaps[i + 1]!.seq)
  if (open >= minOpen && b && b.seq > snaps[i]!.seq) picked.push({ t: b.at, tail: b.seq - snaps[i]!.seq, open })
}
picked.sort((a, b) => b.open - a.open)
const chosen = picked.slice(0, instants)
if (chosen.length === 0) throw new Error(`no snapshot of this version with ${minOpen} unresolved cases or more`)

// Warm up (not counted): one read of each kind at the smallest chosen instant.
for (const read of reads) {
  replayer.clear()
  await read(chosen.at(-1)!.t)
}
const profiler = await inProcessProfiler(profileFile)
await profiler.start()
const load0 = loadavg()
const rows: Array<{ kind: string; open: number; tail: number; cpuMs: number; sysMs: number; usPerEvent: number }> = []
for (let r = 0; r < rounds; r++)
  for (const c of chosen)
    for (const [k, read] of reads.entries()) {
      replayer.clear()
      const c0 = process.cpuUsage()
      await read(c.t)
      const used = process.cpuUsage(c0)
      const ms = (used.user + used.system) / 1000
      rows.push({ kind: k === 0 ? 'summary' : 'detail', open: c.open, tail: c.tail, cpuMs: round(ms, 1), sysMs: round(used.system / 1000, 1), usPerEvent: round((ms * 1000) / c.tail, 1) })
    }
const load1 = loadavg()
await profiler.stop()
profiler.close()
db.close()
const fig = (xs: number[]) => {
  const d = dist(xs)
  return { n: d.n, p50: round(d.p50, 1), p99: round(d.p99, 1), max: round(d.max, 1) }
}
const of = (kind: string) => rows.filter((x) => x.kind === kind)
process.stdout.write(
  `${JSON.stringify({
    instants: chosen,
    summaryCpuMs: fig(of('summary').map((x) => x.cpuMs)),
    detailCpuMs: fig(of('detail').map((x) => x.cpuMs)),
    usPerTailEvent: fig(rows.map((x) => x.usPerEvent)),
    // The kernel's share (page faults of fresh buffers, reads of the file).
    sysMs: fig(rows.map((x) => x.sysMs)),
    loadavg: { start: load0, end: load1 },
  })}\n`,
)
if (profileFile) process.stdout.write(`${JSON.stringify(summariseProfile(profileFile, 25), null, 1)}\n`)
