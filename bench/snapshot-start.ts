/**
 * `npx tsx bench/snapshot-start.ts [--bootstrap]` (run it as the server runs: `node
 * --max-semi-space-size=64 --import tsx bench/snapshot-start.ts`): the snapshot thread's start, from
 * `new Worker` to its first answer (a `thin` on a fresh demo store), wall-clock and the process's CPU
 * (all threads). By default the thread starts as the server would start it (the bundle of `npm run
 * build` when current, else bootstrap.mjs); `--bootstrap` forces tsx's loader. Not part of run.ts.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { buildBenchApp } from './lib/inProcess'
import { snapshotWorkerEntry } from '../server/domain/replay/worker/entry'
import { SnapshotThread } from '../server/domain/replay/worker/snapshotThread'

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiping-snapshot-start-'))
const app = await buildBenchApp(dataDir, { snapshotEvery: 0 })
await app.ready()
await app.demo.ready()
const e0 = performance.now()
const entry = process.argv.includes('--bootstrap') ? new URL('../server/domain/replay/worker/bootstrap.mjs', import.meta.url) : snapshotWorkerEntry()
const chooseMs = performance.now() - e0
const thread = new SnapshotThread({ dataDir, regions: app.regions.list(), limits: app.config.timeLimits, disputeCategories: [...app.config.disputeCategories] }, entry)
const cpu0 = process.cpuUsage()
const t0 = performance.now()
await thread.thin(Date.now())
const cpu = process.cpuUsage(cpu0)
const out = {
  entry: path.basename(entry.pathname),
  chooseMs: Math.round(chooseMs * 10) / 10,
  wallMs: Math.round(performance.now() - t0),
  cpuMs: Math.round((cpu.user + cpu.system) / 1000),
  loadavg: os.loadavg().map((l) => Math.round(l * 10) / 10),
}
process.stdout.write(`${JSON.stringify(out)}\n`)
await thread.close()
await app.close()
fs.rmSync(dataDir, { recursive: true, force: true })
