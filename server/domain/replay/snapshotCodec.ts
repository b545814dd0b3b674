import { promisify } from 'node:util'
import { deflateRawSync, gunzip, gzip, inflateRawSync } from 'node:zlib'
import { BACKLOG_LEVELS, RISK_STATUSES } from '../../../shared/domain/vocabulary'
import { FRAUD_TYPES } from '../../../shared/events/themeFields'
import { CASE_COUNTER_COUNT, CASE_COUNTERS, RISK_COUNTERS } from '../../../shared/summary/counters'
import type { RegionTree } from '../../../shared/regions/tree'
import type { AggregatorDump, DeferredAggregatorDump } from '../aggregate/aggregator'
import type { ActivityDump } from '../aggregate/regionDays'
import type { DayBucketsDump } from '../aggregate/dayBuckets'
import type { TimeLimitRules } from '../cases/deadline'
import type { ThemeTalliesDump } from '../themes/themeFigures'
import { Int32Reader, Int32Writer } from './int32Stream'
import { EncodedOpenCases, encodeOpenCases } from './openCasesCodec'

const zip = promisify(gzip)
const unzip = promisify(gunzip)

/**
 * The layout of this file's output; bump it when the dump's shape changes. 3: per-unit tallies and
 * the themed pages' tallies, so that a snapshot holds everything the live figures depend on (a
 * restart starts from it, plugins/app/aggregator.ts). 4: categories and activity in the binary part.
 * 5: each region's day-keyed figures in a block of their own, deflated on their own, so that a
 * replay inflates and decodes only the regions it reads. 6: the unresolved cases in a block of
 * columns (openCasesCodec.ts) instead of the JSON header, and the themed pages' tallies in a block
 * of their own, parsed only when a themed page is read. 7: the unresolved cases with an index (where
 * each begins, its id, when a restore at the snapshot's instant must first look at it), so that a
 * replay decodes only those it needs. 8: the cases' order by their looks and by their ids beside
 * the index, so that a replay pushes onto its heap only the looks its clock reaches and finds a case
 * without a map of every id. 9: the unresolved cases' tags and indexes as varints instead of int32
 * (46 → 28 MB raw at 148,000 cases, all of it inflated by a cold restore). 10: the unresolved
 * cases' strings as UTF-8 with where each starts instead of a JSON list, each made when first read
 * and the ids' order by their bytes (a restore made every id to parse the list), and their float64
 * columns before the int32 ones (each read in place). 11: the unresolved cases' values in chunks of
 * 64 cases, each deflated on its own and inflated when one of its cases is read, the ids, looks,
 * orders and strings in a head deflated apart (a cold restore inflated the whole part, 28 MB raw at
 * 148,000 cases, to read a few thousand).
 */
const FORMAT = 11

const hash = (h: number, text: string) => {
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0
  return h
}

/**
 * The version of the code's snapshots: the format and the counters they are written with. A
 * snapshot of another version is ignored (and rebuilt from the log), never misread: adding a
 * counter changes it, and so does a new fraud type, 积案 level or risk status (the themed tallies'
 * counters are laid out by those lists, domain/themes).
 */
export const SNAPSHOT_VERSION =
  hash(FORMAT, `${CASE_COUNTERS.join(',')}|${RISK_COUNTERS.join(',')}|${FRAUD_TYPES.join(',')}|${BACKLOG_LEVELS.join(',')}|${RISK_STATUSES.join(',')}`) & 0x7fffffff

/** What else a snapshot's figures were counted with: the region tree (roll-ups), the 矛盾纠纷 categories and the time limits. */
export interface SnapshotContext {
  tree: RegionTree
  disputeCategories: readonly string[]
  limits?: TimeLimitRules | undefined
}

/**
 * The version of the snapshots this server writes and reads: the code's, and the settings its
 * figures depend on, so that a snapshot counted under another region tree or other rules is
 * ignored like one of an older format.
 */
export function snapshotVersion(ctx: SnapshotContext): number {
  let h = SNAPSHOT_VERSION
  for (const r of ctx.tree.list()) h = hash(h, `${r.code}<${r.parent ?? ''};`)
  h = hash(h, `|${ctx.disputeCategories.join(',')}|${JSON.stringify(ctx.limits ?? null)}`)
  return h & 0x7fffffff
}

type Header = {
  seq: number
  /** The regions with case counters, in the order of their blocks. */
  cases: string[]
  /** Every category named in the blocks (by its index here). */
  categoryNames: string[]
  /** The regions with activity, in the order of their blocks (after those of `cases`). */
  activity: string[]
  /** Per block (each region of `cases`, then of `activity`): [bytes stored, int32 it holds]; fewer bytes than 4 × int32 means deflated. */
  blocks: Array<[number, number]>
  risks: Array<[string, number[]]>
  /** The unresolved cases' block, then the themed tallies' (after the regions'): [bytes stored, bytes raw]; fewer stored than raw means deflated. */
  open: [number, number]
  themes: [number, number]
  units: AggregatorDump['units']
}

type Slots = Array<[number, [number, number]]>

/** A block smaller than this is stored as it is (deflating a few dozen numbers gains nothing). */
const DEFLATE_FROM_BYTES = 256

/**
 * An aggregator's dump as stored: a 4-byte length, the gzipped JSON header (region codes, category
 * names, risk counts, the units' tallies, where each block lies), then one block per region of its
 * day-keyed figures as little-endian int32, each deflated on its own (a replay inflates and decodes
 * only the regions it reads; one gzip of everything made every replay inflate and decode every
 * region, most of its time), then the unresolved cases (openCasesCodec.ts: stored as it is, its
 * head and its chunks of cases deflated apart) and the themed pages' tallies as JSON, deflated. A region's case block: `n`, then
 * per day `day, k, (counter, value) × k` (sparse: most counters of a day are zero), then `m` days
 * of categories, each `day, k, (category, count) × k`; its activity block: `h, (hour, reported,
 * resolved) × h, d, (day, reported, resolved) × d`.
 */
export async function encodeSnapshot(d: AggregatorDump): Promise<Buffer> {
  const names = new Map<string, number>()
  const nameOf = (c: string) => {
    let i = names.get(c)
    if (i === undefined) names.set(c, (i = names.size))
    return i
  }
  const out = new Int32Writer()
  const blocks: Array<[number, number]> = []
  const stored: Buffer[] = []
  const close = () => {
    const bytes = out.bytes()
    // Level 1: the regions' blocks are most of a snapshot's encoding time (27 MB of int32 at
    // 300,000 cases: 330–415 ms at level 3, 185–256 ms at 1, for a sixth more bytes), paid by the
    // snapshot thread every YIPING_SNAPSHOT_EVERY events; a replay inflates a few of them.
    const small = bytes.length < DEFLATE_FROM_BYTES ? null : deflateRawSync(bytes, { level: 1 })
    const keep = small && small.length < bytes.length ? small : Buffer.from(bytes)
    blocks.push([keep.length, out.length])
    stored.push(keep)
    out.reset()
  }
  for (const [, b] of d.days.cases) {
    const w = b.days.length === 0 ? CASE_COUNTER_COUNT : b.rows.length / b.days.length
    out.push(b.days.length)
    for (let i = 0; i < b.days.length; i++) {
      out.push(b.days[i]!)
      const at = out.hole()
      let k = 0
      for (let c = 0; c < w; c++) {
        const v = b.rows[i * w + c]!
        if (v === 0) continue
        out.push(c)
        out.push(v)
        k++
      }
      out.fill(at, k)
    }
    out.push(b.categories.length)
    for (const [day, list] of b.categories) {
      out.push(day)
      out.push(list.length)
      for (const [name, count] of list) {
        out.push(nameOf(name))
        out.push(count)
      }
    }
    close()
  }
  const slots = (list: Slots) => {
    out.push(list.length)
    for (const [k, [a, b]] of list) {
      out.push(k)
      out.push(a)
      out.push(b)
    }
  }
  for (const [, hours, days] of d.days.activity) {
    slots(hours)
    slots(days)
    close()
  }
  const part = (raw: Buffer): [number, number] => {
    const small = deflateRawSync(raw, { level: 3 })
    const keep = small.length < raw.length ? small : raw
    stored.push(keep)
    return [keep.length, raw.length]
  }
  const kept = (raw: Buffer): [number, number] => {
    stored.push(raw)
    return [raw.length, raw.length]
  }
  const header: Header = {
    seq: d.seq,
    cases: d.days.cases.map(([code]) => code),
    categoryNames: [...names.keys()],
    activity: d.days.activity.map(([code]) => code),
    blocks,
    risks: d.risks.map(([code, r]) => [code, [...r]]),
    // Stored as it is: its head and each chunk of its cases deflated on their own (openCasesCodec.ts).
    open: kept(encodeOpenCases(d.watched, d.at)),
    themes: part(Buffer.from(JSON.stringify(d.themes), 'utf8')),
    units: d.units,
  }
  // Level 3: about half the time of 6 for a fifth more bytes; reading is as fast.
  const json = await zip(Buffer.from(JSON.stringify(header), 'utf8'), { level: 3 })
  const lead = Buffer.alloc(4)
  lead.writeUInt32LE(json.length, 0)
  return Buffer.concat([lead, json, ...stored])
}

export async function decodeSnapshot(buf: Buffer): Promise<AggregatorDump> {
  const d = await decodeSnapshotDeferred(buf)
  const cases = d.deferredDays.cases.map(([code, load]): [string, DayBucketsDump] => [code, load()])
  const activity = d.deferredDays.activity.map(([code, load]): [string, ...ActivityDump] => [code, ...load()])
  const { deferredDays: _, themes, watched, ...rest } = d
  return { ...rest, ...(watched.at === null ? {} : { at: watched.at }), watched: watched.all(), themes: typeof themes === 'function' ? themes() : themes, days: { cases, activity } }
}

/**
 * A stored snapshot back with each region's day-keyed figures left in the binary part until they
 * are read (a replay reads a few regions: decoding all of them was most of a replay's time and
 * garbage), the themed pages' tallies until a themed page is read (a summary never reads
 * them), and each unresolved case until it is asked for (EncodedOpenCases). The offsets are checked here; a region's own bytes when it is decoded.
 */
export async function decodeSnapshotDeferred(buf: Buffer): Promise<DeferredAggregatorDump> {
  if (buf.length < 4) throw new Error('snapshot: too short')
  const headerLength = buf.readUInt32LE(0)
  const header = JSON.parse((await unzip(buf.subarray(4, 4 + headerLength))).toString('utf8')) as Header
  if (header.blocks.length !== header.cases.length + header.activity.length) throw new Error('snapshot: blocks do not match the regions')
  const offsets: number[] = []
  let at = 4 + headerLength
  for (const [bytes, ints] of header.blocks) {
    if (!(bytes >= 0 && ints >= 0 && bytes <= ints * 4)) throw new Error('snapshot: a block of impossible size')
    offsets.push(at)
    at += bytes
  }
  const parts: Buffer[] = []
  for (const [bytes, raw] of [header.open, header.themes]) {
    if (!(bytes >= 0 && raw >= 0 && bytes <= raw && at + bytes <= buf.length)) throw new Error('snapshot: a part of impossible size')
    parts.push(buf.subarray(at, at + bytes))
    at += bytes
  }
  if (at !== buf.length) throw new Error('snapshot: the blocks do not end where the body does')
  /**
   * Inflated into one buffer of the size it was written with (and a byte to spare: zlib asks for
   * more room when the output fills it exactly): the default 16 KB chunks cost one buffer each and
   * a copy into one at the end, a quarter of a second for the 36 MB of 133,000 open cases.
   */
  const inflateTo = (stored: Buffer, raw: number) => inflateRawSync(stored, { chunkSize: Math.max(64, raw + 1) })
  const inflated = (stored: Buffer, raw: number) => {
    const out = stored.length === raw ? stored : inflateTo(stored, raw)
    if (out.length !== raw) throw new Error('snapshot: a part inflates to another size')
    return out
  }
  /** Block `i` as int32 (inflated when stored deflated). */
  const reader = (i: number) => {
    const [bytes, ints] = header.blocks[i]!
    const stored = buf.subarray(offsets[i]!, offsets[i]! + bytes)
    const raw = bytes === ints * 4 ? stored : inflateTo(stored, ints * 4)
    if (raw.length !== ints * 4) throw new Error('snapshot: a block inflates to another size')
    // An aligned copy (a Buffer may start at any offset of its memory).
    const data = new Int32Array(ints)
    new Uint8Array(data.buffer).set(raw)
    return new Int32Reader(data)
  }
  const ended = (r: Int32Reader) => {
    if (!r.done) throw new Error('snapshot: bytes left after a region')
  }

  const caseLoader = (i: number) => (): DayBucketsDump => {
    const r = reader(i)
    const n = r.next()
    const days = new Int32Array(n)
    const rows = new Int32Array(n * CASE_COUNTER_COUNT)
    for (let j = 0; j < n; j++) {
      days[j] = r.next()
      const k = r.next()
      for (let m = 0; m < k; m++) {
        const c = r.next()
        if (c < 0 || c >= CASE_COUNTER_COUNT) throw new Error('snapshot: a counter index out of range')
        rows[j * CASE_COUNTER_COUNT + c] = r.next()
      }
    }
    const categories: Array<[number, Array<[string, number]>]> = []
    for (let m = r.next(); m > 0; m--) {
      const day = r.next()
      const list: Array<[string, number]> = []
      for (let k = r.next(); k > 0; k--) {
        const name = header.categoryNames[r.next()]
        if (name === undefined) throw new Error('snapshot: a category index out of range')
        list.push([name, r.next()])
      }
      categories.push([day, list])
    }
    ended(r)
    return { days, rows, categories }
  }
  const activityLoader = (i: number) => (): ActivityDump => {
    const r = reader(header.cases.length + i)
    const slots = (): Slots => {
      const list: Slots = []
      for (let n = r.next(); n > 0; n--) list.push([r.next(), [r.next(), r.next()]])
      return list
    }
    const out: ActivityDump = [slots(), slots()]
    ended(r)
    return out
  }
  return {
    seq: header.seq,
    deferredDays: {
      cases: header.cases.map((code, i) => [code, caseLoader(i)]),
      activity: header.activity.map((code, i) => [code, activityLoader(i)]),
    },
    risks: header.risks.map(([code, rk]) => [code, Int32Array.from(rk)]),
    watched: new EncodedOpenCases(inflated(parts[0]!, header.open[1])),
    units: header.units,
    themes: () => JSON.parse(inflated(parts[1]!, header.themes[1]).toString('utf8')) as ThemeTalliesDump,
  }
}
