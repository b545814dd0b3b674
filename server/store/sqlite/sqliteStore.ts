import path from 'node:path'
import Database from 'better-sqlite3'
import type { Region } from '../../../shared/regions/tree'
import { ensurePrivateDir, ensurePrivateFile, narrowIfPresent } from '../../security/fileModes'
import type { CaseState } from '../../domain/cases/caseState'
import type { RiskState } from '../../domain/risks/riskState'
import { caseListSql, caseWhere } from '../common/caseQuery'
import { encodeCursor } from '../common/paging'
import { subtreeRange } from '../common/subtree'
import { cameraOf, type CameraRow } from '../common/deskRows'
import type { CameraRecord, CaseQuery, CaseSelection, IngestBatch, IngestOutcome, LoggedBatch, Store, StoredEvent, StoreOptions } from '../types'
import { SqliteAccessStore } from './accessStore'
import { SqliteDeskStore } from './deskStore'
import { SqlitePlaylistStore } from './playlistStore'
import { SqliteDutyStore } from './dutyStore'
import { SqliteLog } from './log'
import { SqliteMapStore } from './mapStore'
import { SqliteReplayStore } from './replayStore'
import { dropForeignSnapshots, openSnapshotFile } from './snapshotFile'
import { migrate } from './migrations'
import { parseState, type CaseRow } from './rows'

/** Positional parameters for the shared SQL builders. */
function positional() {
  const params: unknown[] = []
  return { params, $: (v: unknown) => (params.push(v), '?') }
}

/**
 * The embedded store: one SQLite file in WAL mode with synchronous=FULL, so a batch acknowledged
 * after COMMIT survives a crash of the process or of the machine. Ingest plans a batch on the main
 * thread, synchronously when called, on the states every earlier batch left, and a writer thread
 * commits it (log.ts): the event loop never waits for a statement or an fsync of the log.
 */
export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const
  /** A batch is planned when `ingest` is called, on every batch handed over before it (see Store). */
  readonly plansOnCall = true
  readonly db: Database.Database
  /** The snapshots of the aggregates, in a file of their own beside the store's (snapshotFile.ts). */
  readonly snapshotDb: Database.Database
  readonly duty: SqliteDutyStore
  readonly desk: SqliteDeskStore
  readonly access: SqliteAccessStore
  readonly log: SqliteLog
  readonly replay: SqliteReplayStore
  readonly maps: SqliteMapStore
  readonly playlists: SqlitePlaylistStore

  constructor(dataDir: string, opts: StoreOptions) {
    // Reporters' names and phones live here: 0700/0600. SQLite gives -wal and -shm the main file's
    // mode, so creating that one 0600 before opening covers them; older installs are narrowed.
    ensurePrivateDir(dataDir)
    const file = path.join(dataDir, 'yiping.sqlite')
    ensurePrivateFile(file)
    for (const suffix of ['-wal', '-shm', '-journal']) narrowIfPresent(file + suffix)
    this.db = new Database(file)
    this.db.pragma('journal_mode = WAL')
    this.db.pragma('synchronous = FULL')
    // Neither weakens durability (every commit is still fsynced): a 64 MB page cache keeps the
    // case and event indexes in memory, and checkpointing every ~40 MB of WAL instead of every
    // 4 MB spares ingest most of the copying back into the main file (bench/sqlite-variants.ts).
    this.db.pragma('cache_size = -65536')
    this.db.pragma('wal_autocheckpoint = 10000')
    this.db.pragma('foreign_keys = ON')
    this.db.pragma('busy_timeout = 5000')
    migrate(this.db)
    this.snapshotDb = openSnapshotFile(dataDir)
    dropForeignSnapshots(this.snapshotDb, this.db)
    this.log = new SqliteLog(this.db, opts)
    this.duty = new SqliteDutyStore(this.db, this.log.writer)
    this.desk = new SqliteDeskStore(this.db)
    this.access = new SqliteAccessStore(this.db, this.log.writer)
    this.replay = new SqliteReplayStore(this.db, this.snapshotDb)
    this.maps = new SqliteMapStore(this.db)
    this.playlists = new SqlitePlaylistStore(this.db)
  }

  async close(): Promise<void> {
    // Batches and alarm writes handed over are committed (or failed) before the connections close.
    await this.log.close()
    if (this.db.open) this.db.close()
    if (this.snapshotDb.open) this.snapshotDb.close()
  }

  async isEmpty(): Promise<boolean> {
    return !this.db.prepare(`SELECT 1 FROM regions LIMIT 1`).get()
  }

  async putRegions(regions: readonly Region[], pathOf: (code: string) => string): Promise<void> {
    const insert = this.db.prepare(`INSERT INTO regions (code, name, level, parent, path, lng, lat)
      VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level,
      parent = excluded.parent, path = excluded.path, lng = excluded.lng, lat = excluded.lat`)
    this.db.transaction(() => {
      for (const r of regions) insert.run(r.code, r.name, r.level, r.parent, pathOf(r.code), r.lng ?? null, r.lat ?? null)
    })()
  }

  async loadRegions(): Promise<Region[]> {
    const rows = this.db.prepare(`SELECT code, name, level, parent, lng, lat FROM regions ORDER BY path`).all() as Array<
      Region & { lng: number | null; lat: number | null }
    >
    return rows.map(({ lng, lat, ...r }) => ({ ...r, ...(lng !== null ? { lng } : {}), ...(lat !== null ? { lat } : {}) }))
  }

  async ingest(batch: IngestBatch): Promise<IngestOutcome> {
    return this.log.ingest(batch)
  }

  async lastSeq(): Promise<number> {
    return this.log.lastSeq()
  }

  async readBatches(afterSeq: number, maxEvents: number): Promise<LoggedBatch[]> {
    return this.log.readBatches(afterSeq, maxEvents)
  }

  async seqAt(t: number): Promise<number> {
    return this.log.seqAt(t)
  }

  async eventsOf(subjectId: string): Promise<StoredEvent[]> {
    return this.log.eventsOf(subjectId)
  }

  async readState(onCase: (c: CaseState) => void, onRisk: (r: RiskState) => void): Promise<number> {
    // One read transaction: the writer thread may commit meanwhile, but not into this snapshot.
    return this.db.transaction(() => {
      const seq = this.log.lastSeq()
      for (const row of this.db.prepare(`SELECT state FROM cases`).iterate() as IterableIterator<CaseRow>) onCase(parseState(row))
      for (const row of this.db.prepare(`SELECT state FROM risks`).iterate() as IterableIterator<CaseRow>) onRisk(parseState(row))
      return seq
    }).deferred()
  }

  async forEachCase(fn: (c: CaseState) => void): Promise<void> {
    for (const row of this.db.prepare(`SELECT state FROM cases`).iterate() as IterableIterator<CaseRow>) fn(parseState(row))
  }

  async forEachRisk(fn: (r: RiskState) => void): Promise<void> {
    for (const row of this.db.prepare(`SELECT state FROM risks`).iterate() as IterableIterator<CaseRow>) fn(parseState(row))
  }

  async listCases(q: CaseQuery): Promise<{ items: CaseState[]; nextCursor: string | null }> {
    const { params, $ } = positional()
    const rows = this.db.prepare(caseListSql(q, $)).all(...params) as Array<{ state: string; k: number; id: string }>
    const items = rows.slice(0, q.limit).map((r) => parseState<CaseState>(r))
    const last = rows.length > q.limit ? rows[q.limit - 1] : undefined
    return { items, nextCursor: last ? encodeCursor(last.k, last.id) : null }
  }

  async countCases(q: CaseSelection): Promise<number> {
    const { params, $ } = positional()
    const row = this.db.prepare(`SELECT count(*) AS n FROM cases WHERE ${caseWhere(q, $).join(' AND ')}`).get(...params) as { n: number }
    return row.n
  }

  async getCase(id: string): Promise<CaseState | null> {
    const row = this.db.prepare(`SELECT state FROM cases WHERE id = ?`).get(id) as CaseRow | undefined
    return row ? parseState<CaseState>(row) : null
  }

  async listRisks(regionPath: string): Promise<RiskState[]> {
    const { lo, hi } = subtreeRange(regionPath)
    const rows = this.db.prepare(`SELECT state FROM risks WHERE region_path >= ? AND region_path < ? ORDER BY id`).all(lo, hi) as CaseRow[]
    return rows.map((r) => parseState<RiskState>(r))
  }

  async getRisk(id: string): Promise<RiskState | null> {
    const row = this.db.prepare(`SELECT state FROM risks WHERE id = ?`).get(id) as CaseRow | undefined
    return row ? parseState<RiskState>(row) : null
  }

  async listCameras(regionPath: string): Promise<CameraRecord[]> {
    const rows = this.db.prepare(`SELECT * FROM cameras WHERE region_path >= @lo AND region_path < @hi ORDER BY id`).all(subtreeRange(regionPath)) as CameraRow[]
    return rows.map(cameraOf)
  }
}
