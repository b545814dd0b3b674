import { subtreeRange } from '../common/subtree'
import type { DeskStore, DirectoryRecord, DutyLogRecord, HandoverRecord, NewDirectoryRecord, RosterRecord } from '../desk'
import { deskRows, type HandoverRow, type LogRow, type PersonRow, type RosterRow } from '../common/deskRows'
import { tx, type Db } from './db'

export class PgDeskStore implements DeskStore {
  constructor(private readonly db: Db) {}

  async appendLog(e: Omit<DutyLogRecord, 'id'>, regionPath: string): Promise<DutyLogRecord> {
    const { rows } = await this.db.query<{ id: number }>(
      `INSERT INTO duty_log (at, actor, region_code, region_path, text, notable) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [e.at, e.actor, e.regionCode, regionPath, e.text, e.notable],
    )
    return { ...e, id: rows[0]!.id }
  }

  async listLog(q: { regionPath: string; from?: number; to?: number; notable?: boolean; limit: number }): Promise<DutyLogRecord[]> {
    const { lo, hi } = subtreeRange(q.regionPath)
    const { rows } = await this.db.query<LogRow>(
      `SELECT * FROM duty_log WHERE region_path >= $1 AND region_path < $2
        AND ($3::bigint IS NULL OR at >= $3) AND ($4::bigint IS NULL OR at < $4) AND ($5::boolean IS NULL OR notable = $5)
        ORDER BY at, id LIMIT $6`,
      [lo, hi, q.from ?? null, q.to ?? null, q.notable ?? null, q.limit],
    )
    return rows.map(deskRows.log)
  }

  async putRoster(r: RosterRecord, regionPath: string): Promise<void> {
    await this.db.query(
      `INSERT INTO roster (day, shift, region_code, region_path, officers, leader, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        ON CONFLICT (day, shift, region_code) DO UPDATE SET officers = excluded.officers, leader = excluded.leader,
          updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      [r.day, r.shift, r.regionCode, regionPath, JSON.stringify(r.officers), r.leader, r.updatedBy, r.updatedAt],
    )
  }

  async listRoster(q: { fromDay: string; toDay: string; regionCodes?: readonly string[] }): Promise<RosterRecord[]> {
    const { rows } = await this.db.query<RosterRow>(
      `SELECT * FROM roster WHERE day >= $1 AND day <= $2 AND ($3::text[] IS NULL OR region_code = ANY($3::text[]))
        ORDER BY day, shift, region_code`,
      [q.fromDay, q.toDay, q.regionCodes ? [...q.regionCodes] : null],
    )
    return rows.map(deskRows.roster)
  }

  async saveHandover(h: Omit<HandoverRecord, 'id'>, regionPath: string): Promise<HandoverRecord> {
    const { rows } = await this.db.query<{ id: number }>(
      `INSERT INTO handovers (region_code, region_path, day, shift, period_from, period_to, created_by, created_at, note, content)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [h.regionCode, regionPath, h.day, h.shift, h.from, h.to, h.createdBy, h.createdAt, h.note, JSON.stringify(h.content)],
    )
    return { ...h, id: rows[0]!.id }
  }

  async getHandover(id: number): Promise<HandoverRecord | null> {
    const r = (await this.db.query<HandoverRow>(`SELECT * FROM handovers WHERE id = $1`, [id])).rows[0]
    return r ? deskRows.handover(r) : null
  }

  async listHandovers(q: { regionPath: string; from?: number; to?: number; limit: number }): Promise<HandoverRecord[]> {
    const { lo, hi } = subtreeRange(q.regionPath)
    const { rows } = await this.db.query<HandoverRow>(
      `SELECT * FROM handovers WHERE region_path >= $1 AND region_path < $2
        AND ($3::bigint IS NULL OR created_at >= $3) AND ($4::bigint IS NULL OR created_at < $4)
        ORDER BY created_at DESC, id DESC LIMIT $5`,
      [lo, hi, q.from ?? null, q.to ?? null, q.limit],
    )
    return rows.map(deskRows.handover)
  }

  async importDirectory(
    people: readonly NewDirectoryRecord[],
    meta: { by: string; at: number; dryRun: boolean },
    pathOf: (code: string) => string,
  ): Promise<{ created: number; updated: number }> {
    const cols = [
      people.map((p) => p.name),
      people.map((p) => p.phone),
      people.map((p) => p.role),
      people.map((p) => p.regionCode),
      people.map((p) => pathOf(p.regionCode)),
      people.map((p) => p.riskId ?? ''),
    ]
    const rollback = new Error('dry run')
    let counts = { created: 0, updated: 0 }
    try {
      await tx(this.db, async (c) => {
        // xmax = 0: the row was inserted by this statement, not updated.
        const { rows } = await c.query<{ inserted: boolean }>(
          `INSERT INTO directory (name, phone, role, region_code, region_path, risk_id, updated_by, updated_at)
            SELECT n, p, r, rc, rp, ri, $7, $8 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS t(n, p, r, rc, rp, ri)
            ON CONFLICT (region_code, risk_id, role, name) DO UPDATE SET phone = excluded.phone, updated_by = excluded.updated_by, updated_at = excluded.updated_at
            RETURNING (xmax = 0) AS inserted`,
          [...cols, meta.by, meta.at],
        )
        const created = rows.filter((r) => r.inserted).length
        counts = { created, updated: rows.length - created }
        if (meta.dryRun) throw rollback
      })
    } catch (err) {
      if (err !== rollback) throw err
    }
    return counts
  }

  async listDirectory(q: { regionPath: string; riskId?: string; role?: string; limit: number }): Promise<DirectoryRecord[]> {
    const { lo, hi } = subtreeRange(q.regionPath)
    const { rows } = await this.db.query<PersonRow>(
      `SELECT * FROM directory WHERE region_path >= $1 AND region_path < $2 AND ($3::text IS NULL OR risk_id = $3)
        AND ($4::text IS NULL OR role = $4) ORDER BY region_path, risk_id COLLATE "C", role COLLATE "C", name COLLATE "C" LIMIT $5`,
      [lo, hi, q.riskId ?? null, q.role ?? null, q.limit],
    )
    return rows.map(deskRows.person)
  }

  async getPerson(id: number): Promise<DirectoryRecord | null> {
    const r = (await this.db.query<PersonRow>(`SELECT * FROM directory WHERE id = $1`, [id])).rows[0]
    return r ? deskRows.person(r) : null
  }

  async contactsOf(q: { regionCodes: readonly string[]; riskId: string | null }): Promise<DirectoryRecord[]> {
    const { rows } = await this.db.query<PersonRow>(
      `SELECT * FROM directory WHERE ($1::text IS NOT NULL AND risk_id = $1)
        OR (risk_id = '' AND region_code = ANY($2::text[])) ORDER BY role COLLATE "C", name COLLATE "C"`,
      [q.riskId, [...q.regionCodes]],
    )
    return rows.map(deskRows.person)
  }
}
