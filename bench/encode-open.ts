/**
 * `tsx bench/encode-open.ts [--batches N] [--mode live|history] [--rounds R] [--against FILE]`: the
 * CPU time of encoding a snapshot's unresolved cases (`encodeOpenCases`), on the open cases left by
 * N batches of 1,000 generated events ingested as `ingest-cpu.ts` does (snapshots off). With
 * `--against` (another copy of openCasesCodec.ts, e.g. an older commit's), both encoders run on the
 * same dump, alternating, and their bytes are compared.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { benchIngestHeaders, buildBenchApp } from './lib/inProcess'
import { encodeOpenCases } from '../server/domain/replay/openCasesCodec'
import { EventGen } from './lib/events'
import { arg } from './lib/args'

const batches = Number(arg('batches') ?? 40)
const mode = (arg('mode') ?? 'live') as 'live' | 'history'
const rounds = Number(arg('rounds') ?? 10)
const against = arg('against')

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiping-encode-open-'))
const app = await buildBenchApp(dataDir, { snapshotEvery: 0 })
await app.ready()
await app.demo.ready()
const villages = app.regions.list().filter((r) => r.level === 'village').map((r) => r.code)
const gen = new EventGen(villages, `enc${Date.now().toString(36)}`)
const headers = benchIngestHeaders
for (let i = 0; i < batches; i++) {
  const { no, events } = gen.batch(1000, { mode })
  if (no > 1) gen.commit(no - 1)
  const res = await app.inject({ method: 'POST', url: '/api/v1/events', headers, payload: JSON.stringify({ events }) })
  if (res.statusCode !== 200) throw new Error(`ingest refused (${res.statusCode}): ${res.body.slice(0, 300)}`)
}
const dump = app.aggregator.dump()
await app.close()
fs.rmSync(dataDir, { recursive: true, force: true })

type Encode = typeof encodeOpenCases
const other: Encode | null = against ? ((await import(path.resolve(against))) as { encodeOpenCases: Encode }).encodeOpenCases : null
const cpuMs = (fn: () => void) => {
  const c0 = process.cpuUsage()
  fn()
  const c = process.cpuUsage(c0)
  return (c.user + c.system) / 1000
}
const times: { this: number[]; against: number[] } = { this: [], against: [] }
let same = true
for (let r = 0; r < rounds; r++) {
  let mine: Buffer | null = null
  let theirs: Buffer | null = null
  times.this.push(cpuMs(() => (mine = encodeOpenCases(dump.watched, dump.at))))
  if (other) {
    times.against.push(cpuMs(() => (theirs = other(dump.watched, dump.at))))
    same &&= Buffer.compare(mine!, theirs!) === 0
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? null
process.stdout.write(
  `${JSON.stringify({ mode, batches, openCases: dump.watched.length, rounds, thisMs: times.this.map(Math.round), thisMedian: median(times.this), ...(other ? { againstMs: times.against.map(Math.round), againstMedian: median(times.against), sameBytes: same } : {}), loadavg: os.loadavg().map((l) => Math.round(l * 10) / 10) })}\n`,
)
