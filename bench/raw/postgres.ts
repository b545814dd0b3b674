import { regionPath, type RegionTree } from '../../shared/regions/tree'
import { PgStore } from '../../server/store/postgres/pgStore'
import { appendValues, caseColumns, Q } from '../../server/store/postgres/log'
import { createBenchDatabase } from '../lib/pg'
import { planRows, type RawResult, type Recorded } from './rows'

/**
 * The raw PostgreSQL limit: the same rows (the server's planner and column mapping, outside the
 * timing) written by the server's own write statement (a multi-row insert per table and the batch
 * row with its NOTIFY) into a fresh database migrated by the server, one transaction per batch on
 * one connection: what the server's commit costs without its lock, its read, planning and HTTP.
 */
export async function rawPostgres(batches: Recorded[], tree: RegionTree): Promise<RawResult> {
  const database = await createBenchDatabase('yiping_bench_raw')
  const store = await PgStore.open(database.url, { clock: Date.now, nodeId: 'bench-raw' })
  const pathOf = (code: string) => regionPath(tree, code)
  try {
    const { stubs, planned } = planRows(batches, tree)
    const committedAt = Date.now()
    const rows = planned.map(({ accepted, cases }) => ({
      events: accepted.length,
      values: appendValues(accepted, cases, [], { seq: accepted.at(-1)!.seq, firstSeq: accepted[0]!.seq, committedAt, nodeId: 'bench-raw', origin: { keyId: null, actor: null } }, pathOf),
    }))
    const c = await store.db.connect()
    try {
      for (let i = 0; i < stubs.length; i += 1000) await c.query({ ...Q.seedCases, values: caseColumns(stubs.slice(i, i + 1000), pathOf) })
      let events = 0
      const started = performance.now()
      for (const b of rows) {
        await c.query('BEGIN')
        await c.query({ ...Q.append, values: b.values })
        await c.query('COMMIT')
        events += b.events
      }
      const seconds = (performance.now() - started) / 1000
      return { events, seconds, eventsPerSec: Math.round(events / seconds) }
    } finally {
      c.release()
    }
  } finally {
    await store.close()
    await database.drop()
  }
}
