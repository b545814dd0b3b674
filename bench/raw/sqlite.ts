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
 * inserted with the server's schema and pragmas (WAL, synchronous=FULL) by the server's own
 * statements, one IMMEDIATE transaction per batch, by better-sqlite3 in this process.
 *
 * Into a fresh file, or with `from` into a copy of a store (copyStore below) taken before the
 * server wrote the same batches: the limit falls as the file grows (its random-key indexes touch
 * more pages per batch: bench/raw-by-size.ts, bench/README.md 2026-12-06), so the server's rate is
 * compared with what SQLite does on the file the server wrote into.
 */
export function rawSqlite(batches: Recorded[], tree: RegionTree, pragmas: string[] = [], opts: { from?: string } = {}): RawResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiping-bench-raw-'))
  if (opts.from) {
    // The copy is used up: its files move into this run's directory, removed with it.
    for (const f of STORE_FILES) if (fs.existsSync(path.join(opts.from, f))) fs.renameSync(path.join(opts.from, f), path.join(dir, f))
    fs.rmSync(opts.from, { recursive: true, force: true })
  }
  // The server's own store class opens the file: same pragmas, same schema, same statements; the
  // bench then drives its write statements directly, without the store's reads or planning.
  const store = new SqliteStore(dir, { clock: Date.now, nodeId: 'bench-raw' })
  const stmt = (store.log as unknown as { s: Record<string, Database.Statement> }).s
  const { insertEvent, upsertCase, insertBatch } = stmt as Record<'insertEvent' | 'upsertCase' | 'insertBatch', Database.Statement>
  const db = store.db
  for (const p of pragmas) db.pragma(p)

  const { stubs, planned } = planRows(batches, tree)
  const committedAt = Date.now()
  // Positions after the copied log's (planRows numbers from 1).
  const base = (db.prepare('SELECT coalesce(max(seq), 0) AS seq FROM events').get() as { seq: number }).seq
  const rows = planned.map(({ accepted, cases }) => ({
    events: accepted.map(({ event: e, at, seq }) => [base + seq, e.id, e.type, at, committedAt, JSON.stringify(e), subjectOf(e)]),
    cases: cases.map((c) => caseParams(c, regionPath(tree, c.regionCode))),
    batch: [base + accepted.at(-1)!.seq, base + accepted[0]!.seq, committedAt, 'bench-raw', null, null],
  }))
  // A copied store holds the cases reported before the run already: stubs only where it does not.
  const has = db.prepare('SELECT 1 FROM cases WHERE id = ?').pluck()
  db.transaction(() => {
    for (const c of stubs) if (!has.get(c.id)) upsertCase.run(...caseParams(c, regionPath(tree, c.regionCode)))
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

/** The files of an embedded store: the database and its write-ahead log (SqliteStore). */
const STORE_FILES = ['yiping.sqlite', 'yiping.sqlite-wal'] as const

/**
 * A copy of a running server's store, for `rawSqlite(…, { from })`: the database file and its
 * write-ahead log as they are (the same pages, the same layout; opening the copy recovers the log's
 * committed frames). Taken while the server writes nothing: between the bench's requests.
 */
export function copyStore(dataDir: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiping-bench-copy-'))
  for (const f of STORE_FILES) if (fs.existsSync(path.join(dataDir, f))) fs.copyFileSync(path.join(dataDir, f), path.join(dir, f))
  return dir
}
