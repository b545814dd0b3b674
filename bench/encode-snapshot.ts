/**
 * `tsx bench/encode-snapshot.ts --dir D [--rounds R] [--against FILE] [--profile FILE]`: the CPU
 * time of encoding one whole snapshot (`encodeSnapshot`, what the snapshot thread pays every
 * YIPING_SNAPSHOT_EVERY events) and of reading it back cold, on a store filled by
 * `asof-cold.ts --fill N --mode live` (a copy: the store is only read, but SQLite opens it for writing).
 *
 * The store's snapshot of this code's version with the most unresolved cases is the one encoded,
 * in the snapshot thread's sequence: per round, a replayer restores the snapshot before it (its
 * cases decoded afresh) and dumps it, which is encoded (not counted: the thread's last encode),
 * then moves that aggregator forward through the log to the chosen snapshot's batch and dumps
 * again, which is encoded and counted. So the cases unchanged since are the same objects as at
 * the previous encode exactly as in the thread (encodeOpenCases keeps the ids' order and each
 * state's values from its last encode), the changed ones new, and no encode is helped by one of
 * the same dump. Per round: `encodeSnapshot` whole, then (after the previous dump's cases again)
 * `encodeOpenCases` alone; and the body's cold read: `decodeSnapshotDeferred`, then inflating every
 * chunk of the unresolved cases (`all()`, the most a restore can read). With `--against` (another
 * copy of snapshotCodec.ts, e.g. an older commit's in a tree of its own), both encoders run on the same dumps, alternating, each after its own encode of the
 * previous dump; their bytes are compared. Printed once: how many of the chunks of cases and of the
 * regions' blocks are stored byte for byte as in the previous snapshot. `--profile` writes a CPU
 * profile of this code's encodes and prints its top functions.
 */
import os from 'node:os'
import path from 'node:path'
import { gunzipSync } from 'node:zlib'
import type { AggregatorDump, DeferredAggregatorDump } from '../server/domain/aggregate/aggregator'
import * as mine from '../server/domain/replay/snapshotCodec'
import { EncodedOpenCases, encodeOpenCases, lastEncodeHeld } from '../server/domain/replay/openCasesCodec'
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
// The snapshot before it, the thread's previous one: restored, then moved forward through the log
// to the chosen one's batch (no snapshot after it is used, as the thread had written none yet).
const before = snaps.filter((m) => m.seq < best.seq).sort((a, b) => b.seq - a.seq)[0]
if (!before) throw new Error('no snapshot before the one with the most unresolved cases')
const latestSnapshot = rs.latestSnapshot.bind(rs)
rs.latestSnapshot = (maxSeq, version) => latestSnapshot(Math.min(maxSeq, before.seq), version)
/** The previous snapshot's dump, then the chosen one's, the second moved forward from the first. */
const dumps = async () => {
  replayer.clear()
  const previous = await replayer.read(before.at, (agg) => agg.dump())
  const c0 = process.cpuUsage()
  const current = await replayer.read(best.at, (agg) => agg.dump())
  const c = process.cpuUsage(c0)
  return { previous, current, forwardMs: round((c.user + c.system) / 1000, 1) }
}

type Codec = { encodeSnapshot: (d: AggregatorDump) => Promise<Buffer>; decodeSnapshotDeferred: (b: Buffer) => Promise<DeferredAggregatorDump> }
const other: Codec | null = against ? ((await import(path.resolve(against))) as Codec) : null

const cpu = async (fn: () => unknown) => {
  const c0 = process.cpuUsage()
  await fn()
  const c = process.cpuUsage(c0)
  return round((c.user + c.system) / 1000, 1)
}
const profiler = await inProcessProfiler(profileFile)
type Row = { encodeMs: number; decodeMs: number; allChunksMs: number; bytes: number; openBytes?: number; sameBytes?: boolean; reused?: number; heldBytes?: number }
let againstBody: Buffer | null = null
const side = async (codec: Codec, d: AggregatorDump, profile: boolean): Promise<Row> => {
  let body: Buffer = Buffer.alloc(0)
  if (profile) await profiler.start()
  const encodeMs = await cpu(async () => (body = await codec.encodeSnapshot(d)))
  if (profile) await profiler.stop()
  const held = codec === mine ? lastEncodeHeld() : null
  let back: DeferredAggregatorDump | null = null
  const decodeMs = await cpu(async () => (back = await codec.decodeSnapshotDeferred(body)))
  const allChunksMs = await cpu(() => back!.watched.all())
  if (codec !== mine) againstBody = body
  return {
    encodeMs,
    decodeMs,
    allChunksMs,
    bytes: body.length,
    ...(held ? { reused: held.reused, heldBytes: held.bytes } : {}),
    ...(codec === mine && againstBody ? { sameBytes: Buffer.compare(body, againstBody) === 0 } : {}),
  }
}

/** The stored pieces of a snapshot's body: each region's block by its code, each chunk of its unresolved cases. */
async function pieces(body: Buffer) {
  const n = body.readUInt32LE(0)
  const header = JSON.parse(gunzipSync(body.subarray(4, 4 + n)).toString('utf8')) as { cases: string[]; activity: string[]; blocks: Array<[number, number]>; open: [number, number] }
  const blocks = new Map<string, Buffer>()
  let at = 4 + n
  const codes = [...header.cases, ...header.activity.map((c) => `activity:${c}`)]
  header.blocks.forEach(([bytes], i) => {
    blocks.set(codes[i]!, body.subarray(at, at + bytes))
    at += bytes
  })
  const open = body.subarray(at, at + header.open[0])
  const chunkAt = (new EncodedOpenCases(open) as unknown as { chunkAt: number[] }).chunkAt
  const chunks = chunkAt.slice(0, -1).map((a, c) => open.subarray(a, chunkAt[c + 1]))
  return { blocks, chunks }
}

const rows: { this: Row[]; against: Row[]; forwardMs: number[]; openMs: number[] } = { this: [], against: [], forwardMs: [], openMs: [] }
let changes: object | null = null
let openCases = 0
for (let r = 0; r < rounds; r++) {
  const { previous, current: d, forwardMs } = await dumps()
  openCases = d.watched.length
  rows.forwardMs.push(forwardMs)
  // As in the snapshot thread: each side's last encode was the previous snapshot's (not counted).
  if (other) {
    await other.encodeSnapshot(previous)
    rows.against.push(await side(other, d, false))
  }
  await mine.encodeSnapshot(previous)
  const row = await side(mine, d, r === rounds - 1)
  encodeOpenCases(previous.watched, previous.at)
  let open: Buffer = Buffer.alloc(0)
  rows.openMs.push(await cpu(() => (open = encodeOpenCases(d.watched, d.at))))
  rows.this.push({ ...row, openBytes: open.length })
  if (r === 0) {
    // What is stored byte for byte as in the previous snapshot (these encodes not counted).
    const a = await pieces(await mine.encodeSnapshot(previous))
    const b = await pieces(await mine.encodeSnapshot(d))
    const chunksBefore = new Set(a.chunks.map((c) => c.toString('base64')))
    let firstChanged = b.chunks.findIndex((c, i) => a.chunks[i] === undefined || Buffer.compare(c, a.chunks[i]!) !== 0)
    if (firstChanged < 0) firstChanged = b.chunks.length
    let sameBlocks = 0
    for (const [code, block] of b.blocks) if (a.blocks.has(code) && Buffer.compare(a.blocks.get(code)!, block) === 0) sameBlocks++
    changes = {
      casesBefore: previous.watched.length,
      cases: d.watched.length,
      chunks: b.chunks.length,
      chunksStoredBefore: b.chunks.filter((c) => chunksBefore.has(c.toString('base64'))).length,
      firstChangedChunk: firstChanged,
      blocks: b.blocks.size,
      blocksUnchanged: sameBlocks,
    }
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const med = (rs: Row[]) => (rs.length === 0 ? null : { encodeMs: median(rs.map((x) => x.encodeMs)), decodeMs: median(rs.map((x) => x.decodeMs)), allChunksMs: median(rs.map((x) => x.allChunksMs)), bytes: rs[0]!.bytes })
process.stdout.write(
  `${JSON.stringify({ seq: best.seq, before: before.seq, openCases, rounds, forwardMs: rows.forwardMs, openEncodeMs: rows.openMs, changes, openBytes: rows.this[0]!.openBytes, this: rows.this, against: rows.against, thisMedian: med(rows.this), againstMedian: med(rows.against), loadavg: os.loadavg().map((l) => round(l, 1)) })}\n`,
)
db.close()
profiler.close()
if (profileFile) {
  process.stdout.write(`${JSON.stringify(summariseProfile(profileFile, 25), null, 1)}\n`)
}
