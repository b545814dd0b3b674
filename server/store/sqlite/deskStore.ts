import type Database from 'better-sqlite3'
import { subtreeRange } from '../common/subtree'
import type { DeskStore, DirectoryRecord, DutyLogRecord, HandoverRecord, NewDirectoryRecord, RosterRecord } from '../desk'
import { deskRows, type HandoverRow, type LogRow, type PersonRow, type RosterRow } from '../common/deskRows'

export class SqliteDeskStore implements DeskStore {
  constructor(private readonly db: Database.Database) {}

  async appendLog(e: Omit<DutyLogRecord, 'id'>, regionPath: string): Promise<DutyLogRecord> {
    const info = this.db
      .prepare(`INSERT INTO duty_log (at, actor, region_code, region_path, text, notable) VALUES (?, ?, ?, ?, ?, ?)`)
      .run(e.at, e.actor, e.regionCode, regionPath, e.text, e.notable ? 1 : 0)
    return { ...e, id: Number(info.lastInsertRowid) }
  }

  async listLog(q: { regionPath: string; from?: number; to?: number; notable?: boolean; limit: number }): Promise<DutyLogRecord[]> {
    const rows = this.db
      .prepare(`SELECT * FROM duty_log WHERE region_path >= @lo AND region_path < @hi
        AND (@from IS NULL OR at >= @from) AND (@to IS NULL OR at < @to) AND (@notable IS NULL OR notable = @notable)
        ORDER BY at, id LIMIT @limit`)
      .all({ ...subtreeRange(q.regionPath), from: q.from ?? null, to: q.to ?? null, notable: q.notable === undefined ? null : q.notable ? 1 : 0, limit: q.limit }) as LogRow[]
    return rows.map(deskRows.log)
  }

  async putRoster(r: RosterRecord, regionPath: string): Promise<void> {
    this.db
      .prepare(`INSERT INTO roster (day, shift, region_code, region_path, officers, leader, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (day, shift, region_code) DO UPDATE SET officers = excluded.officers, leader = excluded.leader,
          updated_by = excluded.updated_by, updated_at = excluded.updated_at`)
      .run(r.day, r.shift, r.regionCode, regionPath, JSON.stringify(r.officers), r.leader, r.updatedBy, r.updatedAt)
  }

  async listRoster(q: { fromDay: string; toDay: string; regionCodes?: readonly string[] }): Promise<RosterRecord[]> {
    const rows = this.db
      .prepare(`SELECT * FROM roster WHERE day >= ? AND day <= ? AND (? IS NULL OR region_code IN (SELECT value FROM json_each(?)))
        ORDER BY day, shift, region_code`)
      .all(q.fromDay, q.toDay, q.regionCodes ? 1 : null, JSON.stringify(q.regionCodes ?? [])) as RosterRow[]
    return rows.map(deskRows.roster)
  }

  async saveHandover(h: Omit<HandoverRecord, 'id'>, regionPath: string): Promise<HandoverRecord> {
    const info = this.db
      .prepare(`INSERT INTO handovers (region_code, region_path, day, shift, period_from, period_to, created_by, created_at, note, content)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(h.regionCode, regionPath, h.day, h.shift, h.from, h.to, h.createdBy, h.createdAt, h.note, JSON.stringify(h.content))
    return { ...h, id: Number(info.lastInsertRowid) }
  }

  async getHandover(id: number): Promise<HandoverRecord | null> {
    const r = this.db.prepare(`SELECT * FROM handovers WHERE id = ?`).get(id) as HandoverRow | undefined
    return r ? deskRows.handover(r) : null
  }

  async listHandovers(q: { regionPath: string; from?: number; to?: number; limit: number }): Promise<HandoverRecord[]> {
    const rows = this.db
      .prepare(`SELECT * FROM handovers WHERE region_path >= @lo AND region_path < @hi
        AND (@from IS NULL OR created_at >= @from) AND (@to IS NULL OR created_at < @to)
        ORDER BY created_at DESC, id DESC LIMIT @limit`)
      .all({ ...subtreeRange(q.regionPath), from: q.from ?? null, to: q.to ?? null, limit: q.limit }) as HandoverRow[]
    return rows.map(deskRows.handover)
  }

  async importDirectory(
    people: readonly NewDirectoryRecord[],
    meta: { by: string; at: number; dryRun: boolean },
    pathOf: (code: string) => string,
  ): Promise<{ created: number; updated: number }> {
    const exists = this.db.prepare(`SELECT 1 FROM directory WHERE region_code = ? AND risk_id = ? AND role = ? AND name = ?`)
    const upsert = this.db.prepare(`INSERT INTO directory (name, phone, role, region_code, region_path, risk_id, updated_by, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (region_code, risk_id, role, name) DO UPDATE SET phone = excluded.phone, updated_by = excluded.updated_by, updated_at = excluded.updated_at`)
    const counts = { created: 0, updated: 0 }
    const rollback = new Error('dry run')
    try {
      this.db.transaction(() => {
        for (const p of people) {
          if (exists.get(p.regionCode, p.riskId ?? '', p.role, p.name)) counts.updated++
          else counts.created++
          if (!meta.dryRun) upsert.run(p.name, p.phone, p.role, p.regionCode, pathOf(p.regionCode), p.riskId ?? '', meta.by, meta.at)
        }
        if (meta.dryRun) throw rollback
      }).immediate()
    } catch (err) {
      if (err !== rollback) throw err
    }
    return counts
  }

  async listDirectory(q: { regionPath: string; riskId?: string; role?: string; limit: number }): Promise<DirectoryRecord[]> {
    const rows = this.db
      .prepare(`SELECT * FROM directory WHERE region_path >= @lo AND region_path < @hi AND (@risk IS NULL OR risk_id = @risk)
        AND (@role IS NULL OR role = @role) ORDER BY region_path, risk_id, role, name LIMIT @limit`)
      .all({ ...subtreeRange(q.regionPath), risk: q.riskId ?? null, role: q.role ?? null, limit: q.limit }) as PersonRow[]
    return rows.map(deskRows.person)
  }

  async getPerson(id: number): Promise<DirectoryRecord | null> {
    const r = this.db.prepare(`SELECT * FROM directory WHERE id = ?`).get(id) as PersonRow | undefined
    return r ? deskRows.person(r) : null
  }

  async contactsOf(q: { regionCodes: readonly string[]; riskId: string | null }): Promise<DirectoryRecord[]> {
    const rows = this.db
      .prepare(`SELECT * FROM directory WHERE (? IS NOT NULL AND risk_id = ?)
        OR (risk_id = '' AND region_code IN (SELECT value FROM json_each(?))) ORDER BY role, name`)
      .all(q.riskId, q.riskId, JSON.stringify(q.regionCodes)) as PersonRow[]
    return rows.map(deskRows.person)
  }
}
