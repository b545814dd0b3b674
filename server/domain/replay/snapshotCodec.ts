import { promisify } from 'node:util'
import { gunzip, gzip } from 'node:zlib'
import { CASE_COUNTER_COUNT, CASE_COUNTERS, RISK_COUNTERS } from '../../../shared/summary/counters'
import type { RegionTree } from '../../../shared/regions/tree'
import type { AggregatorDump } from '../aggregate/aggregator'
import type { TimeLimitRules } from '../cases/deadline'

const zip = promisify(gzip)
const unzip = promisify(gunzip)

/**
 * The layout of this file's output; bump it when the dump's shape changes. 3: per-unit tallies and
 * the themed pages' tallies, so that a snapshot holds everything the live figures depend on (a
 * restart starts from it, plugins/app/aggregator.ts).
 */
const FORMAT = 3

const hash = (h: number, text: string) => {
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0
  return h
}

/**
 * The version of the code's snapshots: the format and the counters they are written with. A
 * snapshot of another version is ignored (and rebuilt from the log), never misread: adding a
 * counter changes it.
 */
export const SNAPSHOT_VERSION = hash(FORMAT, `${CASE_COUNTERS.join(',')}|${RISK_COUNTERS.join(',')}`) & 0x7fffffff

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
  /** Per region: its code, how many days, categories by day; the days' counters are in the binary part. */
  cases: Array<[string, number, Array<[number, Array<[string, number]>]>]>
  activity: AggregatorDump['days']['activity']
  risks: Array<[string, number[]]>
  watched: AggregatorDump['watched']
  units: AggregatorDump['units']
  themes: AggregatorDump['themes']
}

/**
 * An aggregator's dump as stored, gzipped off the main thread (libuv's pool): a 4-byte length, a
 * JSON header (categories, activity, risk counts, unresolved cases), then the day counters as a
 * stream of little-endian int32, sparse (most counters of a day are zero): per region and day,
 * `day, k, (index, value) × k`. The header also holds the per-unit and themed pages' tallies. Parsing a large JSON of numbers was the slow part of a replay;
 * this reads in one pass over an Int32Array.
 */
export async function encodeSnapshot(d: AggregatorDump): Promise<Buffer> {
  const header: Header = {
    seq: d.seq,
    cases: d.days.cases.map(([code, b]) => [code, b.days.length, b.categories]),
    activity: d.days.activity,
    risks: d.risks.map(([code, r]) => [code, [...r]]),
    watched: d.watched,
    units: d.units,
    themes: d.themes,
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
  return {
    seq: header.seq,
    days: { cases, activity: header.activity },
    risks: header.risks.map(([code, r]) => [code, Int32Array.from(r)]),
    watched: header.watched,
    units: header.units,
    themes: header.themes,
  }
}
