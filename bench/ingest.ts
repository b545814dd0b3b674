import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type Database from 'better-sqlite3'
import type { YipingEvent } from '../shared/events/schema'
import { RegionTree, regionPath, type Region } from '../shared/regions/tree'
import type { CaseState } from '../server/domain/cases/caseState'
import { planBatch } from '../server/domain/ingest/planBatch'
import { SqliteStore } from '../server/store/sqlite/sqliteStore'
import { caseParams } from '../server/store/sqlite/rows'
import type { EventGen } from './lib/events'
import { request } from './lib/http'
import { progress } from './lib/progress'
import { INGEST_KEY, type ProbePhase, type ServerHandle } from './lib/server'
import { dist, round, type Dist } from './lib/stats'

export interface IngestRun {
  batch: number
  /** live: new cases of the last hours and steps of open ones; history: a backfill of this year (see EventGen). */
  mode: 'live' | 'history'
  concurrency: number
  requests: number
  events: number
  seconds: number
  eventsPerSec: number
  requestMs: Dist
  /** The same batches written straight into SQLite, one transaction per batch. */
  raw: { events: number; seconds: number; eventsPerSec: number }
  /** HTTP events/s ÷ raw events/s. */
  ratio: number
  server: { cpuMs: number; cpuShare: number; eldP99: number }
  /** CPU of the load generator (this process) while it ran, as a share of one core. */
  clientCpuShare: number
}

export interface Recorded {
  events: YipingEvent[]
}

/** POST batches of `size` for `seconds`, `concurrency` requests in flight; keeps the batches for the raw run. */
async function postFor(url: string, gen: EventGen, size: number, mode: 'live' | 'history', seconds: number, concurrency: number, keep: boolean) {
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

/**
 * The raw limit: the rows the server writes for these batches (event log rows and case rows, as
 * computed by the server's own planner and row mapping, outside the timing), inserted into a fresh
 * SQLite file with the server's schema and pragmas (WAL, synchronous=FULL), one IMMEDIATE
 * transaction per batch, by better-sqlite3 in this process.
 */
export function rawRun(batches: Recorded[], tree: RegionTree, pragmas: string[] = []) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiping-bench-raw-'))
  // The server's own store class opens the file: same pragmas, same schema, same statements; the
  // bench then drives its two write statements directly, without the store's reads or planning.
  const store = new SqliteStore(dir, { clock: Date.now, nodeId: 'bench-raw' })
  const stmt = (store as unknown as { stmt: Record<string, Database.Statement> }).stmt
  const insertEvent = stmt.insertEvent!
  const upsertCase = stmt.upsertCase!
  const columns = /INSERT INTO events \(([^)]*)\)/.exec(insertEvent.source)![1]!.split(',').map((c) => c.trim())
  const db = store.db
  for (const p of pragmas) db.pragma(p)

  // Rows first (untimed). Cases reported before this run are unknown here: they are seeded (untimed)
  // as stub rows of the same shape, so their follow-ons update a row as they do in the server.
  const known = new Map<string, CaseState>()
  const stubs: CaseState[] = []
  const now = Date.now()
  const receivedAt = now
  const rows = batches.map(({ events }) => {
    const reportedHere = new Set(events.flatMap((e) => (e.type === 'case.reported' ? [e.caseId] : [])))
    for (const e of events)
      if ('caseId' in e && e.type !== 'case.reported' && !known.has(e.caseId) && !reportedHere.has(e.caseId)) {
        const stub = stubCase(e.caseId, tree, e.type === 'case.followedUp')
        known.set(e.caseId, stub)
        stubs.push(stub)
      }
    const plan = planBatch(events, { seenEventIds: new Set(), cases: known, risks: new Map() }, { regions: tree, now: now + 3600_000 })
    if (!plan.ok) throw new Error(`raw planner refused a batch: ${JSON.stringify(plan.details.slice(0, 2))}`)
    for (const [id, ch] of plan.cases) known.set(id, ch.next)
    return {
      events: plan.accepted.map(({ event, at }) => {
        const values: Record<string, unknown> = {
          id: event.id, type: event.type, at, received_at: receivedAt, body: JSON.stringify(event),
          subject: 'caseId' in event ? event.caseId : event.riskId,
        }
        return columns.map((c) => values[c] ?? null)
      }),
      cases: [...plan.cases.values()].map(({ next }) => caseParams(next, regionPath(tree, next.regionCode))),
    }
  })

  db.transaction(() => {
    for (const c of stubs) upsertCase.run(caseParams(c, regionPath(tree, c.regionCode)))
  })()

  let events = 0
  const started = performance.now()
  for (const batch of rows) {
    db.transaction(() => {
      for (const e of batch.events) insertEvent.run(...e)
      for (const c of batch.cases) upsertCase.run(c)
    }).immediate()
    events += batch.events.length
  }
  const seconds = (performance.now() - started) / 1000
  db.close()
  void store.close()
  fs.rmSync(dir, { recursive: true, force: true })
  return { events, seconds, eventsPerSec: Math.round(events / seconds) }
}

function stubCase(id: string, tree: RegionTree, resolved: boolean): CaseState {
  const region = [...tree.nodes.values()].find((n) => n.level === 'village')!.code
  const at = Date.UTC(2000, 0, 1)
  return {
    id, regionCode: region, source: 'hotline', category: '邻里纠纷', size: 'minor', title: '楼道堆放杂物', backlogLevel: null,
    reporter: null, stage: resolved ? 'followup' : 'assign', reportedAt: at, clockFrom: at, dueAt: at + 86_400_000,
    stageAt: { receive: at }, urgeCount: 0, supervisedColor: null, resolvedAt: resolved ? at + 3600_000 : null,
    tier: resolved ? 'village' : null, followedUpAt: null, satisfaction: null, reopenCount: 0, updatedAt: at,
  }
}

export async function runIngest(opts: {
  server: ServerHandle
  gen: EventGen
  regions: Region[]
  sizes: Array<{ batch: number; seconds: number; mode: 'live' | 'history' }>
  concurrency: number
  warmupSeconds: number
}): Promise<IngestRun[]> {
  const { server, gen } = opts
  const tree = new RegionTree(opts.regions)
  const out: IngestRun[] = []
  for (const { batch, seconds, mode } of opts.sizes) {
    progress.setPhase(`1/5 ingest, batches of ${batch} (${mode})`)
    await postFor(server.url, gen, batch, mode, opts.warmupSeconds, opts.concurrency, false)
    await server.mark(`ingest-b${batch}-${mode}`)
    const cpu0 = process.cpuUsage()
    const run = await postFor(server.url, gen, batch, mode, seconds, opts.concurrency, true)
    const cpu = process.cpuUsage(cpu0)
    const phase: ProbePhase = await server.mark('idle')
    progress.update(`raw SQLite, batches of ${batch}`, true)
    const raw = rawRun(run.batches, tree)
    const eventsPerSec = Math.round(run.events / run.seconds)
    out.push({
      batch,
      mode,
      concurrency: opts.concurrency,
      requests: run.latencies.length,
      events: run.events,
      seconds: round(run.seconds, 2),
      eventsPerSec,
      requestMs: dist(run.latencies),
      raw,
      ratio: round(eventsPerSec / raw.eventsPerSec, 3),
      server: { cpuMs: Math.round(phase.cpuMs), cpuShare: round(phase.cpuMs / phase.ms, 2), eldP99: phase.eld.p99 },
      clientCpuShare: round((cpu.user + cpu.system) / 1000 / (run.seconds * 1000), 2),
    })
  }
  return out
}
