import { promisify } from 'node:util'
import { gunzip, gzip } from 'node:zlib'
import { CASE_COUNTERS, RISK_COUNTERS } from '../../../shared/summary/counters'
import type { AggregatorDump } from '../aggregate/aggregator'

const zip = promisify(gzip)
const unzip = promisify(gunzip)

/** The layout of this file's output; bump it when the dump's shape changes. */
const FORMAT = 1

/**
 * A snapshot's version: the format and the counters it was written with. A snapshot of another
 * version is ignored (and rebuilt from the log), never misread: adding a counter changes it.
 */
export const SNAPSHOT_VERSION = (() => {
  let h = FORMAT
  for (const ch of `${CASE_COUNTERS.join(',')}|${RISK_COUNTERS.join(',')}`) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0
  return h & 0x7fffffff
})()

const b64 = (a: Int32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64')
const ints = (s: string) => {
  const buf = Buffer.from(s, 'base64')
  // A copy aligned for Int32Array (a Buffer may start at any offset of its pool).
  const out = new Int32Array(buf.length / 4)
  new Uint8Array(out.buffer).set(buf)
  return out
}

/**
 * An aggregator's dump as stored: JSON with the counter rows as base64 of their Int32 bytes
 * (little-endian), gzipped off the main thread (libuv's pool). A year of a province's day
 * buckets is a few megabytes before compression, mostly zeros.
 */
export async function encodeSnapshot(d: AggregatorDump): Promise<Buffer> {
  const body = {
    seq: d.seq,
    cases: d.days.cases.map(([code, b]) => [code, b64(b.days), b64(b.rows), b.categories]),
    activity: d.days.activity,
    risks: d.risks.map(([code, r]) => [code, [...r]]),
    watched: d.watched,
  }
  return zip(JSON.stringify(body), { level: 6 })
}

type Body = {
  seq: number
  cases: Array<[string, string, string, Array<[number, Array<[string, number]>]>]>
  activity: AggregatorDump['days']['activity']
  risks: Array<[string, number[]]>
  watched: AggregatorDump['watched']
}

export async function decodeSnapshot(buf: Buffer): Promise<AggregatorDump> {
  const body = JSON.parse((await unzip(buf)).toString('utf8')) as Body
  return {
    seq: body.seq,
    days: {
      cases: body.cases.map(([code, days, rows, categories]) => [code, { days: ints(days), rows: ints(rows), categories }]),
      activity: body.activity,
    },
    risks: body.risks.map(([code, r]) => [code, Int32Array.from(r)]),
    watched: body.watched,
  }
}
