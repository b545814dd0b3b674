/**
 * `tsx bench/live-dump.ts [--batches N] [--mode live|history] [--rounds R]`: what a snapshot of the
 * live figures costs, by part, on the aggregator left by N batches of 1,000 generated events
 * ingested as `ingest-cpu.ts` does (snapshots off): CPU ms of the dump at the commit (and of its
 * parts: the regions' day-keyed counters, the themed pages' and the units' tallies), of serialising it for the snapshot thread (postMessage's structured clone, what the main thread
 * pays, sliced), of reading it back (the thread's), the same by JSON, and of encoding it
 * (snapshotCodec.ts, the thread's); then how many of the open cases changed over 20,000 more events
 * (those a live dump would serialise if the thread kept the others from the last one).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { serialize, deserialize } from 'node:v8'
import { benchIngestHeaders, buildBenchApp } from './lib/inProcess'
import type { Aggregator } from '../server/domain/aggregate/aggregator'
import { encodeSnapshot } from '../server/domain/replay/snapshotCodec'
import { EventGen } from './lib/events'
import { arg } from './lib/args'

const batches = Number(arg('batches') ?? 40)
const mode = (arg('mode') ?? 'live') as 'live' | 'history'
const rounds = Number(arg('rounds') ?? 5)
/** Open cases per message, as a sliced hand-over would send them. */
const DUMP_SLICE = 2000

/** The live figures as a replay at their instant would dump them: the clock's due changes applied, old hours dropped (commit 551537a's liveDump). */
const liveDump = (agg: Aggregator) => {
  agg.tick()
  agg.pruneActivity()
  return agg.dump()
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiping-live-dump-'))
const app = await buildBenchApp(dataDir, { snapshotEvery: 0 })
await app.ready()
await app.demo.ready()
const villages = app.regions.list().filter((r) => r.level === 'village').map((r) => r.code)
const gen = new EventGen(villages, `dump${Date.now().toString(36)}`)
const ingest = async (n: number) => {
  for (let i = 0; i < n; i++) {
    const { no, events } = gen.batch(1000, { mode })
    if (no > 1) gen.commit(no - 1)
    const res = await app.inject({ method: 'POST', url: '/api/v1/events', headers: benchIngestHeaders, payload: JSON.stringify({ events }) })
    if (res.statusCode !== 200) throw new Error(`ingest refused (${res.statusCode}): ${res.body.slice(0, 300)}`)
  }
}
const cpuMs = <T>(fn: () => T): [T, number] => {
  const c0 = process.cpuUsage()
  const out = fn()
  const c = process.cpuUsage(c0)
  return [out, (c.user + c.system) / 1000]
}
await ingest(batches)
const parts: Record<string, number[]> = { dump: [], dumpDays: [], dumpThemes: [], dumpUnits: [], serialiseHead: [], serialiseCases: [], deserialise: [], stringifyCases: [], parseCases: [], encode: [] }
let openCases = 0
for (let r = 0; r < rounds; r++) {
  const [dump, dumpMs] = cpuMs(() => liveDump(app.aggregator))
  openCases = dump.watched.length
  // What the dump's time goes to: the regions' day-keyed counters, the themed pages' and the units' tallies.
  parts.dumpDays!.push(cpuMs(() => (app.aggregator as unknown as { days: { dump(): unknown } }).days.dump())[1])
  parts.dumpThemes!.push(cpuMs(() => app.aggregator.themes.dump())[1])
  parts.dumpUnits!.push(cpuMs(() => app.aggregator.units.dump())[1])
  const { watched, ...head } = dump
  const [headBytes, headMs] = cpuMs(() => serialize(head))
  const [slices, casesMs] = cpuMs(() => {
    const out: Buffer[] = []
    for (let i = 0; i < watched.length; i += DUMP_SLICE) out.push(serialize(watched.slice(i, i + DUMP_SLICE)))
    return out
  })
  const [, readMs] = cpuMs(() => {
    deserialize(headBytes)
    for (const s of slices) deserialize(s)
  })
  const [texts, stringifyMs] = cpuMs(() => {
    const out: string[] = []
    for (let i = 0; i < watched.length; i += DUMP_SLICE) out.push(JSON.stringify(watched.slice(i, i + DUMP_SLICE)))
    return out
  })
  const [, parseMs] = cpuMs(() => {
    for (const t of texts) JSON.parse(t)
  })
  parts.stringifyCases!.push(stringifyMs)
  parts.parseCases!.push(parseMs)
  const c0 = process.cpuUsage()
  await encodeSnapshot(dump)
  const c = process.cpuUsage(c0)
  parts.dump!.push(dumpMs)
  parts.serialiseHead!.push(headMs)
  parts.serialiseCases!.push(casesMs)
  parts.deserialise!.push(readMs)
  parts.encode!.push((c.user + c.system) / 1000)
}
// Of the open cases after YIPING_SNAPSHOT_EVERY's default of 20,000 more events, those a live dump sends (state or counted figures changed).
const first = liveDump(app.aggregator)
const seen = new Map(first.watched.map((w) => [w.state.id, w]))
await ingest(20)
const second = liveDump(app.aggregator)
const changed = second.watched.filter((w) => {
  const b = seen.get(w.state.id)
  return !b || b.state !== w.state || b.applied !== w.applied
}).length
await app.close()
fs.rmSync(dataDir, { recursive: true, force: true })
const median = (xs: number[]) => Math.round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]! * 10) / 10
process.stdout.write(
  `${JSON.stringify({ mode, batches, openCases, rounds, after20k: { openCases: second.watched.length, changed }, medianMs: Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, median(v)])), loadavg: os.loadavg().map((l) => Math.round(l * 10) / 10) })}\n`,
)
