import type { AggregatorDump } from '../aggregate/aggregator'

type Watched = AggregatorDump['watched']

/** How a field's value is stored: its tag in the int32 run, then (number, string, JSON) its place. */
const NULL = 0
const FALSE = 1
const TRUE = 2
const NUMBER = 3
const STRING = 4
const JSON_TEXT = 5

/** The lead of the raw part: count, int32 written, float64 written, bytes of the table's JSON. */
const LEAD_BYTES = 16

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

class GrowingInt32 {
  private buf = new Int32Array(1 << 14)
  length = 0

  push(v: number): void {
    if (this.length === this.buf.length) {
      const next = new Int32Array(this.buf.length * 2)
      next.set(this.buf)
      this.buf = next
    }
    this.buf[this.length++] = v
  }

  bytes(): Buffer {
    return Buffer.from(this.buf.buffer, 0, this.length * 4)
  }
}

/**
 * A snapshot's unresolved cases (each state with what it counted) as columns rather than JSON: a
 * cold replay restores every one of them (the clock at T moves each), and JSON.parse of their
 * text (two thirds of the old header, 6.7 MB at 300,000 cases) was the larger part of decoding a
 * snapshot. Each state's keys, in their order, are a shape (a handful of them); each value a tag,
 * numbers as float64, strings (ids, regions, titles, stages) by their index in one table, and
 * nested objects (stageAt, units, theme) as their JSON text, parsed one by one. It gives back
 * exactly what JSON gave: the same keys in the same order, undefined values left out, -0 as 0 and
 * a non-finite number as null.
 */
export function encodeOpenCases(watched: Watched): Buffer {
  const ints = new GrowingInt32()
  const nums = new Float64Writer()
  const strings = new Map<string, number>()
  const shapes = new Map<string, number>()
  const stringOf = (s: string) => {
    let i = strings.get(s)
    if (i === undefined) strings.set(s, (i = strings.size))
    return i
  }
  for (const w of watched) {
    const state = w.state as unknown as Record<string, unknown>
    const keys = Object.keys(state).filter((k) => state[k] !== undefined)
    const shapeKey = keys.join('\u0000')
    let shape = shapes.get(shapeKey)
    if (shape === undefined) shapes.set(shapeKey, (shape = shapes.size))
    ints.push(shape)
    for (const k of keys) {
      const v = state[k]
      if (v === null || (typeof v === 'number' && !Number.isFinite(v))) ints.push(NULL)
      else if (v === false) ints.push(FALSE)
      else if (v === true) ints.push(TRUE)
      else if (typeof v === 'number') {
        ints.push(NUMBER)
        nums.push(v === 0 ? 0 : v)
      } else if (typeof v === 'string') {
        ints.push(STRING)
        ints.push(stringOf(v))
      } else {
        ints.push(JSON_TEXT)
        ints.push(stringOf(JSON.stringify(v)))
      }
    }
    ints.push(w.applied.length)
    for (const a of w.applied) nums.push(Number.isFinite(a) ? (a === 0 ? 0 : a) : NaN)
  }
  const table = Buffer.from(JSON.stringify({ strings: [...strings.keys()], shapes: [...shapes.keys()].map((s) => (s === '' ? [] : s.split('\u0000'))) }), 'utf8')
  const lead = Buffer.alloc(LEAD_BYTES)
  lead.writeUInt32LE(watched.length, 0)
  lead.writeUInt32LE(ints.length, 4)
  lead.writeUInt32LE(nums.length, 8)
  lead.writeUInt32LE(table.length, 12)
  // float64 start on a multiple of 8 from the part's start (the decoder copies them to an aligned array anyway).
  const pad = Buffer.alloc((LEAD_BYTES + ints.length * 4) % 8)
  return Buffer.concat([lead, ints.bytes(), pad, nums.bytes(), table])
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
  let p = 0
  let q = 0
  const int = () => (p < nInts ? ints[p++]! : fail('end early'))
  const num = () => (q < nNums ? nums[q++]! : fail('end early'))
  const str = () => table.strings[int()] ?? fail('name a string out of range')
  const out: Watched = new Array(count)
  for (let i = 0; i < count; i++) {
    const shape = table.shapes[int()] ?? fail('name a shape out of range')
    const state: Record<string, unknown> = {}
    for (const k of shape) {
      const tag = int()
      if (tag === NULL) state[k] = null
      else if (tag === FALSE) state[k] = false
      else if (tag === TRUE) state[k] = true
      else if (tag === NUMBER) state[k] = num()
      else if (tag === STRING) state[k] = str()
      else if (tag === JSON_TEXT) state[k] = JSON.parse(str())
      else fail('hold an unknown tag')
    }
    const applied: number[] = new Array(int())
    for (let j = 0; j < applied.length; j++) {
      const a = num()
      applied[j] = Number.isNaN(a) ? (null as unknown as number) : a
    }
    out[i] = { state: state as unknown as Watched[number]['state'], applied }
  }
  if (p !== nInts || q !== nNums) fail('leave values over')
  return out
}
