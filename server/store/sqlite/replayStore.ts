import type Database from 'better-sqlite3'
import type { AlarmTally, ReplayStore, SnapshotMeta, StoredSnapshot } from '../replay'
import type { LoggedEvent } from '../types'

/** Subjects per query: SQLite's json_each takes any number, but a page keeps each read short. */
const SUBJECTS_PER_READ = 2000

/**
 * Snapshots of the aggregates and the reads of a replay, in SQLite (see store/replay.ts). The
 * snapshots are written to their own file (snapshotFile.ts); those an older version wrote into the
 * store's file are still read from there, and deleted from there, until retention has thinned them.
 */
export class SqliteReplayStore implements ReplayStore {
  private readonly s
  /** Snapshot rows of an older version in the store's file: read and deleted, never written. */
  private readonly older

  /** @param db the store's file (log, alarms); @param snapshots the snapshot file (openSnapshotFile). */
  constructor(db: Database.Database, snapshots: Database.Database) {
    this.s = {
      put: snapshots.prepare(`INSERT OR REPLACE INTO snapshots (seq, at, version, bytes, body) VALUES (@seq, @at, @version, @bytes, @body)`),
      ...snapshotReads(snapshots),
      history: db.prepare<[string, number], { seq: number; id: string; type: LoggedEvent['type']; at: number; body: string }>(
        `SELECT seq, id, type, at, body FROM events WHERE subject IN (SELECT value FROM json_each(?)) AND seq <= ? ORDER BY seq`,
      ),
      alarms: db.prepare<[number, number, number, number], { region_code: string; kind: AlarmTally['kind']; raised: number; acknowledged: number }>(
        `SELECT region_code, kind,
            sum(CASE WHEN ack_at IS NULL OR ack_at > ? THEN 1 ELSE 0 END) AS raised,
            sum(CASE WHEN ack_at <= ? THEN 1 ELSE 0 END) AS acknowledged
          FROM alarms WHERE raised_at <= ? AND (closed_at IS NULL OR closed_at > ?) GROUP BY region_code, kind`,
      ),
    }
    this.older = snapshotReads(db)
    this.snapshots = snapshots
    this.db = db
  }

  private readonly db: Database.Database
  private readonly snapshots: Database.Database

  async putSnapshot(s: StoredSnapshot): Promise<void> {
    this.s.put.run({ seq: s.seq, at: s.at, version: s.version, bytes: s.body.length, body: s.body })
  }

  async latestSnapshot(maxSeq: number, version: number): Promise<SnapshotMeta | null> {
    const own = this.s.latest.get(maxSeq, version)
    const older = this.older.latest.get(maxSeq, version)
    if (!older) return own ?? null
    return own && own.seq >= older.seq ? own : older
  }

  async snapshotBody(seq: number): Promise<Buffer | null> {
    return (this.s.body.get(seq) ?? this.older.body.get(seq))?.body ?? null
  }

  async listSnapshots(): Promise<SnapshotMeta[]> {
    const own = this.s.list.all()
    const older = this.older.list.all()
    if (older.length === 0) return own
    const seqs = new Set(own.map((m) => m.seq))
    return [...own, ...older.filter((m) => !seqs.has(m.seq))].sort((a, b) => a.seq - b.seq)
  }

  async deleteSnapshots(seqs: readonly number[]): Promise<void> {
    this.snapshots.transaction(() => {
      for (const seq of seqs) this.s.remove.run(seq)
    })()
    // The store's file is written (its write lock taken) only for rows it still holds.
    const older = seqs.filter((seq) => this.older.has.get(seq))
    if (older.length === 0) return
    this.db.transaction(() => {
      for (const seq of older) this.older.remove.run(seq)
    })()
  }

  async historyOf(subjects: readonly string[], maxSeq: number): Promise<LoggedEvent[]> {
    const out: LoggedEvent[] = []
    for (let i = 0; i < subjects.length; i += SUBJECTS_PER_READ) {
      const rows = this.s.history.all(JSON.stringify(subjects.slice(i, i + SUBJECTS_PER_READ)), maxSeq)
      for (const r of rows) out.push({ seq: r.seq, id: r.id, type: r.type, at: r.at, event: JSON.parse(r.body) })
    }
    return out.sort((a, b) => a.seq - b.seq)
  }

  async alarmTalliesAt(t: number): Promise<AlarmTally[]> {
    return this.s.alarms.all(t, t, t, t).map((r) => ({ regionCode: r.region_code, kind: r.kind, raised: r.raised, acknowledged: r.acknowledged }))
  }
}

/** The reads and the delete of a `snapshots` table (the snapshot file's, or an older version's in the store's file). */
function snapshotReads(db: Database.Database) {
  return {
    latest: db.prepare<[number, number], SnapshotMeta>(
      `SELECT seq, at, version, bytes FROM snapshots WHERE seq <= ? AND version = ? ORDER BY seq DESC LIMIT 1`,
    ),
    body: db.prepare<[number], { body: Buffer }>(`SELECT body FROM snapshots WHERE seq = ?`),
    list: db.prepare<[], SnapshotMeta>(`SELECT seq, at, version, bytes FROM snapshots ORDER BY seq`),
    has: db.prepare<[number], { one: number }>(`SELECT 1 AS one FROM snapshots WHERE seq = ?`),
    remove: db.prepare<[number]>(`DELETE FROM snapshots WHERE seq = ?`),
  }
}
