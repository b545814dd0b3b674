import type { AggregatorDump } from '../aggregate/aggregator'
import { nextLookAfterRestore } from '../aggregate/restoreSchedule'
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
 * The lead of the raw part, uint32 each: count, bytes of the tags' run, float64 written, strings,
 * bytes of the strings' UTF-8, bytes of the JSON after them (shapes, and strings UTF-8 cannot hold).
 */
const LEAD_BYTES = 24

/** int32 per case in the index: its first byte of the run, its first float64, its id's string. */
const INDEX_WIDTH = 3

/** A string whose char codes are its UTF-8 bytes. */
const ASCII = /^[\x00-\x7f]*$/

/** A surrogate without its pair: a string UTF-8 cannot hold (JSON can). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

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
}

/**
 * A snapshot's unresolved cases (each state with what it counted) in binary rather than JSON: a
 * cold replay restores every one of them (the clock at T moves each), and JSON.parse of their
 * text (two thirds of the old header, 6.7 MB at 300,000 cases) was the larger part of decoding a
 * snapshot. Each object's keys, in their order, are a shape (a handful of them: a state's, its
 * stageAt's, its theme's); each value a tag, numbers as float64, strings (ids, regions, titles,
 * stages) by their index in one table. It gives back exactly what JSON gave: the same keys in the
 * same order, undefined values left out (null in a list), -0 as 0 and a non-finite number as null.
 */
export function encodeOpenCases(watched: Watched, at?: number): Buffer {
  const run = new VarintWriter()
  const nums = new Float64Writer()
  const strings = new Map<string, number>()
  // Shapes found by walking their keys from the root (no string made per object: 12,000 states of
  // 25 keys each, with their stageAt and theme, made a JSON text of keys per object before).
  const shapes: string[][] = []
  const root: ShapeNode = { next: new Map(), shape: -1 }
  const stringOf = (s: string) => {
    let i = strings.get(s)
    if (i === undefined) strings.set(s, (i = strings.size))
    return i
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
  // Per case: where its values start (int32, float64) and its id; then when a restore at `at` must first look at it.
  const index = new Int32Array(watched.length * INDEX_WIDTH)
  const looks = new Float64Array(watched.length + 1)
  looks[0] = at ?? Number.NaN
  watched.forEach((w, i) => {
    index[i * INDEX_WIDTH] = run.length
    index[i * INDEX_WIDTH + 1] = nums.length
    index[i * INDEX_WIDTH + 2] = stringOf(w.state.id)
    value(w.state)
    value(w.applied)
    looks[i + 1] = at === undefined ? Number.NaN : (nextLookAfterRestore(w.state, w.applied, at) ?? NEVER)
  })
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
  const list = [...strings.keys()]
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
  const byId = order()
  if (unitsOrderBytes) byId.sort((a, b) => (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : a - b))
  else {
    const idAt = watched.map((w) => strings.get(w.state.id)!)
    byId.sort((a, b) => compareBytes(text, starts, idAt[a]!, text, starts[idAt[b]!]!, starts[idAt[b]! + 1]!) || a - b)
  }
  const table = Buffer.from(JSON.stringify({ shapes, exact }), 'utf8')
  const lead = Buffer.alloc(LEAD_BYTES)
  lead.writeUInt32LE(watched.length, 0)
  lead.writeUInt32LE(run.length, 4)
  lead.writeUInt32LE(nums.length, 8)
  lead.writeUInt32LE(list.length, 12)
  lead.writeUInt32LE(size, 16)
  lead.writeUInt32LE(table.length, 20)
  // The float64 columns first, on a multiple of 8 from the part's start, then the int32 ones (each
  // read in place from an inflated part).
  const pad = Buffer.alloc((8 - ((LEAD_BYTES + run.length) % 8)) % 8)
  const column = (a: Int32Array | Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)
  return Buffer.concat([lead, run.bytes(), pad, nums.bytes(), column(looks), column(index), column(byLook), column(byId), column(starts), text.subarray(0, size), table])
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
  /** The tags and whole numbers (VarintWriter). */
  private readonly run: Uint8Array
  private readonly nums: Float64Array
  private readonly index: Int32Array
  private readonly looks: Float64Array
  private readonly byLook: Int32Array
  private readonly byId: Int32Array
  /** Where each string's UTF-8 starts in the part, and the last one ends (stringCount + 1). */
  private readonly starts: Int32Array
  private readonly text: Buffer
  /** The strings made so far (a string is made from its bytes once, when first read). */
  private readonly strings: Array<string | undefined>
  private readonly readers: Array<() => Record<string, unknown>>
  private p = 0
  private q = 0

  constructor(raw: Buffer) {
    if (raw.length < LEAD_BYTES) fail('are cut short')
    const count = raw.readUInt32LE(0)
    const nRun = raw.readUInt32LE(4)
    const nNums = raw.readUInt32LE(8)
    const nStrings = raw.readUInt32LE(12)
    const textBytes = raw.readUInt32LE(16)
    const tableBytes = raw.readUInt32LE(20)
    const runAt = LEAD_BYTES
    const numsAt = runAt + nRun + ((8 - ((LEAD_BYTES + nRun) % 8)) % 8)
    const looksAt = numsAt + nNums * 8
    const indexAt = looksAt + (count + 1) * 8
    const byLookAt = indexAt + count * INDEX_WIDTH * 4
    const byIdAt = byLookAt + count * 4
    const startsAt = byIdAt + count * 4
    const textAt = startsAt + (nStrings + 1) * 4
    const tableAt = textAt + textBytes
    if (tableAt + tableBytes !== raw.length) fail('do not end where their part does')
    /**
     * The columns read in place where the part's memory lets them (an inflated part starts its own
     * buffer, and the float64 are laid out on a multiple of 8 from the part's start), else copied
     * aligned (a Buffer may start at any offset of its memory). Copying the 38 MB of int32 and
     * float64 of 148,000 cases cost 20–170 ms CPU per cold restore (fresh memory), as much again
     * of garbage. Nothing writes to the part afterwards: the views stay as immutable as copies.
     */
    const column = <T extends Int32Array | Float64Array>(Kind: { new (b: ArrayBuffer, at: number, n: number): T; new (n: number): T; BYTES_PER_ELEMENT: number }, from: number, n: number): T => {
      const at = raw.byteOffset + from
      if (at % Kind.BYTES_PER_ELEMENT === 0) return new Kind(raw.buffer as ArrayBuffer, at, n)
      const into = new Kind(n)
      new Uint8Array(into.buffer).set(raw.subarray(from, from + n * Kind.BYTES_PER_ELEMENT))
      return into
    }
    this.count = count
    this.run = new Uint8Array(raw.buffer, raw.byteOffset + runAt, nRun)
    this.nums = column(Float64Array, numsAt, nNums)
    this.looks = column(Float64Array, looksAt, count + 1)
    this.index = column(Int32Array, indexAt, count * INDEX_WIDTH)
    this.byLook = column(Int32Array, byLookAt, count)
    this.byId = column(Int32Array, byIdAt, count)
    this.starts = column(Int32Array, startsAt, nStrings + 1)
    this.text = raw.subarray(textAt, tableAt)
    this.at = Number.isNaN(this.looks[0]!) ? null : this.looks[0]!
    if (count > 0 ? this.index[0] !== 0 || this.index[1] !== 0 : nRun + nNums !== 0) fail('leave values over')
    // Each string within the text, none before the one it follows (a pass over int32, no string made).
    const { starts } = this
    if (starts[0] !== 0 || starts[nStrings] !== textBytes) fail('hold strings outside their text')
    for (let i = 0; i < nStrings; i++) if (!(starts[i]! <= starts[i + 1]!)) fail('hold strings outside their text')
    const table = JSON.parse(raw.subarray(tableAt).toString('utf8')) as { shapes: string[][]; exact: Array<[number, string]> }
    this.strings = new Array<string | undefined>(nStrings)
    for (const [i, s] of table.exact) {
      if (!(i >= 0 && i < nStrings)) fail('name a string out of range')
      this.strings[i] = s
    }
    const value = () => this.value()
    this.readers = table.shapes.map((keys) => readerOf(keys, value))
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
    return this.string(this.index[i * INDEX_WIDTH + 2]!)
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
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.compareId(mid, id, key) < 0) lo = mid + 1
      else hi = mid
    }
    for (let k = lo; k < this.count && this.compareId(k, id, key) === 0; k++) if (this.id(this.byId[k]!) === id) return this.byId[k]!
    return -1
  }

  /** The `k`-th id of the ids' order against `id` (its UTF-8 in `key` unless it is ASCII), by bytes. */
  private compareId(k: number, id: string, key: Buffer | null): number {
    const s = this.index[this.byId[k]! * INDEX_WIDTH + 2]!
    if (!(s >= 0 && s < this.strings.length)) fail('name a string out of range')
    return key === null ? compareAscii(this.text, this.starts, s, id) : compareBytes(this.text, this.starts, s, key)
  }

  /** Case `i` decoded (a fresh object each time). */
  read(i: number): Watched[number] {
    this.p = this.index[i * INDEX_WIDTH]!
    this.q = this.index[i * INDEX_WIDTH + 1]!
    const state = this.value()
    const applied = this.value()
    if (state === null || typeof state !== 'object' || !Array.isArray(applied)) fail('are not states with what they counted')
    const last = i + 1 === this.count
    const endP = last ? this.run.length : this.index[(i + 1) * INDEX_WIDTH]!
    const endQ = last ? this.nums.length : this.index[(i + 1) * INDEX_WIDTH + 1]!
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
