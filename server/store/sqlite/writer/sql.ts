import { CASE_COLUMNS } from '../rows'

/**
 * The statements that write a batch of the log and its current state: prepared by the writer
 * thread's connection (writerWorker.mjs) and, for the raw-SQL limit of the bench, by the store's own.
 */
export const WRITE_SQL = {
  head: `SELECT seq, committed_at FROM batches ORDER BY seq DESC LIMIT 1`,
  insertEvent: `INSERT INTO events (seq, id, type, at, received_at, body, subject) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  insertBatch: `INSERT INTO batches (seq, first_seq, committed_at, node_id, key_id, actor) VALUES (?, ?, ?, ?, ?, ?)`,
  upsertCase: `INSERT INTO cases (${CASE_COLUMNS.join(', ')}) VALUES (${CASE_COLUMNS.map(() => '?').join(', ')})
    ON CONFLICT (id) DO UPDATE SET stage = excluded.stage, due_at = excluded.due_at, resolved_at = excluded.resolved_at,
      followed_up_at = excluded.followed_up_at, supervised_color = excluded.supervised_color, updated_at = excluded.updated_at,
      overdue_from = excluded.overdue_from, green_from = excluded.green_from, yellow_from = excluded.yellow_from,
      red_from = excluded.red_from, state = excluded.state`,
  upsertRisk: `INSERT INTO risks (id, region_code, region_path, status, state) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (id) DO UPDATE SET status = excluded.status, state = excluded.state`,
  upsertCamera: `INSERT INTO cameras (id, name, region_code, region_path, lng, lat, stream_url, platform_url, registered_at)
    VALUES (@id, @name, @regionCode, @path, @lng, @lat, @streamUrl, @platformUrl, @registeredAt)
    ON CONFLICT (id) DO UPDATE SET name = excluded.name, region_code = excluded.region_code, region_path = excluded.region_path,
      lng = excluded.lng, lat = excluded.lat, stream_url = excluded.stream_url, platform_url = excluded.platform_url,
      registered_at = excluded.registered_at`,
} as const

/** The statements of the alarm writes made during ingest (raise, clear) and of an ingest key's last use, prepared by the writer thread. */
export const DUTY_SQL = {
  raise: `INSERT OR IGNORE INTO alarms (episode, kind, subject_id, region_code, region_path, title, status, raised_at)
    VALUES (?, ?, ?, ?, ?, ?, 'raised', ?)`,
  clear: `UPDATE alarms SET cleared_at = ? WHERE id = ? AND status = ? AND cleared_at IS NULL`,
  close: `UPDATE alarms SET status = 'closed', closed_by = ?, closed_at = ?, close_note = ? WHERE id = ?`,
  audit: `INSERT INTO audit (at, actor, action, target, note, region_code, region_path) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  byId: `SELECT * FROM alarms WHERE id = ?`,
  byEpisode: `SELECT * FROM alarms WHERE episode = ?`,
  touchKey: `UPDATE ingest_keys SET last_used_at = ? WHERE id = ?`,
} as const

/**
 * The connection settings of the store (sqliteStore.ts) that hold per connection: every commit
 * fsynced (synchronous=FULL), the page cache, the checkpoint interval, waiting for the other
 * connection's write lock instead of failing.
 */
export const CONNECTION_PRAGMAS = ['synchronous = FULL', 'cache_size = -65536', 'wal_autocheckpoint = 10000', 'foreign_keys = ON', 'busy_timeout = 5000'] as const
