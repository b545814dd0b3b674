/**
 * `tsx bench/restart-inproc.ts --dir D [--runs K] [--drop-latest S]`: the app started in process on a copy of the
 * store at D (one filled by `asof-cold.ts --fill N --mode live`), not part of `run.ts`. Each run
 * copies D afresh (without its S latest snapshots: a tail of the log to apply), then times (wall and this process's CPU) `buildApp` + `ready` (the aggregates
 * restored from the latest snapshot and the log after it), the first summary of the root by
 * inject, and the alarm reconciliation of start-up settled; and the longest event-loop block
 * from the build to the settled alarms. Prints one JSON line per run with the load average.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import Database from 'better-sqlite3'
import { BENCH_ADMIN_PASSWORD, buildBenchApp } from './lib/inProcess'
import { arg } from './lib/args'

const source = arg('dir')
if (!source) throw new Error('--dir D: the store to start on')
const runs = Number(arg('runs') ?? 1)
/** The latest snapshots deleted from each copy, so that the restart has a tail of the log to apply. */
const dropLatest = Number(arg('drop-latest') ?? 0)
const r1 = (x: number) => Math.round(x * 10) / 10

for (let run = 0; run < runs; run++) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'restart-inproc-'))
  fs.copyFileSync(path.join(source, 'yiping.sqlite'), path.join(dataDir, 'yiping.sqlite'))
  if (dropLatest > 0) {
    const db = new Database(path.join(dataDir, 'yiping.sqlite'))
    db.prepare(`DELETE FROM snapshots WHERE seq IN (SELECT seq FROM snapshots ORDER BY seq DESC LIMIT ?)`).run(dropLatest)
    db.close()
  }
  const cpuMs = () => {
    const u = process.cpuUsage()
    return (u.user + u.system) / 1000
  }
  const delay = monitorEventLoopDelay({ resolution: 10 })
  const t0 = performance.now()
  const c0 = cpuMs()
  delay.enable()
  const app = await buildBenchApp(dataDir)
  await app.ready()
  const ready = { wall: performance.now() - t0, cpu: cpuMs() - c0 }
  // The fill's admin (asof-cold.ts); the login is part of the first answer, as in bench/restart.ts.
  const login = await app.inject({ method: 'POST', url: '/api/v1/login', payload: { username: 'admin', password: BENCH_ADMIN_PASSWORD } })
  const token = (login.json() as { token: string }).token
  const root = app.regions.list().find((r) => r.parent === null)!.code
  const res = await app.inject({ url: `/api/v1/summary?region=${root}`, headers: { authorization: `Bearer ${token}` } })
  const first = { wall: performance.now() - t0, cpu: cpuMs() - c0, status: res.statusCode }
  await app.alarms.settled()
  const settled = { wall: performance.now() - t0, cpu: cpuMs() - c0 }
  delay.disable()
  const start = app.aggregatorStart
  await app.close()
  fs.rmSync(dataDir, { recursive: true, force: true })
  const ms = (o: { wall: number; cpu: number }) => ({ wall: r1(o.wall), cpu: r1(o.cpu) })
  process.stdout.write(
    `${JSON.stringify({
      run,
      start,
      ready: ms(ready),
      firstSummary: { ...ms(first), status: first.status },
      alarmsSettled: ms(settled),
      maxBlockMs: r1(delay.max / 1e6),
      load: os.loadavg().map((l) => r1(l)),
    })}\n`,
  )
}
