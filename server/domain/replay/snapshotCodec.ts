import { promisify } from 'node:util'
import { gunzip, gzip } from 'node:zlib'
import { CASE_COUNTER_COUNT, CASE_COUNTERS, RISK_COUNTERS } from '../../../shared/summary/counters'
import type { AggregatorDump } from '../aggregate/aggregator'

const zip = promisify(gzip)
const unzip = promisify(gunzip)

/** The layout of this file's output; bump it when the dump's shape changes. */
const FORMAT = 2

/**
 * A snapshot's version: the format and the counters it was written with. A snapshot of another
 * version is ignored (and rebuilt from the log), never misread: adding a counter changes it.
 */
export const SNAPSHOT_VERSION = (() => {
  let h = FORMAT
  for (const ch of `${CASE_COUNTERS.join(',')}|${RISK_COUNTERS.join(',')}`) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0
  return h & 0x7fffffff
})()

type Header = {
  seq: number
  /** Per region: its code, how many days, categories by day; the days' counters are in the binary part. */
  cases: Array<[string, number, Array<[number, Array<[string, number]>]>]>
  activity: AggregatorDump['days']['activity']
  risks: Array<[string, number[]]>
  watched: AggregatorDump['watched']
}

/**
 * An aggregator's dump as stored, gzipped off the main thread (libuv's pool): a 4-byte length, a
 * JSON header (categories, activity, risk counts, unresolved cases), then the day counters as a
 * stream of little-endian int32, sparse (most counters of a day are zero): per region and day,
 * `day, k, (index, value) × k`. Parsing a large JSON of numbers was the slow part of a replay;
 * this reads in one pass over an Int32Array.
 */
export async function encodeSnapshot(d: AggregatorDump): Promise<Buffer> {
  const header: Header = {
    seq: d.seq,
    cases: d.days.cases.map(([code, b]) => [code, b.days.length, b.categories]),
    activity: d.days.activity,
    risks: d.risks.map(([code, r]) => [code, [...r]]),
    watched: d.watched,
  }
  let size = 0
  for (const [, b] of d.days.cases) {
    size += 2 * b.days.length
    for (const v of b.rows) if (v !== 0) size += 2
  }
  const stream = new Int32Array(size)
  let p = 0
  for (const [, b] of d.days.cases) {
    const w = b.days.length === 0 ? CASE_COUNTER_COUNT : b.rows.length / b.days.length
    for (let i = 0; i < b.days.length; i++) {
      stream[p++] = b.days[i]!
      const at = p++
      let k = 0
      for (let c = 0; c < w; c++) {
        const v = b.rows[i * w + c]!
        if (v === 0) continue
        stream[p++] = c
        stream[p++] = v
        k++
      }
      stream[at] = k
    }
  }
  const json = Buffer.from(JSON.stringify(header), 'utf8')
  const pad = (4 - ((4 + json.length) % 4)) % 4
  const lead = Buffer.alloc(4)
  lead.writeUInt32LE(json.length + pad, 0)
  const body = Buffer.concat([lead, json, Buffer.alloc(pad, 0x20), Buffer.from(stream.buffer, stream.byteOffset, stream.byteLength)])
  return zip(body, { level: 6 })
}

export async function decodeSnapshot(buf: Buffer): Promise<AggregatorDump> {
  const raw = await unzip(buf)
  const headerLength = raw.readUInt32LE(0)
  const header = JSON.parse(raw.subarray(4, 4 + headerLength).toString('utf8')) as Header
  const start = 4 + headerLength
  // An aligned copy of the counters (a Buffer may start at any offset of its memory).
  const stream = new Int32Array((raw.length - start) / 4)
  new Uint8Array(stream.buffer).set(raw.subarray(start))
  let p = 0
  const cases: AggregatorDump['days']['cases'] = header.cases.map(([code, n, categories]) => {
    const days = new Int32Array(n)
    const rows = new Int32Array(n * CASE_COUNTER_COUNT)
    for (let i = 0; i < n; i++) {
      days[i] = stream[p++]!
      const k = stream[p++]!
      for (let j = 0; j < k; j++) {
        const c = stream[p++]!
        rows[i * CASE_COUNTER_COUNT + c] = stream[p++]!
      }
    }
    return [code, { days, rows, categories }]
  })
  return { seq: header.seq, days: { cases, activity: header.activity }, risks: header.risks.map(([code, r]) => [code, Int32Array.from(r)]), watched: header.watched }
}
