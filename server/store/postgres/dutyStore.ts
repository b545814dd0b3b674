import type { AlarmRecord, AuditRecord, NewAlarm } from '../../domain/alarms/alarmRecord'
import { CAUSE_ENDED_NOTE, closeNoteOnClear, SYSTEM_ACTOR } from '../../domain/alarms/alarmRecord'
import { alarmOf, type AlarmRow } from '../common/alarmRows'
import { subtreeRange } from '../common/subtree'
import { CursorError } from '../cursor'
import type { AlarmQuery, AlarmUpdate, AuditQuery, DutyStore, StoredAudit } from '../types'
import { tx, type Conn, type Db } from './db'

const COLUMNS = `id, episode, kind, subject_id, region_code, region_path, title, status, raised_at, ack_by, ack_at, ack_note, cleared_at, closed_by, closed_at, close_note`

/**
 * Alarms and the audit trail in PostgreSQL. Every change of an alarm and its audit line are one
 * transaction; an alarm being changed is locked (FOR UPDATE), so two nodes acting on it at once
 * take turns and the second sees the first's result (a conflict, not a lost step). Raising is
 * idempotent by episode through its unique index, also when two nodes raise at once.
 */
export class PgDutyStore implements DutyStore {
  constructor(private readonly db: Db) {}

  async raise(a: NewAlarm, regionPath: string): Promise<AlarmRecord | null> {
    return tx(this.db, async (c) => {
      const { rows } = await c.query<AlarmRow>(
        `INSERT INTO alarms (episode, kind, subject_id, region_code, region_path, title, status, raised_at)
          VALUES ($1, $2, $3, $4, $5, $6, 'raised', $7) ON CONFLICT (episode) DO NOTHING RETURNING ${COLUMNS}`,
        [a.episode, a.kind, a.subjectId, a.regionCode, regionPath, a.title, a.raisedAt],
      )
      const row = rows[0]
      if (!row) return null
      await audit(c, { at: a.raisedAt, actor: SYSTEM_ACTOR, action: 'alarm.raised', target: `alarm:${row.id}`, note: a.title, region: a.regionCode }, regionPath)
      return alarmOf(row)
    })
  }

  async clear(kind: AlarmRecord['kind'], subjectId: string, at: number, endedAt: number): Promise<Array<{ before: AlarmRecord['status']; alarm: AlarmRecord }>> {
    return tx(this.db, async (c) => {
      const open = (
        await c.query<AlarmRow>(`SELECT ${COLUMNS} FROM alarms WHERE kind = $1 AND subject_id = $2 AND status <> 'closed' AND cleared_at IS NULL ORDER BY id FOR UPDATE`, [kind, subjectId])
      ).rows
      const out: Array<{ before: AlarmRecord['status']; alarm: AlarmRecord }> = []
      for (const r of open) {
        await c.query(`UPDATE alarms SET cleared_at = $1 WHERE id = $2`, [at, r.id])
        await audit(c, { at, actor: SYSTEM_ACTOR, action: 'alarm.cleared', target: `alarm:${r.id}`, note: null, region: r.region_code }, r.region_path)
        const note = closeNoteOnClear({ status: r.status, raisedAt: r.raised_at }, endedAt)
        if (note) await closeRow(c, r, SYSTEM_ACTOR, note, at)
        out.push({ before: r.status, alarm: await row(c, r.id) })
      }
      return out
    })
  }

  async update(id: number, u: AlarmUpdate): Promise<AlarmRecord | 'missing' | 'conflict'> {
    return tx(this.db, async (c) => {
      const r = (await c.query<AlarmRow>(`SELECT ${COLUMNS} FROM alarms WHERE id = $1 FOR UPDATE`, [id])).rows[0]
      if (!r) return 'missing' as const
      if (u.action === 'acknowledge') {
        if (r.status !== 'raised') return 'conflict' as const
        await c.query(`UPDATE alarms SET status = 'acknowledged', ack_by = $1, ack_at = $2, ack_note = $3 WHERE id = $4`, [u.actor, u.at, u.note, id])
        await audit(c, { at: u.at, actor: u.actor, action: 'alarm.acknowledged', target: `alarm:${id}`, note: u.note, region: r.region_code }, r.region_path)
        // Acknowledging an alarm whose cause already ended leaves nothing to watch.
        if (r.cleared_at !== null) await closeRow(c, r, SYSTEM_ACTOR, CAUSE_ENDED_NOTE, u.at)
      } else {
        if (r.status !== 'acknowledged') return 'conflict' as const
        await closeRow(c, r, u.actor, u.note, u.at)
      }
      return row(c, id)
    })
  }

  async get(id: number): Promise<AlarmRecord | null> {
    const r = (await this.db.query<AlarmRow>(`SELECT ${COLUMNS} FROM alarms WHERE id = $1`, [id])).rows[0]
    return r ? alarmOf(r) : null
  }

  async alarmsDuring(q: { regionPath: string; from: number; to: number; limit: number }): Promise<AlarmRecord[]> {
    const { lo, hi } = subtreeRange(q.regionPath)
    const { rows } = await this.db.query<AlarmRow>(
      `SELECT ${COLUMNS} FROM alarms WHERE region_path >= $1 AND region_path < $2 AND raised_at < $4 AND (raised_at >= $3 OR (ack_at >= $3 AND ack_at < $4) OR closed_at IS NULL OR closed_at >= $4)
        ORDER BY raised_at, id LIMIT $5`,
      [lo, hi, q.from, q.to, q.limit],
    )
    return rows.map(alarmOf)
  }

  async list(q: AlarmQuery): Promise<AlarmRecord[]> {
    const { lo, hi } = subtreeRange(q.regionPath)
    const params: unknown[] = [lo, hi, q.limit]
    const status = q.status === 'open' ? `AND status <> 'closed'` : q.status === 'all' ? '' : `AND status = $${params.push(q.status)}`
    const kind = q.kind === undefined ? '' : `AND kind = $${params.push(q.kind)}`
    const age = q.raisedBefore === undefined ? '' : `AND raised_at <= $${params.push(q.raisedBefore)}`
    const { rows } = await this.db.query<AlarmRow>(
      `SELECT ${COLUMNS} FROM alarms WHERE region_path >= $1 AND region_path < $2 ${status} ${kind} ${age}
        ORDER BY (status = 'raised') DESC, raised_at DESC, id DESC LIMIT $3`,
      params,
    )
    return rows.map(alarmOf)
  }

  async forEachOpen(fn: (a: AlarmRecord) => void): Promise<void> {
    for (const r of (await this.db.query<AlarmRow>(`SELECT ${COLUMNS} FROM alarms WHERE status <> 'closed' ORDER BY id`)).rows) fn(alarmOf(r))
  }

  async appendAudit(e: AuditRecord, regionPath: string | null = null): Promise<void> {
    await audit(this.db, e, regionPath)
  }

  async auditOf(target: string): Promise<AuditRecord[]> {
    return (await this.db.query<AuditRecord>(`SELECT at, actor, action, target, note FROM audit WHERE target = $1 ORDER BY id`, [target])).rows
  }

  async recentAudit(limit: number): Promise<AuditRecord[]> {
    return (await this.db.query<AuditRecord>(`SELECT at, actor, action, target, note FROM audit ORDER BY id DESC LIMIT $1`, [limit])).rows
  }

  async queryAudit(q: AuditQuery): Promise<{ items: StoredAudit[]; nextCursor: string | null }> {
    const params: unknown[] = []
    const $ = (v: unknown) => `$${params.push(v)}`
    const where: string[] = []
    if (q.from !== undefined) where.push(`at >= ${$(q.from)}`)
    if (q.to !== undefined) where.push(`at < ${$(q.to)}`)
    if (q.actor !== undefined) where.push(`actor = ${$(q.actor)}`)
    if (q.action !== undefined) where.push(`(action = ${$(q.action)} OR action LIKE ${$(`${q.action.replace(/[\\%_]/g, (m) => `\\${m}`)}.%`)} ESCAPE '\\')`)
    if (q.regionPath !== undefined) {
      const { lo, hi } = subtreeRange(q.regionPath)
      where.push(`region_path >= ${$(lo)} AND region_path < ${$(hi)}`)
    }
    const after = decodeAuditCursor(q.cursor)
    if (after !== null) where.push(`id < ${$(after)}`)
    const { rows } = await this.db.query<AuditRecord & { id: number; region_code: string | null }>(
      `SELECT id, at, actor, action, target, note, region_code FROM audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY id DESC LIMIT ${$(q.limit + 1)}`,
      params,
    )
    const items = rows.slice(0, q.limit).map(({ region_code, ...r }) => ({ ...r, region: region_code }))
    return { items, nextCursor: rows.length > q.limit ? String(items.at(-1)!.id) : null }
  }

  async countAudit(q: { actor: string; action: string; since: number }): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit WHERE actor = $1 AND action = $2 AND at >= $3`, [q.actor, q.action, q.since])
    return rows[0]!.n
  }
}

/** The audit cursor is the id of the last entry seen (newest first). */
function decodeAuditCursor(cursor: string | undefined): number | null {
  if (cursor === undefined) return null
  if (!/^[1-9][0-9]{0,15}$/.test(cursor)) throw new CursorError()
  return Number(cursor)
}

async function closeRow(c: Conn, r: AlarmRow, actor: string, note: string | null, at: number) {
  await c.query(`UPDATE alarms SET status = 'closed', closed_by = $1, closed_at = $2, close_note = $3 WHERE id = $4`, [actor, at, note, r.id])
  await audit(c, { at, actor, action: 'alarm.closed', target: `alarm:${r.id}`, note, region: r.region_code }, r.region_path)
}

async function audit(c: Conn | Db, e: AuditRecord, regionPath: string | null) {
  await c.query(`INSERT INTO audit (at, actor, action, target, note, region_code, region_path) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
    e.at,
    e.actor,
    e.action,
    e.target,
    e.note,
    e.region ?? null,
    regionPath,
  ])
}

async function row(c: Conn, id: number): Promise<AlarmRecord> {
  return alarmOf((await c.query<AlarmRow>(`SELECT ${COLUMNS} FROM alarms WHERE id = $1`, [id])).rows[0]!)
}
