/**
 * `tsx bench/raw-by-size.ts [--batches 60,150,300]`: the raw SQLite limit of the ingest bench
 * (bench/raw/sqlite.ts: the server's rows, schema, pragmas and statements, one IMMEDIATE transaction
 * per batch of 1,000 live events) measured on fresh files holding different numbers of batches. The
 * HTTP bench measures the raw limit on a fresh file with its phase's batches only, while the server's
 * file already holds the earlier phases' rows; this shows how much the limit itself depends on how
 * much the file holds (the random-key indexes touch more distinct pages per batch as they grow).
 * Each line: the average over all the batches written into that file.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { buildBenchApp } from './lib/inProcess'
import { EventGen } from './lib/events'
import { rawSqlite } from './raw/sqlite'
import { arg } from './lib/args'

const sizes = (arg('batches') ?? '60,150,300').split(',').map(Number)
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiping-raw-by-size-'))
// The demo's region tree, as the in-process benches build it; the app is not used otherwise.
const app = await buildBenchApp(dir, { snapshotEvery: 0 })
await app.ready()
const tree = app.regions
const villages = tree.list().filter((r) => r.level === 'village').map((r) => r.code)
await app.close()
fs.rmSync(dir, { recursive: true, force: true })

const gen = new EventGen(villages, `raw${Date.now().toString(36)}`)
const most = Math.max(...sizes)
// Follow-ons name cases of batches at least two before, as with two requests in flight.
const batches = Array.from({ length: most }, () => {
  const { no, events } = gen.batch(1000, { mode: 'live' })
  if (no > 2) gen.commit(no - 2)
  return { events }
})
for (const n of sizes) {
  const r = rawSqlite(batches.slice(0, n), tree)
  const per1000 = (x: number) => Math.round((x / r.events) * 10_000) / 10
  process.stdout.write(
    `${JSON.stringify({ batches: n, events: r.events, eventsPerSec: r.eventsPerSec, cpuMsPer1000: per1000(r.cpuMs ?? NaN), wallMsPer1000: per1000(r.seconds * 1000), loadavg: os.loadavg().map((l) => Math.round(l * 10) / 10) })}\n`,
  )
}
