/**
 * `tsx bench/asof-http.ts --dir D [--instants K] [--rounds R] [--min-open N]`: the worst kind of
 * cold `asOf` instant (as `asof-worst.ts` picks them: the last batch before each of the K largest
 * snapshots) read through the real server (`startServer`, its live figures restored from the same
 * store) over HTTP, one request at a time as `asof.ts` sends them, the instants in turn so each
 * restores from its snapshot again (the server keeps 2 decoded snapshots of this size). Per read:
 * the round trip (wall ms), the server's CPU ms and its GC pauses (the probe's phase), so a full
 * run's p99 can be split into the replay's own CPU, the server's collections and the rest.
 * D is copied first (SQLite opens for writing).
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { arg } from './lib/args'
import { closeHttp, request } from './lib/http'
import { json } from './lib/http'
import { BENCH_ADMIN_PASSWORD } from './lib/inProcess'
import { SERVER_NODE_FLAGS, startServer } from './lib/server'
import { dist, round } from './lib/stats'

const src = arg('dir')
if (!src) throw new Error('--dir D: a store filled by asof-cold.ts --fill')
const instants = Number(arg('instants') ?? 4)
const rounds = Number(arg('rounds') ?? 3)
const minOpen = Number(arg('min-open') ?? 150_000)
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'asof-http-'))
execFileSync('cp', ['-a', `${src}/.`, dir])

// The instants: the last batch before each snapshot, the K with the most events after the snapshot before them.
const db = new Database(path.join(dir, 'yiping.sqlite'), { readonly: true })
const snaps = db.prepare('SELECT seq, bytes FROM snapshots ORDER BY seq').all() as Array<{ seq: number; bytes: number }>
const lastBefore = db.prepare<[number], { seq: number; at: number }>('SELECT seq, committed_at AS at FROM batches WHERE seq < ? ORDER BY seq DESC LIMIT 1')
const picked: Array<{ t: number; tail: number; bytes: number }> = []
for (let i = 0; i + 1 < snaps.length; i++) {
  const b = lastBefore.get(snaps[i + 1]!.seq)
  if (b && b.seq > snaps[i]!.seq) picked.push({ t: b.at, tail: b.seq - snaps[i]!.seq, bytes: snaps[i]!.bytes })
}
db.close()
picked.sort((a, b) => b.bytes - a.bytes)
const chosen = picked.slice(0, instants)
void minOpen

const server = await startServer({ dataDir: dir, env: { BENCH_PROBE_ELD: 'on', YIPING_ADMIN_PASSWORD: BENCH_ADMIN_PASSWORD } })
const { token } = await json<{ token: string }>('POST', `${server.url}/api/v1/login`, { json: { username: 'admin', password: BENCH_ADMIN_PASSWORD } }).catch(async (err: unknown) => {
  await server.stop()
  throw err
})
const root = '330000'
const url = (t: number) => `${server.url}/api/v1/summary?region=${root}&asOf=${encodeURIComponent(new Date(t).toISOString())}`
await request('GET', url(chosen.at(-1)!.t), { token })
const rows = []
for (let r = 0; r < rounds; r++)
  for (const c of chosen) {
    await server.mark('read')
    const t0 = performance.now()
    // A millisecond earlier each round (the same batch): no built aggregator of an earlier round is reused.
    const res = await request('GET', url(c.t - r - 1), { token })
    const wall = performance.now() - t0
    const ph = await server.mark('between')
    if (res.status !== 200) throw new Error(`${res.status} ${res.body.slice(0, 200)}`)
    rows.push({ tail: c.tail, mb: round(c.bytes / 1e6, 1), wallMs: round(wall, 0), inServerMs: ph.requests?.max, cpuMs: round(ph.cpuMs, 0), gc: ph.gc, heapMB: round(ph.heapUsed / 1e6, 0), rssMB: round(ph.rss / 1e6, 0) })
    if (process.env.ASOF_HTTP_ROWS) process.stdout.write(`${JSON.stringify(rows.at(-1))}\n`)
  }
const fig = (xs: number[]) => {
  const d = dist(xs)
  return { p50: round(d.p50, 0), max: round(d.max, 0) }
}
process.stdout.write(
  `${JSON.stringify({ flags: SERVER_NODE_FLAGS.join(' '), wallMs: fig(rows.map((x) => x.wallMs)), cpuMs: fig(rows.map((x) => x.cpuMs)), majorGcs: rows.reduce((n, x) => n + (x.gc?.major ?? 0), 0), reads: rows.length, loadavg: os.loadavg().map((l) => round(l, 2)) })}\n`,
)
await server.stop()
closeHttp()
fs.rmSync(dir, { recursive: true, force: true })
