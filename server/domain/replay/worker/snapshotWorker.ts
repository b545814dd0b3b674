import os from 'node:os'
import path from 'node:path'
import { parentPort, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'
import { RegionTree } from '../../../../shared/regions/tree'
import { SqliteLog } from '../../../store/sqlite/log'
import { SqliteReplayStore } from '../../../store/sqlite/replayStore'
import { openSnapshotFile } from '../../../store/sqlite/snapshotFile'
import { answerRead } from '../reads'
import { Replayer } from '../replayer'
import { snapshotsToDrop } from '../retention'
import type { SnapshotReply, SnapshotRequest, SnapshotWorkerData } from './protocol'

/**
 * The snapshot thread: its own connections to the store (WAL: it reads what is committed while the
 * main thread writes) and its own Replayer, kept built from one snapshot to the next, so each
 * request replays only the log since the last one. It encodes the snapshot and writes its row
 * itself, and drops the rows retention no longer keeps: a row is 15–25 MB at a million cases, and
 * writing it (with the WAL checkpoint its commit sets off) or deleting it on the main thread held
 * the event loop for hundreds of ms to seconds. It writes its rows to the snapshot file
 * (store/sqlite/snapshotFile.ts), never to the log's: there they held the live commits' fsyncs. In
 * the log's file it only deletes the rows an older version left there.
 */
const data = workerData as SnapshotWorkerData
// On Linux a nice value belongs to one thread, and `setPriority` without a pid sets the calling
// one's: this thread's alone. Best effort: where it cannot, it runs as the rest of the process.
if (data.nice)
  try {
    os.setPriority(data.nice)
  } catch {
    // Kept at the process's priority.
  }
const db = new Database(path.join(data.dataDir, 'yiping.sqlite'), { fileMustExist: true })
db.pragma('busy_timeout = 5000')
const log = new SqliteLog(db, { clock: Date.now, nodeId: 'snapshot-thread' })
const replay = new SqliteReplayStore(db, openSnapshotFile(data.dataDir))
const replayer = new Replayer(
  {
    store: { readBatches: async (after, max) => log.readBatches(after, max), seqAt: async (t) => log.seqAt(t), replay },
    tree: new RegionTree(data.regions),
    limits: data.limits,
    disputeCategories: data.disputeCategories,
  },
  // Writing snapshots: one aggregator moved forward from request to request; a stored snapshot
  // only when it is ahead, and then never again (none kept decoded). Answering reads: as the main
  // thread's replayer (plugins/app/replay.ts).
  data.role === 'reads' ? {} : { cacheSize: 1, snapshotCacheBytes: 0 },
)

async function thin(now: number): Promise<number> {
  const metas = await replay.listSnapshots()
  const current = metas.filter((m) => m.version === replayer.version)
  const stale = metas.filter((m) => m.version !== replayer.version).map((m) => m.seq)
  const drop = [...stale, ...snapshotsToDrop(current, now)]
  // One row per transaction: each delete frees one row's pages, and the main thread's next batch waits for no more than that.
  for (const seq of drop) await replay.deleteSnapshots([seq])
  return drop.length
}

function handle(req: SnapshotRequest): Promise<unknown> {
  switch (req.kind) {
    case 'write':
      return replayer.snapshot(req.seq, req.at)
    case 'thin':
      return thin(req.now)
    case 'summary':
    case 'detail':
      return answerRead(replayer, req)
    case 'clear':
      replayer.clear()
      return Promise.resolve(0)
  }
}

parentPort!.on('message', (req: SnapshotRequest) => {
  handle(req).then(
    (value) => parentPort!.postMessage({ id: req.id, ok: true, value } satisfies SnapshotReply),
    (err: unknown) => parentPort!.postMessage({ id: req.id, ok: false, message: err instanceof Error ? err.message : String(err) } satisfies SnapshotReply),
  )
})
