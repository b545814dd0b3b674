import type Database from 'better-sqlite3'
import { CursorError } from '../cursor'
import type { AlarmRecord, AuditRecord, NewAlarm } from '../../domain/alarms/alarmRecord'
import { CAUSE_ENDED_NOTE, closeNoteOnClear, SYSTEM_ACTOR } from '../../domain/alarms/alarmRecord'
import { alarmOf, type AlarmRow } from '../common/alarmRows'
import { subtreeRange } from '../common/subtree'
import type { AlarmQuery, AuditQuery, DutyStore, AlarmUpdate, StoredAudit } from '../types'
import type { WriterThread } from './writer/writerThread'


/** Audit pages continue below the id of the last entry seen. */
function decodeAuditCursor(cursor: string | undefined): number | null {
  if (cursor === undefined) return null
  if (!/^[1-9][0-9]{0,15}$/.test(cursor)) throw new CursorError()
  return Number(cursor)
}

/**
 * Alarms and the audit trail in the same SQLite file. Every change of an alarm and its audit line
 * are written in one transaction, so the trail cannot miss a step. Raising and clearing, which
 * ingest brings on by the thousand in a backfill, are written by the log's writer thread in the
 * commits of the batches queued meanwhile (no wait for the write lock and no fsync on the event
 * loop), answered after that COMMIT like a batch; the other steps (a seat's acknowledgement or
 * close, audit lines) are written here.
 */
export class SqliteDutyStore implements DutyStore {
  private readonly s

  constructor(
    private readonly db: Database.Database,
    private readonly writer: WriterThread,
  ) {
    this.s = {
      openOf: db.prepare<[string, string], AlarmRow>(`SELECT * FROM alarms WHERE kind = ? AND subject_id = ? AND status <> 'closed' AND cleared_at IS NULL`),
    }
  }

  async raise(a: NewAlarm, regionPath: string): Promise<AlarmRecord | null> {
    const rows = await this.writer.duty({
      kind: 'raise',
      resent: false,
      alarm: [a.episode, a.kind, a.subjectId, a.regionCode, regionPath, a.title, a.raisedAt],
      actor: SYSTEM_ACTOR,
      action: 'alarm.raised',
    })
    return rows.length > 0 ? alarmOf(rows[0] as unknown as AlarmRow) : null
  }

  async clear(kind: AlarmRecord['kind'], subjectId: string, at: number, endedAt: number): Promise<Array<{ before: AlarmRecord['status']; alarm: AlarmRecord }>> {
    // What to do with each open alarm is decided on the rows as read here; the thread writes each
    // step only if its row is still so (another writer may have moved it meanwhile).
    const open = this.s.openOf.all(kind, subjectId)
    if (open.length === 0) return []
    const rows = await this.writer.duty({
      kind: 'clear',
      at,
      actor: SYSTEM_ACTOR,
      actions: { cleared: 'alarm.cleared', closed: 'alarm.closed' },
      rows: open.map((r) => ({
        id: r.id,
        status: r.status,
        regionCode: r.region_code,
        regionPath: r.region_path,
        closeNote: closeNoteOnClear({ status: r.status, raisedAt: r.raised_at }, endedAt),
      })),
    })
    return open.map((r, i) => ({ before: r.status, alarm: alarmOf(rows[i] as unknown as AlarmRow) }))
  }

  async update(id: number, u: AlarmUpdate): Promise<AlarmRecord | 'missing' | 'conflict'> {
    return this.db.transaction(() => {
      const r = this.db.prepare(`SELECT * FROM alarms WHERE id = ?`).get(id) as AlarmRow | undefined
      if (!r) return 'missing' as const
      if (u.action === 'acknowledge') {
        if (r.status !== 'raised') return 'conflict' as const
        this.db.prepare(`UPDATE alarms SET status = 'acknowledged', ack_by = ?, ack_at = ?, ack_note = ? WHERE id = ?`).run(u.actor, u.at, u.note, id)
        this.audit({ at: u.at, actor: u.actor, action: 'alarm.acknowledged', target: `alarm:${id}`, note: u.note, region: r.region_code }, r.region_path)
        // Acknowledging an alarm whose cause already ended leaves nothing to watch.
        if (r.cleared_at !== null) this.closeRow(r, SYSTEM_ACTOR, CAUSE_ENDED_NOTE, u.at)
      } else {
        if (r.status !== 'acknowledged') return 'conflict' as const
        this.closeRow(r, u.actor, u.note, u.at)
      }
      return this.row(id)
    }).immediate()
  }

  async get(id: number): Promise<AlarmRecord | null> {
    const r = this.db.prepare(`SELECT * FROM alarms WHERE id = ?`).get(id) as AlarmRow | undefined
    return r ? alarmOf(r) : null
  }

  async list(q: AlarmQuery): Promise<AlarmRecord[]> {
    const status = q.status === 'open' ? `AND status <> 'closed'` : q.status === 'all' ? '' : `AND status = @status`
    const kind = q.kind === undefined ? '' : `AND kind = @kind`
    const age = q.raisedBefore === undefined ? '' : `AND raised_at <= @raisedBefore`
    const rows = this.db
      .prepare(`SELECT * FROM alarms WHERE region_path >= @lo AND region_path < @hi ${status} ${kind} ${age}
        ORDER BY (status = 'raised') DESC, raised_at DESC, id DESC LIMIT @limit`)
      .all({ ...subtreeRange(q.regionPath), status: q.status, kind: q.kind ?? null, raisedBefore: q.raisedBefore ?? null, limit: q.limit }) as AlarmRow[]
    return rows.map(alarmOf)
  }

  async forEachOpen(fn: (a: AlarmRecord) => void): Promise<void> {
    for (const r of this.db.prepare(`SELECT * FROM alarms WHERE status <> 'closed'`).iterate() as IterableIterator<AlarmRow>) fn(alarmOf(r))
  }

  async alarmsDuring(q: { regionPath: string; from: number; to: number; limit: number }): Promise<AlarmRecord[]> {
    const rows = this.db
      .prepare(`SELECT * FROM alarms WHERE region_path >= @lo AND region_path < @hi AND raised_at < @to AND (raised_at >= @from OR (ack_at >= @from AND ack_at < @to) OR closed_at IS NULL OR closed_at >= @to)
        ORDER BY raised_at, id LIMIT @limit`)
      .all({ ...subtreeRange(q.regionPath), from: q.from, to: q.to, limit: q.limit }) as AlarmRow[]
    return rows.map(alarmOf)
  }

  async appendAudit(e: AuditRecord, regionPath: string | null = null): Promise<void> {
    this.audit(e, regionPath)
  }

  async auditOf(target: string): Promise<AuditRecord[]> {
    return this.db.prepare(`SELECT at, actor, action, target, note FROM audit WHERE target = ? ORDER BY id`).all(target) as AuditRecord[]
  }

  async recentAudit(limit: number): Promise<AuditRecord[]> {
    return this.db.prepare(`SELECT at, actor, action, target, note FROM audit ORDER BY id DESC LIMIT ?`).all(limit) as AuditRecord[]
  }

  async queryAudit(q: AuditQuery): Promise<{ items: StoredAudit[]; nextCursor: string | null }> {
    const where: string[] = []
    if (q.from !== undefined) where.push(`at >= @from`)
    if (q.to !== undefined) where.push(`at < @to`)
    if (q.actor !== undefined) where.push(`actor = @actor`)
    if (q.action !== undefined) where.push(`(action = @action OR action LIKE @family ESCAPE '\\')`)
    if (q.regionPath !== undefined) where.push(`region_path >= @lo AND region_path < @hi`)
    const after = decodeAuditCursor(q.cursor)
    if (after !== null) where.push(`id < @after`)
    const rows = this.db
      .prepare(`SELECT id, at, actor, action, target, note, region_code FROM audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY id DESC LIMIT @limit`)
      .all({
        from: q.from,
        to: q.to,
        actor: q.actor,
        action: q.action,
        family: q.action === undefined ? undefined : `${q.action.replace(/[\\%_]/g, (m) => `\\${m}`)}.%`,
        ...(q.regionPath === undefined ? {} : subtreeRange(q.regionPath)),
        after,
        limit: q.limit + 1,
      }) as Array<AuditRecord & { id: number; region_code: string | null }>
    const items = rows.slice(0, q.limit).map(({ region_code, ...r }) => ({ ...r, region: region_code }))
    return { items, nextCursor: rows.length > q.limit ? String(items.at(-1)!.id) : null }
  }

  async countAudit(q: { actor: string; action: string; since: number }): Promise<number> {
    const row = this.db.prepare(`SELECT count(*) AS n FROM audit WHERE actor = @actor AND action = @action AND at >= @since`).get(q) as { n: number }
    return row.n
  }

  private closeRow(r: AlarmRow, actor: string, note: string | null, at: number) {
    this.db.prepare(`UPDATE alarms SET status = 'closed', closed_by = ?, closed_at = ?, close_note = ? WHERE id = ?`).run(actor, at, note, r.id)
    this.audit({ at, actor, action: 'alarm.closed', target: `alarm:${r.id}`, note, region: r.region_code }, r.region_path)
  }

  private audit(e: AuditRecord, regionPath: string | null) {
    this.db
      .prepare(`INSERT INTO audit (at, actor, action, target, note, region_code, region_path) VALUES (?, ?, ?, ?, ?, ?, ?)`)
      .run(e.at, e.actor, e.action, e.target, e.note, e.region ?? null, regionPath)
  }

  private row(id: number): AlarmRecord {
    return alarmOf(this.db.prepare(`SELECT * FROM alarms WHERE id = ?`).get(id) as AlarmRow)
  }
}
