/**
 * 8. Two nodes on PostgreSQL and Redis, as `npm run cluster` runs them: two real servers on a fresh
 * database of the machine's PostgreSQL and a Redis prefix of their own. Ingest in batches of 1,000
 * with one request in flight on each node (both commit to the one log), and the time until both
 * nodes have applied everything; then the push latency from a POST on node A to the first summary
 * reflecting it on 1,000 sockets connected to node B (B reads A's batch from the log, woken by
 * NOTIFY). The report sets these beside the single-node SQLite figures of the same run.
 */
import fs from 'node:fs'
import { createClient } from 'redis'
import { postFor } from './ingest'
import type { EventGen } from './lib/events'
import { json, request } from './lib/http'
import { createBenchDatabase } from './lib/pg'
import { progress } from './lib/progress'
import { freshDataDir, INGEST_KEY, login, startServer, type ServerHandle } from './lib/server'
import { dist, round, sleep, type Dist } from './lib/stats'
import { measureSeries, type PushPoint } from './push'

export const REDIS_URL = process.env.YIPING_BENCH_REDIS ?? 'redis://127.0.0.1:6379'

export interface ClusterResult {
  nodes: number
  ingest: {
    batch: number
    /** Requests in flight on each node. */
    perNode: number
    events: number
    seconds: number
    eventsPerSec: number
    requestMs: Dist
    /** From the last acknowledged batch until both nodes report the log's head as applied. */
    catchUpMs: number
  }
  /** POST on node A → summary on the sockets of node B. */
  push: PushPoint
}

interface Health {
  seq: number
  head: number | null
}

/** Both nodes at the log's head (each /healthz says what it applied and where the head is). */
async function caughtUp(nodes: ServerHandle[]): Promise<number> {
  const t0 = performance.now()
  for (;;) {
    const hs = await Promise.all(nodes.map((n) => json<Health>('GET', `${n.url}/healthz`)))
    if (hs.every((h) => h.head !== null && h.seq === h.head && h.seq === hs[0]!.seq)) return performance.now() - t0
    if (performance.now() - t0 > 60_000) throw new Error(`the nodes did not catch up: ${JSON.stringify(hs)}`)
    await sleep(10)
  }
}

async function dropRedisPrefix(prefix: string) {
  const client = createClient({ url: REDIS_URL })
  await client.connect()
  try {
    for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) if (keys.length) await client.del(keys)
  } finally {
    client.destroy()
  }
}

export async function runCluster(opts: {
  gen: EventGen
  root: string
  leaf: string
  ingestSeconds: number
  warmupSeconds: number
  sockets: number
  markers: number
  warmup: number
  ratePerSec: number
}): Promise<ClusterResult> {
  const { gen, root, leaf } = opts
  const database = await createBenchDatabase('yiping_bench_cluster')
  const redisPrefix = `yiping-bench:${database.url.split('/').pop()}`
  const env = (id: string) => ({ YIPING_DATABASE_URL: database.url, YIPING_REDIS_URL: REDIS_URL, YIPING_REDIS_PREFIX: redisPrefix, YIPING_NODE_ID: id })
  const nodes: ServerHandle[] = []
  try {
    progress.setPhase('8/8 two nodes: starting node A, then node B')
    // One after the other, as in a deployment: A creates the schema and the region tree, B joins.
    nodes.push(await startServer({ dataDir: freshDataDir(), env: env('bench-a') }))
    nodes.push(await startServer({ dataDir: freshDataDir(), env: env('bench-b') }))
    const [a, b] = nodes as [ServerHandle, ServerHandle]

    progress.setPhase('8/8 two nodes: ingest on both, batches of 1,000')
    const both = (seconds: number) => Promise.all(nodes.map((n) => postFor(n.url, gen, 1000, 'live', seconds, 1, false)))
    await both(opts.warmupSeconds)
    const runs = await both(opts.ingestSeconds)
    const catchUpMs = await caughtUp(nodes)
    const events = runs.reduce((s, r) => s + r.events, 0)
    const seconds = Math.max(...runs.map((r) => r.seconds))
    const ingest: ClusterResult['ingest'] = {
      batch: 1000,
      perNode: 1,
      events,
      seconds: round(seconds, 2),
      eventsPerSec: Math.round(events / seconds),
      requestMs: dist(runs.flatMap((r) => r.latencies)),
      catchUpMs: round(catchUpMs, 1),
    }
    progress.note(`  two nodes: ingest ${ingest.eventsPerSec.toLocaleString('en')} events/s in batches of 1,000; both at the head ${ingest.catchUpMs} ms after the last answer`)

    const token = await login(b.url)
    const postOnA = async () => {
      const t0 = performance.now()
      const e = gen.reported({ region: leaf, at: Date.now() - 1000 })
      const res = await request('POST', `${a.url}/api/v1/events`, { token: INGEST_KEY, json: { events: [e] } })
      if (res.status !== 200) throw new Error(`marker refused: ${res.status} ${res.body}`)
      return performance.now() - t0
    }
    const [push] = await measureSeries({
      label: 'cluster',
      url: b.url,
      token,
      counts: [opts.sockets],
      markers: opts.markers,
      warmup: opts.warmup,
      ratePerSec: opts.ratePerSec,
      regions: [root, leaf],
      post: postOnA,
      handle: b,
      workers: 2,
    })
    return { nodes: nodes.length, ingest, push: push! }
  } finally {
    await Promise.all(nodes.map((n) => n.stop().catch(() => undefined)))
    for (const n of nodes) fs.rmSync(n.dataDir, { recursive: true, force: true })
    await database.drop().catch(() => undefined)
    await dropRedisPrefix(redisPrefix).catch(() => undefined)
  }
}
