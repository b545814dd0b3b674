import type { Region } from '../../../shared/regions/tree'
import type { CaseState } from '../../domain/cases/caseState'
import type { RiskState } from '../../domain/risks/riskState'
import { caseListSql, caseWhere } from '../common/caseQuery'
import { encodeCursor } from '../common/paging'
import { subtreeRange } from '../common/subtree'
import { cameraOf, type CameraRow } from '../common/deskRows'
import type { CameraRecord, CaseQuery, CaseSelection, IngestBatch, IngestOutcome, LoggedBatch, Store, StoredEvent, StoreOptions } from '../types'
import { PgAccessStore } from './accessStore'
import { connect, tx, type Conn, type Db } from './db'
import { PgDeskStore } from './deskStore'
import { PgPlaylistStore } from './playlistStore'
import { PgDutyStore } from './dutyStore'
import { PgLog, Q } from './log'
import { PgMapStore } from './mapStore'
import { PgReplayStore } from './replayStore'
import { migrate } from './migrations'

/** Rows per round trip when walking a whole table (start-up rebuild). */
const PAGE = 5000

/**
 * The store on PostgreSQL, for several nodes sharing one database: the same tables and behaviour
 * as the SQLite store, the log serialised by an advisory lock (see PgLog), alarms by row locks.
 */
export class PgStore implements Store {
  readonly kind = 'postgres' as const
  readonly duty: PgDutyStore
  readonly desk: PgDeskStore
  readonly access: PgAccessStore
  readonly log: PgLog
  readonly replay: PgReplayStore
  readonly maps: PgMapStore
  readonly playlists: PgPlaylistStore

  private constructor(
    readonly db: Db,
    opts: StoreOptions,
  ) {
    this.duty = new PgDutyStore(db)
    this.desk = new PgDeskStore(db)
    this.access = new PgAccessStore(db)
    this.log = new PgLog(db, opts)
    this.replay = new PgReplayStore(db)
    this.maps = new PgMapStore(db)
    this.playlists = new PgPlaylistStore(db)
  }

  /** Connects and brings the schema up to date (see migrations.ts). */
  static async open(url: string, opts: StoreOptions): Promise<PgStore> {
    const db = connect(url)
    try {
      await migrate(db)
    } catch (err) {
      await db.end()
      throw err
    }
    return new PgStore(db, opts)
  }

  async close(): Promise<void> {
    if (!this.db.ended) await this.db.end()
  }

  async isEmpty(): Promise<boolean> {
    return (await this.db.query(`SELECT 1 FROM regions LIMIT 1`)).rowCount === 0
  }

  async putRegions(regions: readonly Region[], pathOf: (code: string) => string): Promise<void> {
    await this.db.query(
      `INSERT INTO regions (code, name, level, parent, path, lng, lat)
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::float8[])
        ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level, parent = excluded.parent,
          path = excluded.path, lng = excluded.lng, lat = excluded.lat`,
      [
        regions.map((r) => r.code),
        regions.map((r) => r.name),
        regions.map((r) => r.level),
        regions.map((r) => r.parent),
        regions.map((r) => pathOf(r.code)),
        regions.map((r) => r.lng ?? null),
        regions.map((r) => r.lat ?? null),
      ],
    )
  }

  async loadRegions(): Promise<Region[]> {
    const { rows } = await this.db.query<Region & { lng: number | null; lat: number | null }>(`SELECT code, name, level, parent, lng, lat FROM regions ORDER BY path`)
    return rows.map(({ lng, lat, ...r }) => ({ ...r, ...(lng !== null ? { lng } : {}), ...(lat !== null ? { lat } : {}) }))
  }

  ingest(batch: IngestBatch): Promise<IngestOutcome> {
    return this.log.ingest(batch)
  }

  lastSeq(): Promise<number> {
    return this.log.lastSeq()
  }

  readBatches(afterSeq: number, maxEvents: number): Promise<LoggedBatch[]> {
    return this.log.readBatches(afterSeq, maxEvents)
  }

  seqAt(t: number): Promise<number> {
    return this.log.seqAt(t)
  }

  eventsOf(subjectId: string): Promise<StoredEvent[]> {
    return this.log.eventsOf(subjectId)
  }

  async readState(onCase: (c: CaseState) => void, onRisk: (r: RiskState) => void): Promise<number> {
    // REPEATABLE READ: the head and every row from one snapshot, whatever other nodes commit meanwhile.
    return tx(
      this.db,
      async (c) => {
        const seq = (await c.query<{ seq: number }>(Q.head)).rows[0]?.seq ?? 0
        await this.walk('cases', (s) => onCase(JSON.parse(s) as CaseState), c)
        await this.walk('risks', (s) => onRisk(JSON.parse(s) as RiskState), c)
        return seq
      },
      'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
    )
  }

  async forEachCase(fn: (c: CaseState) => void): Promise<void> {
    await this.walk('cases', (s) => fn(JSON.parse(s) as CaseState))
  }

  async forEachRisk(fn: (r: RiskState) => void): Promise<void> {
    await this.walk('risks', (s) => fn(JSON.parse(s) as RiskState))
  }

  /** Every row's state, a page at a time by id (no result set of a million rows in memory). */
  private async walk(table: 'cases' | 'risks', fn: (state: string) => void, on: Db | Conn = this.db): Promise<void> {
    for (let after: string | null = null; ; ) {
      const { rows }: { rows: Array<{ id: string; state: string }> } = await on.query(
        `SELECT id, state FROM ${table} WHERE $1::text IS NULL OR id > $1 ORDER BY id LIMIT ${PAGE}`,
        [after],
      )
      for (const r of rows) fn(r.state)
      if (rows.length < PAGE) return
      after = rows.at(-1)!.id
    }
  }

  async listCases(q: CaseQuery): Promise<{ items: CaseState[]; nextCursor: string | null }> {
    const params: unknown[] = []
    const { rows } = await this.db.query<{ state: string; k: number; id: string }>(caseListSql(q, (v) => `$${params.push(v)}`), params)
    const items = rows.slice(0, q.limit).map((r) => JSON.parse(r.state) as CaseState)
    const last = rows.length > q.limit ? rows[q.limit - 1] : undefined
    return { items, nextCursor: last ? encodeCursor(last.k, last.id) : null }
  }

  async countCases(q: CaseSelection): Promise<number> {
    const params: unknown[] = []
    const where = caseWhere(q, (v) => `$${params.push(v)}`)
    return (await this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM cases WHERE ${where.join(' AND ')}`, params)).rows[0]!.n
  }

  async getCase(id: string): Promise<CaseState | null> {
    const r = (await this.db.query<{ state: string }>(`SELECT state FROM cases WHERE id = $1`, [id])).rows[0]
    return r ? (JSON.parse(r.state) as CaseState) : null
  }

  async listRisks(regionPath: string): Promise<RiskState[]> {
    const { lo, hi } = subtreeRange(regionPath)
    const { rows } = await this.db.query<{ state: string }>(`SELECT state FROM risks WHERE region_path >= $1 AND region_path < $2 ORDER BY id`, [lo, hi])
    return rows.map((r) => JSON.parse(r.state) as RiskState)
  }

  async getRisk(id: string): Promise<RiskState | null> {
    const r = (await this.db.query<{ state: string }>(`SELECT state FROM risks WHERE id = $1`, [id])).rows[0]
    return r ? (JSON.parse(r.state) as RiskState) : null
  }

  async listCameras(regionPath: string): Promise<CameraRecord[]> {
    const { lo, hi } = subtreeRange(regionPath)
    const { rows } = await this.db.query<CameraRow>(`SELECT * FROM cameras WHERE region_path >= $1 AND region_path < $2 ORDER BY id COLLATE "C"`, [lo, hi])
    return rows.map(cameraOf)
  }
}
