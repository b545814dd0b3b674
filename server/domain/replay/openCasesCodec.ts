import { deflateRawSync, inflateRawSync } from 'node:zlib'
import type { AggregatorDump } from '../aggregate/aggregator'
import { nextLookAfterRestore } from '../aggregate/restoreSchedule'
import { ChunkSlabs } from './rawInflater'
import type { CaseState } from '../cases/caseState'

type Watched = AggregatorDump['watched']

/** How a value is stored: its tag (one byte of the run), then (number, string, object, array) what follows. */
const NULL = 0
const FALSE = 1
const TRUE = 2
const NUMBER = 3
const STRING = 4
/** Then its shape's index, then each value. */
const OBJECT = 5
/** Then its length, then each value. */
const ARRAY = 6

/**
 * The lead of the part, uint32 each: count, chunks, strings, bytes of the strings' UTF-8, bytes of
 * the JSON after them (shapes, and strings UTF-8 cannot hold), bytes of the head raw and stored, cases per chunk.
 */
const LEAD_BYTES = 32

/**
 * Cases per chunk of values, each chunk deflated on its own and inflated when one of its cases is
 * read: a cold restore reads a few thousand of 148,000 cases, and inflating the whole part (28 MB
 * raw) was 7.6% of a cold instant's CPU.
 */
export const CHUNK_CASES = 64

/** int32 per chunk in the head: its bytes stored, its float64, its bytes of the run. */
const CHUNK_WIDTH = 3

/** Level 3: about half the time of 6 for a fifth more bytes; inflating is as fast. */
const LEVEL = 3

/**
 * A chunk's deflate (a few KB raw, 9.8 at most at 340,000 live cases): an 8 KB window and a
 * smaller hash (64 KB of zlib's memory per call instead of 256 KB) and its output in pieces of
 * 4,000 bytes (the pool's, instead of 16 KB of its own): 5,300 chunks per snapshot at 340,000
 * cases churned 1.4 GB of memory V8 counts as external, which set off a mark-compact of the whole
 * heap (200–400 ms each) every second or two of an encode. The same bytes there; inflate reads a
 * stream of any window up to its own (15), so reading is unchanged.
 */
const CHUNK_DEFLATE = { level: LEVEL, windowBits: 13, memLevel: 6, chunkSize: 4000 }

/** A string whose char codes are its UTF-8 bytes. */
const ASCII = /^[\x00-\x7f]*$/

/** A surrogate without its pair: a string UTF-8 cannot hold (JSON can). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** Ids of the order per fence (EncodedOpenCases.fencesOfIds), bytes of an id in its fence's number (48 bits: exact in a float64), ids from which a search uses fences. */
const FENCE_EVERY = 32
const FENCE_BYTES = 6
const FENCES_FROM = 4 * FENCE_EVERY

/** A case's look that is no instant: the clock never changes it again. */
const NEVER = Number.POSITIVE_INFINITY

/** A shape's place in the encoder's tree of keys: the keys so far lead here; `shape` once an object ended here (-1 before). */
interface ShapeNode {
  next: Map<string, ShapeNode>
  shape: number
}

/**
 * The tags and whole numbers of the values (string and shape indexes, list lengths), each number
 * in 7-bit groups, low first, the high bit set on all but the last (LEB128): one byte for a tag,
 * one to three for an index, where int32 took four. The run was 25 MB of the 46 MB of 148,000
 * open cases as int32, inflated in full by every cold restore (180 ms CPU at that size).
 */
class VarintWriter {
  private buf = new Uint8Array(1 << 16)
  length = 0

  push(v: number): void {
    if (this.length + 5 > this.buf.length) {
      const next = new Uint8Array(this.buf.length * 2)
      next.set(this.buf)
      this.buf = next
    }
    while (v >= 0x80) {
      this.buf[this.length++] = (v & 0x7f) | 0x80
      v >>>= 7
    }
    this.buf[this.length++] = v
  }

  bytes(): Buffer {
    return Buffer.from(this.buf.buffer, 0, this.length)
  }

  /**
   * The values of `src[from, to)` (a run this writer wrote at another encode) written again, each
   * string index and shape index through `string` and `shape` (this encode's), in their order:
   * the same bytes a walk of the values would write, without the walk.
   */
  transcribe(src: Uint8Array, from: number, to: number, string: (old: number) => number, shape: (old: number) => number): void {
    let p = from
    while (p < to) {
      const tag = src[p++]!
      if (tag === STRING || tag === OBJECT || tag === ARRAY) {
        let v = 0
        let shift = 1
        let b = src[p++]!
        while (b >= 0x80) {
          v += (b & 0x7f) * shift
          shift *= 128
          b = src[p++]!
        }
        v += b * shift
        this.push(tag)
        this.push(tag === STRING ? string(v) : tag === OBJECT ? shape(v) : v)
      } else this.push(tag)
    }
  }
}

class Float64Writer {
  private buf = new Float64Array(1 << 12)
  length = 0

  push(v: number): void {
    if (this.length === this.buf.length) {
      const next = new Float64Array(this.buf.length * 2)
      next.set(this.buf)
      this.buf = next
    }
    this.buf[this.length++] = v
  }

  bytes(): Buffer {
    return Buffer.from(this.buf.buffer, 0, this.length * 8)
  }

  /** `src[from, to)` appended. */
  pushRange(src: Float64Array, from: number, to: number): void {
    const n = to - from
    if (this.length + n > this.buf.length) {
      const next = new Float64Array(Math.max(this.buf.length * 2, this.length + n))
      next.set(this.buf.subarray(0, this.length))
      this.buf = next
    }
    this.buf.set(src.subarray(from, to), this.length)
    this.length += n
  }

  /** The values written (a view of this writer's memory). */
  values(): Float64Array {
    return this.buf.subarray(0, this.length)
  }
}

/**
 * A snapshot's unresolved cases (each state with what it counted) in binary rather than JSON: a
 * cold replay restores every one of them (the clock at T moves each), and JSON.parse of their
 * text (two thirds of the old header, 6.7 MB at 300,000 cases) was the larger part of decoding a
 * snapshot. Each object's keys, in their order, are a shape (a handful of them: a state's, its
 * stageAt's, its theme's); each value a tag, numbers as float64, strings (ids, regions, titles,
 * stages) by their index in one table. It gives back exactly what JSON gave: the same keys in the
 * same order, undefined values left out (null in a list), -0 as 0 and a non-finite number as null.
 * Deflated here: a head (ids, looks, orders, strings) read by every restore, then the values in
 * chunks of CHUNK_CASES cases in their order, each inflated when one of its cases is read (a cold
 * restore of 148,000 cases read 500–15,000 of them, in 10–76% of the chunks of 64).
 */
export function encodeOpenCases(watched: Watched, at?: number): Buffer {
  const run = new VarintWriter()
  const nums = new Float64Writer()
  // Each string's index in this encode's table (+1; 0: not met yet), by its number in `interned`.
  let localOf = new Int32Array(Math.max(1024, interned.strings.length * 2))
  const list: string[] = []
  // Shapes found by walking their keys from the root (no string made per object: 12,000 states of
  // 25 keys each, with their stageAt and theme, made a JSON text of keys per object before).
  const shapes: string[][] = []
  const root: ShapeNode = { next: new Map(), shape: -1 }
  const local = (g: number) => {
    if (g >= localOf.length) {
      const next = new Int32Array(Math.max(g + 1, localOf.length * 2))
      next.set(localOf)
      localOf = next
    }
    const i = localOf[g]!
    if (i > 0) return i - 1
    localOf[g] = list.length + 1
    list.push(interned.strings[g]!)
    return list.length - 1
  }
  const stringOf = (s: string) => {
    let g = interned.ids.get(s)
    if (g === undefined) {
      g = interned.strings.length
      interned.ids.set(s, g)
      interned.strings.push(s)
    }
    return local(g)
  }
  // What JSON.stringify would keep of a value, written as tags (toJSON, as on a Date, is not expected in a state).
  const value = (v: unknown): void => {
    if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) run.push(NULL)
    else if (v === false) run.push(FALSE)
    else if (v === true) run.push(TRUE)
    else if (typeof v === 'number') {
      run.push(NUMBER)
      nums.push(v === 0 ? 0 : v)
    } else if (typeof v === 'string') {
      run.push(STRING)
      run.push(stringOf(v))
    } else if (Array.isArray(v)) {
      run.push(ARRAY)
      run.push(v.length)
      for (const x of v as unknown[]) value(typeof x === 'function' ? undefined : x)
    } else if (typeof v === 'object') {
      const o = v as Record<string, unknown>
      const keys = Object.keys(o)
      let node = root
      for (const k of keys) {
        const x = o[k]
        if (x === undefined || typeof x === 'function') continue
        let n = node.next.get(k)
        if (!n) node.next.set(k, (n = { next: new Map(), shape: -1 }))
        node = n
      }
      if (node.shape < 0) {
        node.shape = shapes.length
        shapes.push(keys.filter((k) => o[k] !== undefined && typeof o[k] !== 'function'))
      }
      run.push(OBJECT)
      run.push(node.shape)
      for (const k of keys) {
        const x = o[k]
        if (x !== undefined && typeof x !== 'function') value(x)
      }
    } else run.push(NULL)
  }
  // Per case: where its values start (run, float64) and its id; then when a restore at `at` must first look at it.
  const starts0 = new Int32Array(watched.length * 2 + 2)
  const idAt = new Int32Array(watched.length)
  const looks = new Float64Array(watched.length + 1)
  looks[0] = at ?? Number.NaN
  // A state the last encode walked (the same object: states are replaced, never changed) has its
  // values copied from that encode's run and float64, its string and shape indexes made this
  // encode's in the order a walk would have met them (each old index looked up once).
  const last = lastValues
  const shapeFrom = last ? new Int32Array(last.shapes.length).fill(-1) : null
  const oldString = (old: number) => local(last!.strings[old]!)
  const oldShape = (old: number) => {
    const had = shapeFrom![old]!
    if (had >= 0) return had
    const keys = last!.shapes[old]!
    let node = root
    for (const k of keys) {
      let n = node.next.get(k)
      if (!n) node.next.set(k, (n = { next: new Map(), shape: -1 }))
      node = n
    }
    if (node.shape < 0) {
      node.shape = shapes.length
      shapes.push(keys)
    }
    return (shapeFrom![old] = node.shape)
  }
  // Per case: where its state's values end (run, float64), for the next encode.
  const stateEnds = new Int32Array(watched.length * 2)
  const index = new WeakMap<object, number>()
  const appliedOf = new Array<unknown>(watched.length)
  let reused = 0
  // The float64 copied and not written yet: one range of the last encode's, grown while the cases
  // copied follow one another there (most do), written as one (a copy per case cost 170 ms).
  let copyFrom = 0
  let copyTo = 0
  const numsAt = () => nums.length + copyTo - copyFrom
  const flush = () => {
    if (copyTo > copyFrom) nums.pushRange(last!.nums, copyFrom, copyTo)
    copyFrom = copyTo = 0
  }
  watched.forEach((w, i) => {
    starts0[i * 2] = run.length
    starts0[i * 2 + 1] = numsAt()
    const j = last ? last.index.get(w.state) : undefined
    // Its id as a walk meets it: first (from the last encode's table when its state is the same).
    idAt[i] = j === undefined ? stringOf(w.state.id) : local(last!.strings[last!.idAt[j]!]!)
    if (j === undefined) {
      flush()
      value(w.state)
      stateEnds[i * 2] = run.length
      stateEnds[i * 2 + 1] = nums.length
      value(w.applied)
    } else {
      // What it counted too when that is the same list (replaced, never changed, as its state).
      const { ends, starts: from, applied } = last!
      const whole = applied[j] === w.applied
      run.transcribe(last!.run, from[j * 2]!, ends[j * 2]!, oldString, oldShape)
      const a = from[j * 2 + 1]!
      stateEnds[i * 2] = run.length
      stateEnds[i * 2 + 1] = numsAt() + ends[j * 2 + 1]! - a
      const b = whole ? from[j * 2 + 3]! : ends[j * 2 + 1]!
      if (a === copyTo && copyTo > copyFrom) copyTo = b
      else {
        flush()
        copyFrom = a
        copyTo = b
      }
      if (whole) run.transcribe(last!.run, ends[j * 2]!, from[j * 2 + 2]!, oldString, oldShape)
      else {
        flush()
        value(w.applied)
      }
      reused++
    }
    index.set(w.state, i)
    appliedOf[i] = w.applied
    looks[i + 1] = at === undefined ? Number.NaN : (nextLookAfterRestore(w.state, w.applied, at) ?? NEVER)
  })
  flush()
  starts0[watched.length * 2] = run.length
  starts0[watched.length * 2 + 1] = nums.length
  // The cases in the order of their looks (a restore feeds its heap from the front as the clock
  // moves, never pushing the 140,000 looks past T), and in the order of their ids (a case found by
  // a binary search rather than a map of every id built per restore).
  const order = () => Int32Array.from(watched.keys())
  const byLook = order()
  if (at !== undefined) byLook.sort((a, b) => looks[a + 1]! - looks[b + 1]! || a - b)
  // The strings as UTF-8 one after the other, with where each starts (and the last ends): a
  // restore reads the few it needs, where JSON.parse of the list made every id (55–100 ms at
  // 148,000 cases). A string UTF-8 cannot hold as it is (a lone surrogate, which JSON keeps) is
  // written as UTF-8 makes it (U+FFFD) for the ids' order, and kept exactly in the JSON.
  const starts = new Int32Array(list.length + 1)
  let room = 0
  for (const s of list) room += s.length
  // One pass: each string written where the last ended (a UTF-16 unit is at most 3 bytes of UTF-8).
  const text = Buffer.allocUnsafe(room * 3)
  const exact: Array<[number, string]> = []
  // The ids' order by their bytes is their code units' unless a string holds a surrogate or a character from U+E000.
  let unitsOrderBytes = true
  let size = 0
  list.forEach((s, i) => {
    starts[i] = size
    const n = text.write(s, size, 'utf8')
    size += n
    if (n !== s.length && /[\uD800-\uFFFF]/.test(s)) {
      unitsOrderBytes = false
      if (LONE_SURROGATE.test(s)) exact.push([i, s])
    }
  })
  starts[list.length] = size
  // The ids in the order of their UTF-8 bytes (a restore's search compares bytes, making no string).
  const ids = watched.map((w) => w.state.id)
  let byId: Int32Array
  if (unitsOrderBytes) {
    byId = idsInOrder(ids, idAt, list.length, (id) => {
      const g = interned.ids.get(id)
      return g === undefined || g >= localOf.length || localOf[g] === 0 ? undefined : localOf[g]! - 1
    }) ?? order().sort((a, b) => (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : a - b))
    lastOrder = Array.from(byId, (i) => ids[i]!)
  } else {
    byId = order().sort((a, b) => compareBytes(text, starts, idAt[a]!, text, starts[idAt[b]!]!, starts[idAt[b]! + 1]!) || a - b)
    lastOrder = []
  }
  const table = Buffer.from(JSON.stringify({ shapes, exact }), 'utf8')
  // Each string of this table by its number in `interned`, for the next encode; the table of
  // every string met started again from this encode's when it holds more than twice as many.
  let numbers: Int32Array
  if (interned.strings.length > 2 * list.length + 4096) {
    interned = { ids: new Map(list.map((x, i) => [x, i])), strings: [...list] }
    numbers = Int32Array.from(list.keys())
  } else {
    numbers = new Int32Array(list.length)
    for (let g = 0; g < Math.min(localOf.length, interned.strings.length); g++) if (localOf[g]! > 0) numbers[localOf[g]! - 1] = g
  }
  lastValues = { index, applied: appliedOf, idAt, run: run.bytes(), nums: nums.values(), starts: starts0, ends: stateEnds, strings: numbers, shapes }
  lastReused = reused
  const column = (a: Int32Array | Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)
  // Each chunk: its float64, where each of its cases starts (run, float64, from the chunk's
  // start), its run; deflated on its own.
  const runBytes = run.bytes()
  const numBytes = nums.bytes()
  const nChunks = Math.ceil(watched.length / CHUNK_CASES)
  const chunks = new Int32Array(nChunks * CHUNK_WIDTH)
  const stored: Buffer[] = []
  // Each chunk laid out in one buffer reused from chunk to chunk (a Buffer.concat per chunk made
  // 49 MB of buffers at 340,000 cases), starting its own memory so the offsets are written in place.
  let scratch = Buffer.from(new ArrayBuffer(1 << 16))
  for (let c = 0; c < nChunks; c++) {
    const first = c * CHUNK_CASES
    const end = Math.min(watched.length, first + CHUNK_CASES)
    const p0 = starts0[first * 2]!
    const q0 = starts0[first * 2 + 1]!
    const p1 = starts0[end * 2]!
    const q1 = starts0[end * 2 + 1]!
    const numsEnd = (q1 - q0) * 8
    const size = numsEnd + (end - first) * 8 + (p1 - p0)
    if (size > scratch.length) scratch = Buffer.from(new ArrayBuffer(Math.max(size, scratch.length * 2)))
    numBytes.copy(scratch, 0, q0 * 8, q1 * 8)
    const offsets = new Int32Array(scratch.buffer, numsEnd, (end - first) * 2)
    for (let i = first; i < end; i++) {
      offsets[(i - first) * 2] = starts0[i * 2]! - p0
      offsets[(i - first) * 2 + 1] = starts0[i * 2 + 1]! - q0
    }
    runBytes.copy(scratch, numsEnd + (end - first) * 8, p0, p1)
    const raw = scratch.subarray(0, size)
    const small = deflateRawSync(raw, CHUNK_DEFLATE)
    // A chunk deflating to no fewer bytes is stored as it is: copied out of the reused buffer.
    const keep = small.length < raw.length ? small : Buffer.from(raw)
    stored.push(keep)
    chunks[c * CHUNK_WIDTH] = keep.length
    chunks[c * CHUNK_WIDTH + 1] = q1 - q0
    chunks[c * CHUNK_WIDTH + 2] = p1 - p0
  }
  // The head, read by every restore: the float64 column first (read in place from the inflated
  // head), then the int32 ones, the strings and the JSON.
  const headRaw = Buffer.concat([column(looks), column(idAt), column(byLook), column(byId), column(starts), column(chunks), text.subarray(0, size), table])
  const headSmall = deflateRawSync(headRaw, { level: LEVEL })
  const head = headSmall.length < headRaw.length ? headSmall : headRaw
  const lead = Buffer.alloc(LEAD_BYTES)
  lead.writeUInt32LE(watched.length, 0)
  lead.writeUInt32LE(nChunks, 4)
  lead.writeUInt32LE(list.length, 8)
  lead.writeUInt32LE(size, 12)
  lead.writeUInt32LE(table.length, 16)
  lead.writeUInt32LE(headRaw.length, 20)
  lead.writeUInt32LE(head.length, 24)
  lead.writeUInt32LE(CHUNK_CASES, 28)
  return Buffer.concat([lead, head, ...stored])
}

/**
 * What the last encode wrote of each case's state, to be copied by the next for a state it meets
 * again: the snapshot thread's Replayer replaces a case's state object when the case changes and
 * never changes one in place (reduceCase makes a new one), so a state object the last encode
 * walked has the same values, and its bytes differ only by the string and shape indexes, which
 * are this encode's (the strings' table is in the order they are first met). At 340,000 cases,
 * 20,000 events after the last snapshot, most states are the same objects, and the walk of every
 * value was 0.9–1.8 s of an encode. Held between two encodes: the last run and float64 (at most
 * twice their length: the writers' memory), 20 bytes and a reference (its `applied`) per case, 4
 * per string of its table, its shapes and a WeakMap of its states (which never keeps a state
 * alive): all sized by the last encode alone, dropped by the next (58.5 MB at 340,000 cases).
 */
interface LastValues {
  /** Each state walked by the last encode, by object: its case's place there. */
  index: WeakMap<object, number>
  /** Each case's list of what it counted, by place (copied with its state when it is the same list). */
  applied: readonly unknown[]
  run: Uint8Array
  nums: Float64Array
  /** Per case (two int32): where its values start in the run and the float64 (its state's first). */
  starts: Int32Array
  /** Per case (two int32): where its state's values end in the run and the float64 (its `applied` after). */
  ends: Int32Array
  /** Each case's id, by its index in that encode's table. */
  idAt: Int32Array
  /** Each string of that encode's table (by index) by its number in `interned`; the shapes of that encode, by index. */
  strings: Int32Array
  shapes: readonly string[][]
}

let lastValues: LastValues | null = null

/**
 * Every string the encoder has met, each with a number that stays from one encode to the next: a
 * string of a copied state is found by its number (an array), not looked up in a map, and only
 * the strings of the states walked again are (a map of 700,000 strings built per encode was
 * 0.4 s of an encode). Started again from the last encode's strings when it holds more than
 * twice as many as that encode's table (ids of resolved cases): held between two encodes, at most
 * twice the strings of the last encode and those met since.
 */
let interned: { ids: Map<string, number>; strings: string[] } = { ids: new Map(), strings: [] }
/** Cases whose state the last encode copied rather than walked (tests, benches). */
let lastReused = 0

/** What the encoder holds from its last encode (tests, benches): its cases, how many of them it copied from the one before, the bytes of its columns, its strings, the strings met and kept numbered. */
export function lastEncodeHeld(): { cases: number; reused: number; bytes: number; strings: number; interned: number } {
  const v = lastValues
  if (!v) return { cases: 0, reused: 0, bytes: 0, strings: 0, interned: interned.strings.length }
  const bytes = v.run.buffer.byteLength + v.nums.buffer.byteLength + v.starts.byteLength + v.ends.byteLength + v.idAt.byteLength + v.strings.byteLength
  return { cases: v.starts.length / 2 - 1, reused: lastReused, bytes, strings: v.strings.length, interned: interned.strings.length }
}

/**
 * The ids' order of the last encode whose ids order by their code units (the snapshot thread
 * encodes one snapshot every YIPING_SNAPSHOT_EVERY events, its cases mostly the last one's): the
 * next encode keeps it for the ids still there and merges in the new ones, sorted alone, rather
 * than sorting every id again (340,000 ids: 400–550 ms of a snapshot's encode).
 */
let lastOrder: string[] = []

/**
 * The cases in the order of their ids by code units (as `<` compares strings), from the last
 * encode's order: its ids still among `ids`, in their order, merged with the others sorted.
 * Null when two cases share an id (the full sort then breaks the tie by their places).
 */
function idsInOrder(ids: readonly string[], idAt: Int32Array, nStrings: number, indexOf: (s: string) => number | undefined): Int32Array | null {
  // Each case by its id's string index (ids are strings of the table).
  const caseOf = new Int32Array(nStrings).fill(-1)
  for (let i = 0; i < ids.length; i++) {
    if (caseOf[idAt[i]!] !== -1) return null
    caseOf[idAt[i]!] = i
  }
  const kept = new Int32Array(ids.length)
  const had = new Uint8Array(ids.length)
  let k = 0
  for (const id of lastOrder) {
    const s = indexOf(id)
    if (s === undefined) continue
    const i = caseOf[s]!
    // A string of the table that is no case's id (a title, say) is -1.
    if (i < 0 || had[i]) continue
    had[i] = 1
    kept[k++] = i
  }
  const added = new Int32Array(ids.length - k)
  let a = 0
  for (let i = 0; i < ids.length; i++) if (!had[i]) added[a++] = i
  added.sort((x, y) => (ids[x]! < ids[y]! ? -1 : ids[x]! > ids[y]! ? 1 : x - y))
  const out = new Int32Array(ids.length)
  let i = 0
  let j = 0
  let n = 0
  while (i < k && j < a) out[n++] = ids[kept[i]!]! < ids[added[j]!]! ? kept[i++]! : added[j++]!
  while (i < k) out[n++] = kept[i++]!
  while (j < a) out[n++] = added[j++]!
  return out
}

/**
 * String `i` of a table (its UTF-8 in `text` from `starts[i]` to `starts[i + 1]`) against the
 * bytes `other[from, to)`, as Buffer.compare would order them (a native call per comparison cost
 * more than the loop over a few dozen bytes).
 */
function compareBytes(text: Uint8Array, starts: Int32Array, i: number, other: Uint8Array, from = 0, to = other.length): number {
  const a0 = starts[i]!
  const n = starts[i + 1]! - a0
  const m = to - from
  const k = n < m ? n : m
  for (let j = 0; j < k; j++) {
    const d = text[a0 + j]! - other[from + j]!
    if (d !== 0) return d
  }
  return n - m
}

/** compareBytes against an ASCII string (its char codes are its bytes), apart so that each loop sees one kind. */
function compareAscii(text: Uint8Array, starts: Int32Array, i: number, other: string): number {
  const a0 = starts[i]!
  const n = starts[i + 1]! - a0
  const m = other.length
  const k = n < m ? n : m
  for (let j = 0; j < k; j++) {
    const d = text[a0 + j]! - other.charCodeAt(j)
    if (d !== 0) return d
  }
  return n - m
}

/**
 * An object of one shape read value by value: an object literal made once per shape, so each
 * object is built with its final layout (added key by key, 12,000 states of 25 keys cost more than
 * JSON.parse of their text), its values read straight into it in key order (a literal's values are
 * evaluated left to right) rather than gathered in a list first: 133,000 open cases of a live
 * feed's snapshot decoded in about 750 ms with a list per object, most of it garbage. Keys are
 * written as JSON string literals; `__proto__` (which a literal would take as the prototype) is
 * set as an own property, as JSON.parse does.
 */
function readerOf(keys: readonly string[], value: () => unknown): () => Record<string, unknown> {
  if (keys.includes('__proto__'))
    return () => {
      const o: Record<string, unknown> = {}
      for (const k of keys) Object.defineProperty(o, k, { value: value(), enumerable: true, writable: true, configurable: true })
      return o
    }
  return new Function('value', `return () => ({${keys.map((k) => `${JSON.stringify(k)}: value()`).join(', ')}})`)(value) as () => Record<string, unknown>
}

const fail = (why: string): never => {
  throw new Error(`snapshot: the unresolved cases ${why}`)
}

/** A chunk of cases' values inflated: its float64, where each case starts in them and in the run, its run. */
interface Chunk {
  nums: Float64Array
  offsets: Int32Array
  run: Uint8Array
}

/** `n` values of `bytes` from `from`, in place where the memory is aligned for them, else copied aligned. */
function column<T extends Int32Array | Float64Array>(
  Kind: { new (b: ArrayBuffer, at: number, n: number): T; new (n: number): T; BYTES_PER_ELEMENT: number },
  bytes: Buffer,
  from: number,
  n: number,
): T {
  const at = bytes.byteOffset + from
  if (at % Kind.BYTES_PER_ELEMENT === 0) return new Kind(bytes.buffer as ArrayBuffer, at, n)
  const into = new Kind(n)
  new Uint8Array(into.buffer).set(bytes.subarray(from, from + n * Kind.BYTES_PER_ELEMENT))
  return into
}

/**
 * A snapshot's unresolved cases kept encoded, each decoded when asked for (Aggregator.restore): a
 * cold replay at T needs the state of the cases its tail touches and of those whose clock changes
 * by T, a few thousand of 133,000 on a live feed's store, and decoding every one of them (objects,
 * boxed timestamps, their garbage) was most of a cold instant. Immutable: a case read twice is two
 * equal objects (a kept snapshot restores again and again). Each case's values are checked to end
 * where the next case's begin.
 */
export class EncodedOpenCases {
  readonly count: number
  /** The instant the looks were computed at (null: written without them). */
  readonly at: number | null
  /** Each case's id (its string's index). */
  private readonly ids: Int32Array
  private readonly looks: Float64Array
  private readonly byLook: Int32Array
  private readonly byId: Int32Array
  /** Where each string's UTF-8 starts in the text, and the last one ends (stringCount + 1). */
  private readonly starts: Int32Array
  private readonly text: Buffer
  /** The strings made so far (a string is made from its bytes once, when first read). */
  private readonly strings: Array<string | undefined>
  private readonly readers: Array<() => Record<string, unknown>>
  private readonly perChunk: number
  /** Per chunk (CHUNK_WIDTH): bytes stored, float64, bytes of the run. */
  private readonly chunkTable: Int32Array
  /** Where each chunk's stored bytes start in the part (and the last ends). */
  private readonly chunkAt: number[]
  private readonly raw: Buffer
  /** The chunks inflated so far (a case read again reads its chunk in memory), until `releaseChunks`. */
  private chunks: Array<Chunk | undefined>
  /** The memory they are inflated into (rawInflater.ts). */
  private readonly slabs = new ChunkSlabs()
  /** How many times a chunk was inflated (tests: reading a case inflates its chunk only). */
  inflatedChunks = 0
  /** The chunk being read: its tags and whole numbers (VarintWriter), its float64. */
  private run: Uint8Array = new Uint8Array(0)
  private nums: Float64Array = new Float64Array(0)
  private p = 0
  private q = 0
  /** The ids' fences (fencesOfIds), made at the first search; the bytes all ids begin with, and where the first id's lie in the text. */
  private fences: Float64Array | null = null
  private stem = 0
  private stemAt = 0

  constructor(raw: Buffer) {
    if (raw.length < LEAD_BYTES) fail('are cut short')
    const count = raw.readUInt32LE(0)
    const nChunks = raw.readUInt32LE(4)
    const nStrings = raw.readUInt32LE(8)
    const textBytes = raw.readUInt32LE(12)
    const tableBytes = raw.readUInt32LE(16)
    const headRaw = raw.readUInt32LE(20)
    const headStored = raw.readUInt32LE(24)
    const perChunk = raw.readUInt32LE(28)
    if (!(perChunk > 0 && nChunks === Math.ceil(count / perChunk))) fail('hold another number of chunks')
    if (!(headStored <= headRaw && LEAD_BYTES + headStored <= raw.length)) fail('are cut short')
    const storedHead = raw.subarray(LEAD_BYTES, LEAD_BYTES + headStored)
    const head = headStored === headRaw ? storedHead : inflateRawSync(storedHead, { chunkSize: Math.max(64, headRaw + 1) })
    if (head.length !== headRaw) fail('inflate to another size')
    const looksAt = 0
    const idsAt = looksAt + (count + 1) * 8
    const byLookAt = idsAt + count * 4
    const byIdAt = byLookAt + count * 4
    const startsAt = byIdAt + count * 4
    const chunksAt = startsAt + (nStrings + 1) * 4
    const textAt = chunksAt + nChunks * CHUNK_WIDTH * 4
    const tableAt = textAt + textBytes
    if (tableAt + tableBytes !== head.length) fail('do not end where their head does')
    /**
     * The columns read in place where the head's memory lets them (an inflated head starts its
     * own buffer, the float64 first), else copied aligned (a Buffer may start at any offset of its
     * memory). Nothing writes to the head afterwards: the views stay as immutable as copies.
     */
    this.count = count
    this.looks = column(Float64Array, head, looksAt, count + 1)
    this.ids = column(Int32Array, head, idsAt, count)
    this.byLook = column(Int32Array, head, byLookAt, count)
    this.byId = column(Int32Array, head, byIdAt, count)
    this.starts = column(Int32Array, head, startsAt, nStrings + 1)
    this.chunkTable = column(Int32Array, head, chunksAt, nChunks * CHUNK_WIDTH)
    this.text = head.subarray(textAt, tableAt)
    this.at = Number.isNaN(this.looks[0]!) ? null : this.looks[0]!
    this.perChunk = perChunk
    this.raw = raw
    this.chunks = new Array<Chunk | undefined>(nChunks)
    this.chunkAt = new Array<number>(nChunks + 1)
    let at = LEAD_BYTES + headStored
    for (let c = 0; c < nChunks; c++) {
      this.chunkAt[c] = at
      const bytes = this.chunkTable[c * CHUNK_WIDTH]!
      if (!(bytes >= 0)) fail('hold a chunk of impossible size')
      at += bytes
    }
    this.chunkAt[nChunks] = at
    if (at !== raw.length) fail('do not end where their part does')
    // Each string within the text, none before the one it follows (a pass over int32, no string made).
    const { starts } = this
    if (starts[0] !== 0 || starts[nStrings] !== textBytes) fail('hold strings outside their text')
    for (let i = 0; i < nStrings; i++) if (!(starts[i]! <= starts[i + 1]!)) fail('hold strings outside their text')
    const table = JSON.parse(head.subarray(tableAt).toString('utf8')) as { shapes: string[][]; exact: Array<[number, string]> }
    this.strings = new Array<string | undefined>(nStrings)
    for (const [i, s] of table.exact) {
      if (!(i >= 0 && i < nStrings)) fail('name a string out of range')
      this.strings[i] = s
    }
    const value = () => this.value()
    this.readers = table.shapes.map((keys) => readerOf(keys, value))
  }

  /** Chunk `c`, inflated the first time one of its cases is read (since the last `releaseChunks`). */
  private chunk(c: number): Chunk {
    const had = this.chunks[c]
    if (had) return had
    const nNums = this.chunkTable[c * CHUNK_WIDTH + 1]!
    const nRun = this.chunkTable[c * CHUNK_WIDTH + 2]!
    const cases = Math.min(this.count, (c + 1) * this.perChunk) - c * this.perChunk
    if (!(nNums >= 0 && nRun >= 0)) fail('hold a chunk of impossible size')
    const size = nNums * 8 + cases * 8 + nRun
    const stored = this.raw.subarray(this.chunkAt[c], this.chunkAt[c + 1])
    const raw = stored.length === size ? stored : this.slabs.inflate(stored, size)
    this.inflatedChunks++
    if (raw.length !== size) fail('inflate to another size')
    const offsets = column(Int32Array, raw, nNums * 8, cases * 2)
    if (offsets[0] !== 0 || offsets[1] !== 0) fail('leave values over')
    const out: Chunk = { nums: column(Float64Array, raw, 0, nNums), offsets, run: raw.subarray(nNums * 8 + cases * 8) }
    this.chunks[c] = out
    return out
  }

  /** String `i` of the table, made from its UTF-8 the first time it is read. */
  private string(i: number): string {
    const s = this.strings[i]
    if (s !== undefined) return s
    if (!(i >= 0 && i < this.strings.length)) fail('name a string out of range')
    return (this.strings[i] = this.text.toString('utf8', this.starts[i]!, this.starts[i + 1]!))
  }

  /** Case `i`'s id, without decoding it. */
  id(i: number): string {
    return this.string(this.ids[i]!)
  }

  /** When a restore at `at` must first look at case `i` (restoreSchedule.ts; null: never). */
  look(i: number): number | null {
    const t = this.looks[i + 1]!
    return t === NEVER ? null : t
  }

  /** The case with the `k`-th earliest look (ties in the cases' order; never-looked cases last). */
  byLookAt(k: number): number {
    const i = this.byLook[k]
    return i !== undefined && i >= 0 && i < this.count ? i : fail('hold an order out of range')
  }

  /**
   * The place of the case with this id (-1: none), by a binary search of the ids' order comparing
   * UTF-8 bytes: no string is made for the 17 or so ids it passes. Ids of equal bytes (one with a
   * lone surrogate, as UTF-8 writes it) lie side by side; the one that is this id is taken.
   */
  find(id: string): number {
    // An ASCII id (as most are) is its own bytes: compared by its char codes, no buffer made for it.
    const key = ASCII.test(id) ? null : Buffer.from(id, 'utf8')
    let lo = 0
    let hi = this.count
    if (this.count >= FENCES_FROM) {
      const fences = (this.fences ??= this.fencesOfIds())
      const k = this.fenceKey(id, key)
      if (k >= 0) {
        // The ids at fences below the id's number lie before it, those at fences above it after it.
        let a = 0
        let b = fences.length
        while (a < b) {
          const m = (a + b) >>> 1
          if (fences[m]! < k) a = m + 1
          else b = m
        }
        let c = a
        b = fences.length
        while (c < b) {
          const m = (c + b) >>> 1
          if (fences[m]! <= k) c = m + 1
          else b = m
        }
        if (a > 0) lo = (a - 1) * FENCE_EVERY + 1
        if (c < fences.length) hi = c * FENCE_EVERY
      }
    }
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.compareId(mid, id, key) < 0) lo = mid + 1
      else hi = mid
    }
    for (let k = lo; k < this.count && this.compareId(k, id, key) === 0; k++) if (this.id(this.byId[k]!) === id) return this.byId[k]!
    return -1
  }

  /**
   * Every FENCE_EVERY-th id of the ids' order as a number: its FENCE_BYTES bytes after the stem
   * all ids share, big-endian, zeros past its end. Ids in order give numbers in order (a number
   * below another's is an id before it), so a search first narrows to the ids between two fences
   * in this small array, and only its last few steps read the order, the index and the text:
   * a replay's tail searches ids spread over all of them, where each step was a few cache misses.
   */
  private fencesOfIds(): Float64Array {
    const { byId, ids, starts, text } = this
    const first = ids[byId[0]!]!
    const last = ids[byId[this.count - 1]!]!
    if (!(first >= 0 && first < this.strings.length && last >= 0 && last < this.strings.length)) fail('name a string out of range')
    let stem = 0
    const n = Math.min(starts[first + 1]! - starts[first]!, starts[last + 1]! - starts[last]!)
    while (stem < n && text[starts[first]! + stem] === text[starts[last]! + stem]) stem++
    this.stem = stem
    this.stemAt = starts[first]!
    const fences = new Float64Array(Math.ceil(this.count / FENCE_EVERY))
    for (let f = 0; f < fences.length; f++) {
      const s = ids[byId[f * FENCE_EVERY]!]!
      if (!(s >= 0 && s < this.strings.length)) fail('name a string out of range')
      const from = starts[s]! + stem
      const end = starts[s + 1]!
      let k = 0
      for (let j = 0; j < FENCE_BYTES; j++) k = k * 256 + (from + j < end ? text[from + j]! : 0)
      fences[f] = k
    }
    return fences
  }

  /** An id's number as fencesOfIds makes them (its UTF-8 in `key` unless it is ASCII), or -1 when it does not begin with the stem. */
  private fenceKey(id: string, key: Buffer | null): number {
    const { stem, text, stemAt } = this
    const n = key === null ? id.length : key.length
    if (n < stem) return -1
    for (let j = 0; j < stem; j++) if ((key === null ? id.charCodeAt(j) : key[j]!) !== text[stemAt + j]) return -1
    let k = 0
    for (let j = stem; j < stem + FENCE_BYTES; j++) k = k * 256 + (j >= n ? 0 : key === null ? id.charCodeAt(j) : key[j]!)
    return k
  }

  /** The `k`-th id of the ids' order against `id` (its UTF-8 in `key` unless it is ASCII), by bytes. */
  private compareId(k: number, id: string, key: Buffer | null): number {
    const s = this.ids[this.byId[k]!]!
    if (!(s >= 0 && s < this.strings.length)) fail('name a string out of range')
    return key === null ? compareAscii(this.text, this.starts, s, id) : compareBytes(this.text, this.starts, s, key)
  }

  /**
   * Forget the chunks inflated so far and give their memory back for the next snapshot's (a
   * replay, once it has built its instant: the next read of a case inflates its chunk again). Reads
   * give the same cases before and after.
   */
  releaseChunks(): void {
    this.chunks = new Array<Chunk | undefined>(this.chunks.length)
    this.run = new Uint8Array(0)
    this.nums = new Float64Array(0)
    this.slabs.release()
  }

  /** Case `i` decoded (a fresh object each time). */
  read(i: number): Watched[number] {
    if (!(i >= 0 && i < this.count)) fail('hold no such case')
    const c = Math.floor(i / this.perChunk)
    const { nums, offsets, run } = this.chunk(c)
    const j = i - c * this.perChunk
    this.run = run
    this.nums = nums
    this.p = offsets[j * 2]!
    this.q = offsets[j * 2 + 1]!
    const state = this.value()
    const applied = this.value()
    if (state === null || typeof state !== 'object' || !Array.isArray(applied)) fail('are not states with what they counted')
    const last = j * 2 + 2 === offsets.length
    const endP = last ? run.length : offsets[j * 2 + 2]!
    const endQ = last ? nums.length : offsets[j * 2 + 3]!
    if (this.p !== endP || this.q !== endQ) fail('leave values over')
    if ((state as CaseState).id !== this.id(i)) fail('hold an id other than their index')
    return { state: state as CaseState, applied: applied as number[] }
  }

  /** Every case decoded, in their order. */
  all(): Watched {
    const out: Watched = new Array(this.count)
    for (let i = 0; i < this.count; i++) out[i] = this.read(i)
    return out
  }

  /** A whole number of the run (VarintWriter): at most five bytes, below 2^32. */
  private uint(): number {
    const { run } = this
    let v = 0
    for (let shift = 0; shift < 35; shift += 7) {
      if (this.p >= run.length) fail('end early')
      const b = run[this.p++]!
      v += (b & 0x7f) * 2 ** shift
      if (b < 0x80) return v
    }
    return fail('hold a number too long')
  }

  private value(): unknown {
    const { run, nums } = this
    if (this.p >= run.length) fail('end early')
    const tag = run[this.p++]
    switch (tag) {
      case NULL:
        return null
      case FALSE:
        return false
      case TRUE:
        return true
      case NUMBER:
        if (this.q >= nums.length) fail('end early')
        return nums[this.q++]
      case STRING:
        return this.string(this.uint())
      case OBJECT: {
        const read = this.readers[this.uint()] ?? fail('name a shape out of range')
        return read()
      }
      case ARRAY: {
        const n = this.uint()
        if (!(n >= 0 && n <= run.length)) fail('hold a list of impossible length')
        const v = new Array<unknown>(n)
        for (let i = 0; i < n; i++) v[i] = this.value()
        return v
      }
      default:
        return fail('hold an unknown tag')
    }
  }
}

export function decodeOpenCases(raw: Buffer): Watched {
  return new EncodedOpenCases(raw).all()
}
