import path from 'node:path'
import Database from 'better-sqlite3'
import type { YipingEvent } from '../../../shared/events/schema'
import type { Region } from '../../../shared/regions/tree'
import type { IngestOrigin } from '../../auth/types'
import { ensurePrivateDir, ensurePrivateFile, narrowIfPresent } from '../../security/fileModes'
import type { CaseState } from '../../domain/cases/caseState'
import type { BatchPlan, KnownState } from '../../domain/ingest/planBatch'
import { idsOfBatch } from '../../domain/ingest/planBatch'
import type { RiskState } from '../../domain/risks/riskState'
import type { CaseQuery, CaseSelection, IngestOutcome, Store, StoredEvent } from '../types'
import { CursorError } from '../cursor'
import { SqliteAccessStore } from './accessStore'
import { SqliteDutyStore } from './dutyStore'
import { migrate } from './migrations'
import { caseParams, parseState, riskParams, type CaseRow } from './rows'

const COLOR_SQL: Record<string, string> = {
  red: `(supervised_color = 'red' OR (supervised_color IS NULL AND due_at <= @now))`,
  yellow: `(supervised_color = 'yellow' OR (supervised_color IS NULL AND due_at > @now AND yellow_at <= @now))`,
  green: `(supervised_color = 'green' OR (supervised_color IS NULL AND yellow_at > @now))`,
}

/** Keyset paging: the sort columns of the last row seen, compared as a row value. */
const CASE_ORDER = {
  newest: { columns: `0, reported_at, id`, order: `reported_at DESC, id DESC`, op: '<' },
  urgent: { columns: `resolved_at IS NOT NULL, due_at, id`, order: `resolved_at IS NOT NULL, due_at, id`, op: '>' },
} as const
const encodeCursor = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url')
function decodeCursor(cursor: string | undefined): [number, number, string] | null {
  if (!cursor) return null
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as unknown
    if (Array.isArray(v) && v.length === 3 && typeof v[0] === 'number' && typeof v[1] === 'number' && typeof v[2] === 'string') return v as [number, number, string]
  } catch {
    // fall through: an unreadable cursor is refused below
  }
  throw new CursorError()
}
export { CursorError }

/** The WHERE of a case selection, shared by the list and its count so both see the same cases. */
function caseWhere(q: CaseSelection) {
  const where = [`region_path >= @lo AND region_path < @hi`]
  if (q.stage) where.push(`stage = @stage`)
  if (q.color) where.push(`resolved_at IS NULL AND ${COLOR_SQL[q.color]}`)
  if (q.overdue === true) where.push(`resolved_at IS NULL AND due_at <= @now`)
  if (q.overdue === false) where.push(`NOT (resolved_at IS NULL AND due_at <= @now)`)
  if (q.q) where.push(`(id = @q OR json_extract(state, '$.title') LIKE @like ESCAPE '\\' OR json_extract(state, '$.category') = @q)`)
  if (q.reportedFrom !== undefined) where.push(`reported_at >= @from`)
  if (q.reportedTo !== undefined) where.push(`reported_at < @to`)
  const params = {
    lo: q.regionPath,
    hi: `${q.regionPath}\uffff`,
    stage: q.stage,
    now: q.now,
    q: q.q,
    like: q.q ? `%${q.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%` : undefined,
    from: q.reportedFrom,
    to: q.reportedTo,
  }
  return { where, params }
}


interface EventRow {
  seq: number
  id: string
  type: StoredEvent['type']
  at: number
  received_at: number
  body: string
  origin_key: string | null
  origin_actor: string | null
}
const toStoredEvent = (r: EventRow): StoredEvent => ({
  seq: r.seq,
  id: r.id,
  type: r.type,
  at: r.at,
  receivedAt: r.received_at,
  origin: { keyId: r.origin_key, actor: r.origin_actor },
  event: JSON.parse(r.body),
})
const EVENT_COLUMNS = `seq, id, type, at, received_at, body, origin_key, origin_actor`

/**
 * The embedded store: one SQLite file in WAL mode with synchronous=FULL, so a batch acknowledged
 * after COMMIT survives a crash of the process or of the machine. better-sqlite3 is synchronous,
 * so a whole ingest (load, plan, write) is one transaction that nothing can interleave with.
 */
const byId = <T extends { id: string }>(list: T[]) => new Map(list.map((x) => [x.id, x]))

export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const
  readonly db: Database.Database
  readonly duty: SqliteDutyStore
  readonly access: SqliteAccessStore
  private readonly stmt

  constructor(dataDir: string) {
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
    this.duty = new SqliteDutyStore(this.db)
    this.access = new SqliteAccessStore(this.db)
    const db = this.db
    this.stmt = {
      seenEvents: db.prepare<[string], { id: string }>(`SELECT id FROM events WHERE id IN (SELECT value FROM json_each(?))`),
      casesById: db.prepare<[string], CaseRow>(`SELECT state FROM cases WHERE id IN (SELECT value FROM json_each(?))`),
      risksById: db.prepare<[string], CaseRow>(`SELECT state FROM risks WHERE id IN (SELECT value FROM json_each(?))`),
      insertEvent: db.prepare(`INSERT INTO events (id, type, at, received_at, body, subject, origin_key, origin_actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
      upsertCase: db.prepare(`INSERT INTO cases (id, region_code, region_path, stage, reported_at, due_at, yellow_at,
          resolved_at, followed_up_at, supervised_color, updated_at, state)
        VALUES (@id, @region_code, @region_path, @stage, @reported_at, @due_at, @yellow_at, @resolved_at,
          @followed_up_at, @supervised_color, @updated_at, @state)
        ON CONFLICT (id) DO UPDATE SET stage = excluded.stage, due_at = excluded.due_at, yellow_at = excluded.yellow_at,
          resolved_at = excluded.resolved_at, followed_up_at = excluded.followed_up_at,
          supervised_color = excluded.supervised_color, updated_at = excluded.updated_at, state = excluded.state`),
      upsertRisk: db.prepare(`INSERT INTO risks (id, region_code, region_path, status, state)
        VALUES (@id, @region_code, @region_path, @status, @state)
        ON CONFLICT (id) DO UPDATE SET status = excluded.status, state = excluded.state`),
      lastSeq: db.prepare<[], { seq: number | null }>(`SELECT max(seq) AS seq FROM events`),
    }
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close()
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

  async ingest(
    events: readonly YipingEvent[],
    plan: (known: KnownState) => BatchPlan,
    pathOf: (code: string) => string,
    origin: IngestOrigin,
  ): Promise<IngestOutcome> {
    const s = this.stmt
    const run = this.db.transaction((): IngestOutcome => {
      const ids = idsOfBatch(events)
      const known: KnownState = {
        seenEventIds: new Set(s.seenEvents.all(JSON.stringify(ids.eventIds)).map((r) => r.id)),
        cases: byId(s.casesById.all(JSON.stringify(ids.caseIds)).map((r) => parseState<CaseState>(r))),
        risks: byId(s.risksById.all(JSON.stringify(ids.riskIds)).map((r) => parseState<RiskState>(r))),
      }
      const decided = plan(known)
      if (!decided.ok) return decided
      const receivedAt = Date.now()
      let firstSeq = 0
      let lastSeq = 0
      for (const { event, at } of decided.accepted) {
        const subject = 'caseId' in event ? event.caseId : event.riskId
        lastSeq = Number(s.insertEvent.run(event.id, event.type, at, receivedAt, JSON.stringify(event), subject, origin.keyId, origin.actor).lastInsertRowid)
        if (!firstSeq) firstSeq = lastSeq
      }
      for (const { next } of decided.cases.values()) s.upsertCase.run(caseParams(next, pathOf(next.regionCode)))
      for (const { next } of decided.risks.values()) s.upsertRisk.run(riskParams(next, pathOf(next.regionCode)))
      return { ...decided, firstSeq, lastSeq }
    })
    // IMMEDIATE takes the write lock up front, so a second process cannot slip in between read and write.
    return run.immediate()
  }

  async lastSeq(): Promise<number> {
    return this.stmt.lastSeq.get()?.seq ?? 0
  }

  async readEvents(afterSeq: number, limit: number): Promise<StoredEvent[]> {
    const rows = this.db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE seq > ? ORDER BY seq LIMIT ?`).all(afterSeq, limit)
    return (rows as EventRow[]).map(toStoredEvent)
  }

  async eventsOf(subjectId: string): Promise<StoredEvent[]> {
    const rows = this.db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE subject = ? ORDER BY seq`).all(subjectId)
    return (rows as EventRow[]).map(toStoredEvent)
  }

  async forEachCase(fn: (c: CaseState) => void): Promise<void> {
    for (const row of this.db.prepare(`SELECT state FROM cases`).iterate() as IterableIterator<CaseRow>) fn(parseState(row))
  }

  async forEachRisk(fn: (r: RiskState) => void): Promise<void> {
    for (const row of this.db.prepare(`SELECT state FROM risks`).iterate() as IterableIterator<CaseRow>) fn(parseState(row))
  }

  async listCases(q: CaseQuery): Promise<{ items: CaseState[]; nextCursor: string | null }> {
    const { where, params } = caseWhere(q)
    const after = decodeCursor(q.cursor)
    const key = CASE_ORDER[q.sort]
    if (after) where.push(`(${key.columns}) ${key.op} (@c0, @c1, @c2)`)
    const sql = `SELECT state, ${key.columns} AS k FROM cases WHERE ${where.join(' AND ')} ORDER BY ${key.order} LIMIT @limit`
    const rows = this.db
      .prepare(sql)
      .raw()
      .all({ ...params, c0: after?.[0], c1: after?.[1], c2: after?.[2], limit: q.limit + 1 }) as unknown[][]
    const items = rows.slice(0, q.limit).map((r) => JSON.parse(r[0] as string) as CaseState)
    const last = rows.length > q.limit ? rows[q.limit - 1] : undefined
    return { items, nextCursor: last ? encodeCursor(last.slice(1, 4)) : null }
  }

  async countCases(q: CaseSelection): Promise<number> {
    const { where, params } = caseWhere(q)
    const row = this.db.prepare(`SELECT count(*) AS n FROM cases WHERE ${where.join(' AND ')}`).get(params) as { n: number }
    return row.n
  }

  async getCase(id: string): Promise<CaseState | null> {
    const row = this.db.prepare(`SELECT state FROM cases WHERE id = ?`).get(id) as CaseRow | undefined
    return row ? parseState<CaseState>(row) : null
  }

  async listRisks(regionPath: string): Promise<RiskState[]> {
    const rows = this.db
      .prepare(`SELECT state FROM risks WHERE region_path >= ? AND region_path < ? ORDER BY id`)
      .all(regionPath, `${regionPath}\uffff`) as CaseRow[]
    return rows.map((r) => parseState<RiskState>(r))
  }
}
