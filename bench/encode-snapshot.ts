/**
 * `tsx bench/encode-snapshot.ts --dir D [--rounds R] [--against FILE] [--profile FILE]`: the CPU
 * time of encoding one whole snapshot (`encodeSnapshot`, what the snapshot thread pays every
 * YIPING_SNAPSHOT_EVERY events) and of reading it back cold, on a store filled by
 * `asof-cold.ts --fill N --mode live` (a copy: the store is only read, but SQLite opens it for writing).
 *
 * The dump is the aggregator restored from the store's snapshot of this code's version with the
 * most unresolved cases, at its own instant (no tail), every case decoded (as `dump()` does).
 * Before each of this code's encodes, the cases of the snapshot before it are encoded, not counted,
 * as the snapshot thread's last encode was (encodeOpenCases keeps the ids' order from one to the next).
 * Per round: `dump()` again, `encodeOpenCases` of its cases alone, then `encodeSnapshot` whole; and
 * the body's cold read: `decodeSnapshotDeferred`, then inflating every chunk of the unresolved
 * cases (`all()`, the most a restore can read). With `--against` (another copy of
 * snapshotCodec.ts, e.g. an older commit's in a tree of its own), both encoders run on the same
 * dump, alternating, and each decodes its own body; their bytes are printed side by side.
 * `--profile` writes a CPU profile of this code's encodes and prints its top functions.
 */
import os from 'node:os'
import path from 'node:path'
import type { AggregatorDump, DeferredAggregatorDump } from '../server/domain/aggregate/aggregator'
import * as mine from '../server/domain/replay/snapshotCodec'
import { encodeOpenCases } from '../server/domain/replay/openCasesCodec'
import { arg } from './lib/args'
import { openStoreReplayer } from './lib/storeReplayer'
import { inProcessProfiler, summariseProfile } from './lib/profile'
import { round } from './lib/stats'

const dataDir = arg('dir')
if (!dataDir) throw new Error('--dir D: a copy of a store filled by asof-cold.ts --fill')
const rounds = Number(arg('rounds') ?? 3)
const against = arg('against')
const profileFile = arg('profile')

const { db, store: rs, replayer } = openStoreReplayer(dataDir, 'bench-encode-snapshot')
const snaps = (await rs.listSnapshots()).filter((m) => m.version === replayer.version)
if (snaps.length === 0) throw new Error('no snapshot of this version in the store')
let best = snaps[0]!
let bestOpen = -1
for (const m of snaps) {
  const body = await rs.snapshotBody(m.seq)
  const open = body ? (await mine.decodeSnapshotDeferred(body)).watched.count : 0
  if (open > bestOpen) [best, bestOpen] = [m, open]
}
// The snapshot before it, whose cases the snapshot thread encoded last (encodeOpenCases keeps the ids' order of its last encode).
const before = snaps.filter((m) => m.seq < best.seq).sort((a, b) => b.seq - a.seq)[0]
const beforeBody = before ? await rs.snapshotBody(before.seq) : null
const previous = beforeBody ? (await mine.decodeSnapshotDeferred(beforeBody)).watched : null
const previousCases = previous ? { watched: previous.all(), at: previous.at ?? undefined } : null
let dump: AggregatorDump | null = null
await replayer.read(best.at, (agg) => {
  dump = agg.dump()
})
const d = dump! as AggregatorDump


type Codec = { encodeSnapshot: (d: AggregatorDump) => Promise<Buffer>; decodeSnapshotDeferred: (b: Buffer) => Promise<DeferredAggregatorDump> }
const other: Codec | null = against ? ((await import(path.resolve(against))) as Codec) : null

const cpu = async (fn: () => unknown) => {
  const c0 = process.cpuUsage()
  await fn()
  const c = process.cpuUsage(c0)
  return round((c.user + c.system) / 1000, 1)
}
const profiler = await inProcessProfiler(profileFile)
type Row = { encodeMs: number; decodeMs: number; allChunksMs: number; bytes: number; openBytes?: number; sameBytes?: boolean }
let againstBody: Buffer | null = null
const side = async (codec: Codec, profile: boolean): Promise<Row> => {
  let body: Buffer = Buffer.alloc(0)
  if (profile) await profiler.start()
  const encodeMs = await cpu(async () => (body = await codec.encodeSnapshot(d)))
  if (profile) await profiler.stop()
  let back: DeferredAggregatorDump | null = null
  const decodeMs = await cpu(async () => (back = await codec.decodeSnapshotDeferred(body)))
  const allChunksMs = await cpu(() => back!.watched.all())
  if (codec !== mine) againstBody = body
  return { encodeMs, decodeMs, allChunksMs, bytes: body.length, ...(codec === mine && againstBody ? { sameBytes: Buffer.compare(body, againstBody) === 0 } : {}) }
}
const rows: { this: Row[]; against: Row[]; dumpMs: number[]; openMs: number[] } = { this: [], against: [], dumpMs: [], openMs: [] }
for (let r = 0; r < rounds; r++) {
  rows.dumpMs.push(await cpu(() => replayer.read(best.at, (agg) => agg.dump())))
  let open: Buffer = Buffer.alloc(0)
  rows.openMs.push(await cpu(() => (open = encodeOpenCases(d.watched, d.at))))
  if (other) rows.against.push(await side(other, false))
  // As in the snapshot thread: the last encode was the previous snapshot's (not counted).
  if (previousCases) encodeOpenCases(previousCases.watched, previousCases.at)
  rows.this.push({ ...(await side(mine, r === rounds - 1)), openBytes: open.length })
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const med = (rs: Row[]) => (rs.length === 0 ? null : { encodeMs: median(rs.map((x) => x.encodeMs)), decodeMs: median(rs.map((x) => x.decodeMs)), allChunksMs: median(rs.map((x) => x.allChunksMs)), bytes: rs[0]!.bytes })
process.stdout.write(
  `${JSON.stringify({ seq: best.seq, openCases: d.watched.length, rounds, dumpMs: rows.dumpMs, openEncodeMs: rows.openMs, openBytes: rows.this[0]!.openBytes, this: rows.this, against: rows.against, thisMedian: med(rows.this), againstMedian: med(rows.against), loadavg: os.loadavg().map((l) => round(l, 1)) })}\n`,
)
db.close()
profiler.close()
if (profileFile) {
  process.stdout.write(`${JSON.stringify(summariseProfile(profileFile, 25), null, 1)}\n`)
}
