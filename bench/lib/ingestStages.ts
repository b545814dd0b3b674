import type { FastifyInstance } from 'fastify'
import type { SqliteStore } from '../../server/store/sqlite/sqliteStore'
import type { IngestBatch } from '../../server/store/types'

type Timed = Record<string, number>

/**
 * Where an in-process ingest spends its time, stage by stage, by wrapping the app's own seams: the
 * route's submit, the store's ingest and the plan it calls, the aggregator. Wall-clock milliseconds
 * of synchronous code on the main thread: equal to its CPU time unless the process is preempted,
 * so read them beside the CPU total of the same run. Only for the embedded SQLite store.
 *
 * - `store.load`: from the store's ingest to the plan (the head, the seen event ids, the states not in memory)
 * - `store.plan`: planBatch (and the key's scope)
 * - `store.queue`: from the plan until the store's ingest returns its promise (the plan remembered for the batches after it)
 * - `store.handover`: the turn of the event loop after that, in which the rows are made (row values,
 *   JSON) and posted to the writer thread (SqliteLog.handOver)
 * - `store.wait`: from the store's ingest returning until the batch is committed: that turn, the
 *   writer thread's statements and COMMIT, and its wait for the batches queued before it (wall
 *   time; the main thread is free meanwhile)
 * - `apply`: after the store answered until submit resolves (aggregator, then the commit listeners: ticker, themes, alarms)
 * - `apply.aggregator`: the aggregator's applyBatch alone
 * - `route`: everything else of a request (body parse, validation, auth, reply)
 */
export function timeStages(app: FastifyInstance) {
  const t: Timed = {}
  const commits: number[] = []
  const add = (k: string, ms: number) => (t[k] = (t[k] ?? 0) + ms)
  const store = app.store as SqliteStore

  const ingest = store.ingest.bind(store)
  store.ingest = (b: IngestBatch) => {
    const t0 = performance.now()
    let planEnd = 0
    const plan = b.plan
    const written = ingest({
      ...b,
      plan: (known) => {
        const p0 = performance.now()
        add('store.load', p0 - t0)
        const r = plan(known)
        planEnd = performance.now()
        add('store.plan', planEnd - p0)
        return r
      },
    })
    const handedOver = performance.now()
    return written.then((out) => {
      if (out.ok && out.batch) {
        const now = performance.now()
        add('store.queue', handedOver - planEnd)
        add('store.wait', now - handedOver)
        commits.push(now - handedOver)
      }
      return out
    })
  }

  // The rows are made and posted a turn after the plan (log.ts); a private method, wrapped here only.
  const log = store.log as unknown as { handOver(): void }
  const handOver = log.handOver.bind(log)
  log.handOver = () => {
    const t0 = performance.now()
    handOver()
    add('store.handover', performance.now() - t0)
  }

  const applyBatch = app.aggregator.applyBatch.bind(app.aggregator)
  app.aggregator.applyBatch = (...a: Parameters<typeof applyBatch>) => {
    const t0 = performance.now()
    applyBatch(...a)
    add('apply.aggregator', performance.now() - t0)
  }

  const submit = app.ingest.submit.bind(app.ingest)
  let storeDone = 0
  const storeIngest = store.ingest
  store.ingest = async (b) => {
    const out = await storeIngest(b)
    storeDone = performance.now()
    return out
  }
  app.ingest.submit = async (...a: Parameters<typeof submit>) => {
    const t0 = performance.now()
    const out = await submit(...a)
    const t1 = performance.now()
    add('submit', t1 - t0)
    add('apply', t1 - storeDone)
    return out
  }

  return {
    reset: () => {
      for (const k of Object.keys(t)) delete t[k]
      commits.length = 0
    },
    /** Each batch's `store.wait`, ms: median, 90th percentile and largest (a WAL checkpoint lands in a few). */
    commits: () => {
      const sorted = [...commits].sort((a, b) => a - b)
      const at = (q: number) => Math.round((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0) * 10) / 10
      return { p50: at(0.5), p90: at(0.9), max: at(1) }
    },
    /** Milliseconds per 1,000 events by stage; `route` is the rest of `total`, the wall time of the requests. */
    per1000(events: number, totalMs?: number): Record<string, number> {
      const r = (ms: number) => Math.round((ms / events) * 1000 * 10) / 10
      const out = Object.fromEntries(Object.entries(t).map(([k, ms]) => [k, r(ms)]))
      if (totalMs !== undefined) out.route = r(totalMs - (t.submit ?? 0))
      return out
    },
  }
}
