import { subjectOf } from '../../shared/events/schema'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type Database from 'better-sqlite3'
import { regionPath, type RegionTree } from '../../shared/regions/tree'
import { SqliteStore } from '../../server/store/sqlite/sqliteStore'
import { caseParams } from '../../server/store/sqlite/rows'
import { planRows, type RawResult, type Recorded } from './rows'

/**
 * The raw SQLite limit: the rows the server writes for these batches (event log rows, case rows
 * and the batch row, as computed by the server's own planner and row mapping, outside the timing),
 * inserted into a fresh file with the server's schema and pragmas (WAL, synchronous=FULL) by the
 * server's own statements, one IMMEDIATE transaction per batch, by better-sqlite3 in this process.
 */
export function rawSqlite(batches: Recorded[], tree: RegionTree, pragmas: string[] = []): RawResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiping-bench-raw-'))
  // The server's own store class opens the file: same pragmas, same schema, same statements; the
  // bench then drives its write statements directly, without the store's reads or planning.
  const store = new SqliteStore(dir, { clock: Date.now, nodeId: 'bench-raw' })
  const stmt = (store.log as unknown as { s: Record<string, Database.Statement> }).s
  const { insertEvent, upsertCase, insertBatch } = stmt as Record<'insertEvent' | 'upsertCase' | 'insertBatch', Database.Statement>
  const db = store.db
  for (const p of pragmas) db.pragma(p)

  const { stubs, planned } = planRows(batches, tree)
  const committedAt = Date.now()
  const rows = planned.map(({ accepted, cases }) => ({
    events: accepted.map(({ event: e, at, seq }) => [seq, e.id, e.type, at, committedAt, JSON.stringify(e), subjectOf(e)]),
    cases: cases.map((c) => caseParams(c, regionPath(tree, c.regionCode))),
    batch: [accepted.at(-1)!.seq, accepted[0]!.seq, committedAt, 'bench-raw', null, null],
  }))
  db.transaction(() => {
    for (const c of stubs) upsertCase.run(...caseParams(c, regionPath(tree, c.regionCode)))
  })()

  let events = 0
  const cpu0 = process.cpuUsage()
  const started = performance.now()
  for (const batch of rows) {
    db.transaction(() => {
      for (const e of batch.events) insertEvent.run(...e)
      for (const c of batch.cases) upsertCase.run(...c)
      insertBatch.run(...batch.batch)
    }).immediate()
    events += batch.events.length
  }
  const seconds = (performance.now() - started) / 1000
  const cpu = process.cpuUsage(cpu0)
  void store.close()
  fs.rmSync(dir, { recursive: true, force: true })
  return { events, seconds, eventsPerSec: Math.round(events / seconds), cpuMs: Math.round((cpu.user + cpu.system) / 1000) }
}
