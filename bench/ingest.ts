import { RegionTree, type Region } from '../shared/regions/tree'
import type { EventGen } from './lib/events'
import { request } from './lib/http'
import { progress } from './lib/progress'
import { INGEST_KEY, type ProbePhase, type ServerHandle } from './lib/server'
import os from 'node:os'
import { dist, round, type Dist } from './lib/stats'
import { rawPostgres } from './raw/postgres'
import type { Recorded } from './raw/rows'
import { copyStore, rawSqlite } from './raw/sqlite'

export interface IngestRun {
  /** The server's store (the raw baseline is written to the same kind of store). */
  store: 'sqlite' | 'postgres'
  batch: number
  /** live: new cases of the last hours and steps of open ones; history: a backfill of this year (see EventGen). */
  mode: 'live' | 'history'
  concurrency: number
  requests: number
  events: number
  seconds: number
  eventsPerSec: number
  requestMs: Dist
  /** The same rows written straight into the same kind of store by its own statements, one transaction per batch. */
  /**
   * The raw limit on the file the server wrote into (SQLite: a copy of its store taken before the
   * run, then these batches' rows); PostgreSQL: a fresh database.
   */
  raw: { events: number; seconds: number; eventsPerSec: number }
  /** SQLite: the same rows into a fresh file, the raw limit as runs before 2026-12-06 measured it. */
  rawFresh?: { events: number; seconds: number; eventsPerSec: number }
  /** HTTP events/s ÷ raw events/s. */
  ratio: number
  server: { cpuMs: number; cpuShare: number; eldP99: number }
  /** CPU of the load generator (this process) while it ran, as a share of one core. */
  clientCpuShare: number
  /**
   * CPU ms per 1,000 events: the server (all its threads), the load generator (bodies, JSON, HTTP)
   * and the raw limit's writes (SQLite only: the store runs in this process). On a machine of
   * `cores`, the HTTP figure cannot pass cores × 1,000,000 ÷ (server + client) events/s, whatever
   * the wait for fsync; `ceilingRatio` is that bound ÷ the raw limit's events/s.
   */
  cpuPer1000: { server: number; client: number; raw: number | null; ceilingRatio: number }
}

/** POST batches of `size` for `seconds`, `concurrency` requests in flight; keeps the batches for the raw run. */
export async function postFor(url: string, gen: EventGen, size: number, mode: 'live' | 'history', seconds: number, concurrency: number, keep: boolean) {
  const batches: Recorded[] = []
  const latencies: number[] = []
  let events = 0
  const started = performance.now()
  const deadline = started + seconds * 1000
  const worker = async () => {
    while (performance.now() < deadline) {
      const { no, events: batch } = gen.batch(size, { mode })
      const body = JSON.stringify({ events: batch })
      const t0 = performance.now()
      const res = await request('POST', `${url}/api/v1/events`, { token: INGEST_KEY, body })
      latencies.push(performance.now() - t0)
      if (res.status !== 200) throw new Error(`ingest refused (${res.status}): ${res.body.slice(0, 500)}`)
      const ack = JSON.parse(res.body) as { accepted: number; duplicates: number }
      if (ack.accepted !== batch.length) throw new Error(`ingest accepted ${ack.accepted} of ${batch.length}`)
      gen.commit(no)
      events += batch.length
      if (keep) batches.push({ events: batch })
      progress.update(`batches of ${size}: ${events.toLocaleString('en')} events, ${Math.round(events / ((performance.now() - started) / 1000)).toLocaleString('en')}/s`)
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  return { batches, latencies, events, seconds: (performance.now() - started) / 1000 }
}

export async function runIngest(opts: {
  store?: 'sqlite' | 'postgres'
  server: ServerHandle
  gen: EventGen
  regions: Region[]
  sizes: Array<{ batch: number; seconds: number; mode: 'live' | 'history' }>
  concurrency: number
  warmupSeconds: number
}): Promise<IngestRun[]> {
  const { server, gen } = opts
  const store = opts.store ?? 'sqlite'
  const tree = new RegionTree(opts.regions)
  const out: IngestRun[] = []
  for (const { batch, seconds, mode } of opts.sizes) {
    progress.setPhase(`1/5 ingest on ${store}, batches of ${batch} (${mode})`)
    await postFor(server.url, gen, batch, mode, opts.warmupSeconds, opts.concurrency, false)
    // The store as the run starts writing (the server is between requests): the raw limit is
    // measured on the same file (bench/raw/sqlite.ts).
    const copy = store === 'sqlite' ? copyStore(server.dataDir) : undefined
    await server.mark(`ingest-${store === 'sqlite' ? '' : 'pg-'}b${batch}-${mode}`)
    const cpu0 = process.cpuUsage()
    const run = await postFor(server.url, gen, batch, mode, seconds, opts.concurrency, true)
    const cpu = process.cpuUsage(cpu0)
    const phase: ProbePhase = await server.mark('idle')
    progress.update(`raw ${store}, batches of ${batch}`, true)
    const raw = store === 'sqlite' ? rawSqlite(run.batches, tree, [], { from: copy }) : await rawPostgres(run.batches, tree)
    const rawFresh = store === 'sqlite' ? rawSqlite(run.batches, tree) : undefined
    const eventsPerSec = Math.round(run.events / run.seconds)
    const per1000 = (ms: number) => round((ms / run.events) * 1000, 1)
    const serverPer1000 = per1000(phase.cpuMs)
    const clientPer1000 = per1000((cpu.user + cpu.system) / 1000)
    out.push({
      store,
      batch,
      mode,
      concurrency: opts.concurrency,
      requests: run.latencies.length,
      events: run.events,
      seconds: round(run.seconds, 2),
      eventsPerSec,
      requestMs: dist(run.latencies),
      raw,
      rawFresh,
      ratio: round(eventsPerSec / raw.eventsPerSec, 3),
      server: { cpuMs: Math.round(phase.cpuMs), cpuShare: round(phase.cpuMs / phase.ms, 2), eldP99: phase.eld.p99 },
      clientCpuShare: round((cpu.user + cpu.system) / 1000 / (run.seconds * 1000), 2),
      cpuPer1000: {
        server: serverPer1000,
        client: clientPer1000,
        raw: raw.cpuMs === undefined ? null : round((raw.cpuMs / raw.events) * 1000, 1),
        ceilingRatio: round((os.availableParallelism() * 1_000_000) / (serverPer1000 + clientPer1000) / raw.eventsPerSec, 2),
      },
    })
  }
  return out
}
