import type { AggregatorDump } from '../aggregate/aggregator'
import { Int32Writer } from './int32Stream'

type Watched = AggregatorDump['watched']

/** How a value is stored: its tag in the int32 run, then (number, string, object, array) what follows. */
const NULL = 0
const FALSE = 1
const TRUE = 2
const NUMBER = 3
const STRING = 4
/** Then its shape's index, then each value. */
const OBJECT = 5
/** Then its length, then each value. */
const ARRAY = 6

/** The lead of the raw part: count, int32 written, float64 written, bytes of the table's JSON. */
const LEAD_BYTES = 16

/** A shape's place in the encoder's tree of keys: the keys so far lead here; `shape` once an object ended here (-1 before). */
interface ShapeNode {
  next: Map<string, ShapeNode>
  shape: number
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
export function encodeOpenCases(watched: Watched): Buffer {
  const ints = new Int32Writer()
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
    if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) ints.push(NULL)
    else if (v === false) ints.push(FALSE)
    else if (v === true) ints.push(TRUE)
    else if (typeof v === 'number') {
      ints.push(NUMBER)
      nums.push(v === 0 ? 0 : v)
    } else if (typeof v === 'string') {
      ints.push(STRING)
      ints.push(stringOf(v))
    } else if (Array.isArray(v)) {
      ints.push(ARRAY)
      ints.push(v.length)
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
      ints.push(OBJECT)
      ints.push(node.shape)
      for (const k of keys) {
        const x = o[k]
        if (x !== undefined && typeof x !== 'function') value(x)
      }
    } else ints.push(NULL)
  }
  for (const w of watched) {
    value(w.state)
    value(w.applied)
  }
  const table = Buffer.from(JSON.stringify({ strings: [...strings.keys()], shapes }), 'utf8')
  const lead = Buffer.alloc(LEAD_BYTES)
  lead.writeUInt32LE(watched.length, 0)
  lead.writeUInt32LE(ints.length, 4)
  lead.writeUInt32LE(nums.length, 8)
  lead.writeUInt32LE(table.length, 12)
  // float64 start on a multiple of 8 from the part's start (the decoder copies them to an aligned array anyway).
  const pad = Buffer.alloc((LEAD_BYTES + ints.length * 4) % 8)
  return Buffer.concat([lead, ints.bytes(), pad, nums.bytes(), table])
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

export function decodeOpenCases(raw: Buffer): Watched {
  const fail = (why: string): never => {
    throw new Error(`snapshot: the unresolved cases ${why}`)
  }
  if (raw.length < LEAD_BYTES) fail('are cut short')
  const count = raw.readUInt32LE(0)
  const nInts = raw.readUInt32LE(4)
  const nNums = raw.readUInt32LE(8)
  const tableBytes = raw.readUInt32LE(12)
  const intsAt = LEAD_BYTES
  const numsAt = intsAt + nInts * 4 + ((LEAD_BYTES + nInts * 4) % 8)
  const tableAt = numsAt + nNums * 8
  if (tableAt + tableBytes !== raw.length) fail('do not end where their part does')
  // Aligned copies (a Buffer may start at any offset of its memory).
  const ints = new Int32Array(nInts)
  new Uint8Array(ints.buffer).set(raw.subarray(intsAt, intsAt + nInts * 4))
  const nums = new Float64Array(nNums)
  new Uint8Array(nums.buffer).set(raw.subarray(numsAt, tableAt))
  const table = JSON.parse(raw.subarray(tableAt).toString('utf8')) as { strings: string[]; shapes: string[][] }
  const strings = table.strings
  let p = 0
  let q = 0
  const value = (): unknown => {
    if (p >= nInts) fail('end early')
    const tag = ints[p++]
    switch (tag) {
      case NULL:
        return null
      case FALSE:
        return false
      case TRUE:
        return true
      case NUMBER:
        if (q >= nNums) fail('end early')
        return nums[q++]
      case STRING: {
        const s = strings[ints[p++]!]
        return s === undefined ? fail('name a string out of range') : s
      }
      case OBJECT: {
        const read = readers[ints[p++]!] ?? fail('name a shape out of range')
        return read()
      }
      case ARRAY: {
        const n = ints[p++]!
        if (!(n >= 0 && n <= nInts)) fail('hold a list of impossible length')
        const v = new Array<unknown>(n)
        for (let i = 0; i < n; i++) v[i] = value()
        return v
      }
      default:
        return fail('hold an unknown tag')
    }
  }
  const readers = table.shapes.map((keys) => readerOf(keys, value))
  const out: Watched = new Array(count)
  for (let i = 0; i < count; i++) {
    const state = value()
    const applied = value()
    if (state === null || typeof state !== 'object' || !Array.isArray(applied)) fail('are not states with what they counted')
    out[i] = { state: state as Watched[number]['state'], applied: applied as number[] }
  }
  if (p !== nInts || q !== nNums) fail('leave values over')
  return out
}
