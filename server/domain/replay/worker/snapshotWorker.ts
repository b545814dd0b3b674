import path from 'node:path'
import { parentPort, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'
import { RegionTree } from '../../../../shared/regions/tree'
import { SqliteLog } from '../../../store/sqlite/log'
import { SqliteReplayStore } from '../../../store/sqlite/replayStore'
import { Replayer } from '../replayer'
import type { SnapshotReply, SnapshotRequest, SnapshotWorkerData } from './protocol'

/**
 * The snapshot thread: its own read-only connection to the store (WAL: it reads what is committed
 * while the main thread writes) and its own Replayer, kept built from one snapshot to the next, so
 * each request replays only the log since the last one. It encodes and hands the bytes back; the
 * main thread writes the row (the store's one writer).
 */
const data = workerData as SnapshotWorkerData
const db = new Database(path.join(data.dataDir, 'yiping.sqlite'), { readonly: true, fileMustExist: true })
db.pragma('busy_timeout = 5000')
const log = new SqliteLog(db, { clock: Date.now, nodeId: 'snapshot-thread' })
const replay = new SqliteReplayStore(db)
const replayer = new Replayer(
  {
    store: { readBatches: async (after, max) => log.readBatches(after, max), seqAt: async (t) => log.seqAt(t), replay },
    tree: new RegionTree(data.regions),
    limits: data.limits,
    disputeCategories: data.disputeCategories,
  },
  // One aggregator moved forward from request to request; a stored snapshot only when it is ahead.
  { cacheSize: 1 },
)

parentPort!.on('message', (req: SnapshotRequest) => {
  replayer.encode(req.seq, req.at).then(
    (body) => {
      // A Buffer may share a larger pool: move a copy of exactly its bytes.
      const bytes = new Uint8Array(body.length)
      bytes.set(body)
      const reply: SnapshotReply = { id: req.id, ok: true, body: bytes }
      parentPort!.postMessage(reply, [bytes.buffer])
    },
    (err: unknown) => {
      const reply: SnapshotReply = { id: req.id, ok: false, message: err instanceof Error ? err.message : String(err) }
      parentPort!.postMessage(reply)
    },
  )
})
