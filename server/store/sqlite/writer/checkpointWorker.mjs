// @ts-check
// Plain JavaScript, started by the writer thread (writerWorker.mjs) without a TypeScript loader.
import { parentPort, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'

/**
 * The checkpointer of the embedded store: copies the WAL's committed pages back into the database
 * file (a PASSIVE checkpoint, which never blocks the writer nor waits for it) after the writer
 * thread's commits, on a connection and a thread of its own. Left to SQLite's automatic checkpoint,
 * every ~40 MB of WAL one COMMIT of the writer thread copied them itself (80–300 ms), holding the
 * batches of that commit and every batch queued behind it. Answers the WAL's length in frames after
 * each checkpoint; the writer uses it to let the WAL start over (writerWorker.mjs).
 */
const { file, pragmas } = /** @type {{ file: string, pragmas: readonly string[] }} */ (workerData)
const db = new Database(file)
for (const p of pragmas) db.pragma(p)
const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort)

let due = false
port.on('message', () => {
  // Commits that arrived meanwhile are covered by one checkpoint.
  if (due) return
  due = true
  setImmediate(() => {
    due = false
    const [r] = /** @type {Array<{ busy: number, log: number, checkpointed: number }>} */ (db.pragma('wal_checkpoint(PASSIVE)'))
    port.postMessage(r ? r.log : 0)
  })
})
