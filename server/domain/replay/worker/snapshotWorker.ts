import path from 'node:path'
import { parentPort, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'
import { RegionTree } from '../../../../shared/regions/tree'
import { SqliteLog } from '../../../store/sqlite/log'
import { SqliteReplayStore } from '../../../store/sqlite/replayStore'
import type { AggregatorDump } from '../../aggregate/aggregator'
import { Replayer } from '../replayer'
import { snapshotsToDrop } from '../retention'
import { encodeSnapshot } from '../snapshotCodec'
import type { DumpHead, SnapshotReply, SnapshotRequest, SnapshotWorkerData } from './protocol'

/**
 * The snapshot thread: its own connection to the store (WAL: it reads what is committed while the
 * main thread writes) and its own Replayer, kept built from one snapshot to the next, so each
 * request replays only the log since the last one. It encodes the snapshot and writes its row
 * itself, and drops the rows retention no longer keeps: a row is 15–25 MB at a million cases, and
 * writing it (with the WAL checkpoint its commit sets off) or deleting it on the main thread held
 * the event loop for hundreds of ms to seconds. It writes nothing else; the log stays the main
 * thread's (SQLite serialises the two writers, and the log's appends take their own lock first).
 */
const data = workerData as SnapshotWorkerData
const db = new Database(path.join(data.dataDir, 'yiping.sqlite'), { fileMustExist: true })
db.pragma('busy_timeout = 5000')
// A snapshot lost to a power cut is written again from the log: no fsync of the WAL per row.
db.pragma('synchronous = NORMAL')
const log = new SqliteLog(db, { clock: Date.now, nodeId: 'snapshot-thread' })
const replay = new SqliteReplayStore(db)
const replayer = new Replayer(
  {
    store: { readBatches: async (after, max) => log.readBatches(after, max), seqAt: async (t) => log.seqAt(t), replay },
    tree: new RegionTree(data.regions),
    limits: data.limits,
    disputeCategories: data.disputeCategories,
  },
  // One aggregator moved forward from request to request; a stored snapshot only when it is ahead,
  // and then never again (none kept decoded).
  { cacheSize: 1, snapshotCacheBytes: 0 },
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

type Watched = AggregatorDump['watched']

/** The live dump being received (`dumpHead`, then the cases sent with it slice by slice until `dumpEnd`). */
let receiving: { id: number; head: DumpHead; sent: Watched } | null = null
/** The unresolved cases of the last live dump stored, which the next one refers to (DumpHead's `order`). */
let held: { id: number; watched: Watched } | null = null

/**
 * A live aggregator's dump, whole: its cases in its order, each the one held from the last dump or
 * the one sent with this one; encoded as the replayer's own would be (snapshotCodec.ts) and stored
 * at its position and instant. The cases are kept for the next dump, and nothing changes them
 * (states are immutable, and the encoder only reads).
 */
async function putDump(id: number): Promise<number> {
  const got = receiving
  receiving = null
  if (!got || got.id !== id) throw new Error('a live dump ended that did not begin')
  const { order, base, sent: count, ...head } = got.head
  const before = base === null ? [] : held?.id === base ? held.watched : null
  // Dropped first: a failure below leaves nothing for a later dump to refer to.
  held = null
  if (!before) throw new Error(`a live dump refers to dump ${base}, which this thread does not hold`)
  if (got.sent.length !== count) throw new Error(`a live dump of ${count} changed cases arrived with ${got.sent.length}`)
  const watched: Watched = new Array(order.length)
  for (let i = 0; i < order.length; i++) {
    const o = order[i]!
    const w = o >= 0 ? before[o] : got.sent[-1 - o]
    if (!w) throw new Error('a live dump refers to a case it does not hold')
    watched[i] = w
  }
  const body = await encodeSnapshot({ ...head, watched })
  await replay.putSnapshot({ seq: head.seq, at: head.at, version: replayer.version, bytes: body.length, body })
  held = { id, watched }
  return body.length
}

const handle = (req: SnapshotRequest): Promise<number> | null => {
  switch (req.kind) {
    case 'write':
      return replayer.snapshot(req.seq, req.at)
    case 'thin':
      return thin(req.now)
    case 'dumpHead':
      receiving = { id: req.id, head: req.head, sent: [] }
      return null
    case 'dumpCases':
      if (receiving?.id === req.id) for (const w of req.cases) receiving.sent.push(w)
      return null
    case 'dumpEnd':
      return putDump(req.id)
  }
}

parentPort!.on('message', (req: SnapshotRequest) => {
  const work = handle(req)
  if (!work) return
  work.then(
    (value) => parentPort!.postMessage({ id: req.id, ok: true, value } satisfies SnapshotReply),
    (err: unknown) => parentPort!.postMessage({ id: req.id, ok: false, message: err instanceof Error ? err.message : String(err) } satisfies SnapshotReply),
  )
})
