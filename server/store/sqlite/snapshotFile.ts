import path from 'node:path'
import Database from 'better-sqlite3'
import { ensurePrivateFile, narrowIfPresent } from '../../security/fileModes'

/**
 * The snapshots of the aggregates live in a SQLite file of their own beside the store's
 * (`yiping.sqlite`), with its own WAL and its own write lock. In the store's file, a snapshot row
 * (15–20 MB at a million cases, written by the snapshot thread without an fsync) left that many
 * MB of dirty WAL pages behind it, and the next live COMMIT's fsync (synchronous=FULL) had to write
 * them all out: live commits took up to 381 ms while the snapshot thread caught up (bench/README.md,
 * 2026-12-06). Apart, a live COMMIT fsyncs only its own pages. Snapshots are derived from the log,
 * so this file is written without an fsync per row: a power cut can cost its latest rows, which
 * the server writes again from the log.
 */
export const SNAPSHOT_FILE = 'snapshots.sqlite'

const SCHEMA = `CREATE TABLE IF NOT EXISTS snapshots (
  seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, version INTEGER NOT NULL, bytes INTEGER NOT NULL, body BLOB NOT NULL
)`

/** The data directory's snapshot file, opened (created 0600 when missing, as the store's file is). */
export function openSnapshotFile(dataDir: string): Database.Database {
  const file = path.join(dataDir, SNAPSHOT_FILE)
  ensurePrivateFile(file)
  for (const suffix of ['-wal', '-shm', '-journal']) narrowIfPresent(file + suffix)
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  // The main thread reads while the snapshot thread writes or checkpoints.
  db.pragma('busy_timeout = 5000')
  db.exec(SCHEMA)
  return db
}

/**
 * Drop the snapshots that are not of this log: a row at a position the log does not hold, or whose
 * instant is not its batch's commit time (the store's file restored from a backup, or replaced,
 * beside a snapshot file kept). In one file they could not disagree; apart they can, and a
 * snapshot of another history would restore wrong figures. Returns how many went.
 */
export function dropForeignSnapshots(snapshots: Database.Database, log: Database.Database): number {
  const rows = snapshots.prepare<[], { seq: number; at: number }>(`SELECT seq, at FROM snapshots`).all()
  if (rows.length === 0) return 0
  const batch = log.prepare<[number], { committed_at: number }>(`SELECT committed_at FROM batches WHERE seq = ?`)
  const foreign = rows.filter((r) => batch.get(r.seq)?.committed_at !== r.at).map((r) => r.seq)
  if (foreign.length === 0) return 0
  const remove = snapshots.prepare<[number]>(`DELETE FROM snapshots WHERE seq = ?`)
  snapshots.transaction(() => {
    for (const seq of foreign) remove.run(seq)
  })()
  return foreign.length
}
