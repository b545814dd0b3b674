import type { AlarmTally, ReplayStore, SnapshotMeta, StoredSnapshot } from '../replay'
import type { LoggedEvent } from '../types'
import type { Db } from './db'

const SUBJECTS_PER_READ = 5000

/** Snapshots of the aggregates and the reads of a replay, in PostgreSQL (see store/replay.ts). */
export class PgReplayStore implements ReplayStore {
  constructor(private readonly db: Db) {}

  async putSnapshot(s: StoredSnapshot): Promise<void> {
    await this.db.query(
      `INSERT INTO snapshots (seq, at, version, bytes, body) VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (seq) DO UPDATE SET at = excluded.at, version = excluded.version, bytes = excluded.bytes, body = excluded.body`,
      [s.seq, s.at, s.version, s.body.length, s.body],
    )
  }

  async latestSnapshot(maxSeq: number, version: number): Promise<SnapshotMeta | null> {
    const { rows } = await this.db.query<SnapshotMeta>(
      `SELECT seq, at, version, bytes FROM snapshots WHERE seq <= $1 AND version = $2 ORDER BY seq DESC LIMIT 1`,
      [maxSeq, version],
    )
    return rows[0] ?? null
  }

  async snapshotBody(seq: number): Promise<Buffer | null> {
    return (await this.db.query<{ body: Buffer }>(`SELECT body FROM snapshots WHERE seq = $1`, [seq])).rows[0]?.body ?? null
  }

  async listSnapshots(): Promise<SnapshotMeta[]> {
    return (await this.db.query<SnapshotMeta>(`SELECT seq, at, version, bytes FROM snapshots ORDER BY seq`)).rows
  }

  async deleteSnapshots(seqs: readonly number[]): Promise<void> {
    if (seqs.length) await this.db.query(`DELETE FROM snapshots WHERE seq = ANY($1::bigint[])`, [seqs])
  }

  async historyOf(subjects: readonly string[], maxSeq: number): Promise<LoggedEvent[]> {
    const out: LoggedEvent[] = []
    for (let i = 0; i < subjects.length; i += SUBJECTS_PER_READ) {
      const { rows } = await this.db.query<{ seq: number; id: string; type: LoggedEvent['type']; at: number; body: string }>(
        `SELECT seq, id, type, at, body FROM events WHERE subject = ANY($1::text[]) AND seq <= $2 ORDER BY seq`,
        [subjects.slice(i, i + SUBJECTS_PER_READ), maxSeq],
      )
      for (const r of rows) out.push({ seq: r.seq, id: r.id, type: r.type, at: r.at, event: JSON.parse(r.body) })
    }
    return out.sort((a, b) => a.seq - b.seq)
  }

  async alarmTalliesAt(t: number): Promise<AlarmTally[]> {
    const { rows } = await this.db.query<{ region_code: string; kind: AlarmTally['kind']; raised: number; acknowledged: number }>(
      `SELECT region_code, kind,
          count(*) FILTER (WHERE ack_at IS NULL OR ack_at > $1) AS raised,
          count(*) FILTER (WHERE ack_at <= $1) AS acknowledged
        FROM alarms WHERE raised_at <= $1 AND (closed_at IS NULL OR closed_at > $1) GROUP BY region_code, kind`,
      [t],
    )
    return rows.map((r) => ({ regionCode: r.region_code, kind: r.kind, raised: r.raised, acknowledged: r.acknowledged }))
  }
}
