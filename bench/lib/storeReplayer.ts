import path from 'node:path'
import Database from 'better-sqlite3'
import { configFromEnv } from '../../server/config'
import { Replayer } from '../../server/domain/replay/replayer'
import { SqliteLog } from '../../server/store/sqlite/log'
import { SqliteReplayStore } from '../../server/store/sqlite/replayStore'
import { openSnapshotFile } from '../../server/store/sqlite/snapshotFile'
import { RegionTree, type Region } from '../../shared/regions/tree'

/**
 * A filled store (`bench/asof-cold.ts --fill`) opened for replay as the server runs it
 * (plugins/app/replay.ts), on a connection of its own: no app start (its restore of the live
 * figures is not what the replay benches measure), the tree read from the store in its order (the
 * snapshots' version depends on it).
 */
export function openStoreReplayer(dataDir: string, nodeId: string) {
  const db = new Database(path.join(dataDir, 'yiping.sqlite'), { fileMustExist: true })
  db.pragma('busy_timeout = 5000')
  const log = new SqliteLog(db, { clock: Date.now, nodeId })
  const config = configFromEnv({})
  const tree = new RegionTree(
    (db.prepare('SELECT code, name, level, parent, lng, lat FROM regions ORDER BY path').all() as Array<Region & { lng: number | null; lat: number | null }>).map(
      ({ lng, lat, ...r }) => ({ ...r, ...(lng !== null ? { lng } : {}), ...(lat !== null ? { lat } : {}) }),
    ),
  )
  const snapshotDb = openSnapshotFile(dataDir)
  const store = new SqliteReplayStore(db, snapshotDb)
  const replayer = new Replayer({
    store: { readBatches: async (after, max) => log.readBatches(after, max), seqAt: async (t) => log.seqAt(t), replay: store },
    tree,
    limits: config.timeLimits,
    disputeCategories: config.disputeCategories,
  })
  return { db, snapshotDb, log, config, tree, store, replayer }
}
