import { openStore } from '../server/store/open'
import { RegionTree } from '../shared/regions/tree'
import { Aggregator } from '../server/domain/aggregate/aggregator'
import { decodeSnapshot, snapshotVersion } from '../server/domain/replay/snapshotCodec'
import { applyTail } from '../server/domain/replay/tail'
import { configFromEnv } from '../server/config'
const dir = process.argv[2]!
const config = configFromEnv({ YIPING_DATA_DIR: dir })
const store = await openStore({ dataDir: dir, databaseUrl: null }, { clock: Date.now, nodeId: 'p' })
const tree = new RegionTree(await store.loadRegions())
const ctx = { tree, disputeCategories: config.disputeCategories, limits: config.timeLimits }
const v = snapshotVersion(ctx)
let t = performance.now()
const lap = (l: string) => { const n = performance.now(); console.log(l, Math.round(n - t)); t = n }
const snap = (await store.replay.latestSnapshot(Number.MAX_SAFE_INTEGER, v))!
const body = (await store.replay.snapshotBody(snap.seq))!
lap(`read body ${body.length} bytes`)
const dump = await decodeSnapshot(body)
lap(`decode (watched ${dump.watched.length})`)
const agg = new Aggregator(tree, Date.now, { disputeCategories: config.disputeCategories })
agg.restore(dump, snap.at)
lap('restore')
const head = await store.lastSeq()
const batches = (await store.readBatches(agg.seq, head - agg.seq))
lap(`read tail ${head - agg.seq} events ${batches.length} batches`)
await applyTail(agg, batches, (s, m) => store.replay.historyOf(s, m), { tree, limits: config.timeLimits })
lap('apply tail')
agg.tick()
lap('tick')
if (process.argv[3]) {
const agg2 = new Aggregator(tree, Date.now, { disputeCategories: config.disputeCategories })
await store.readState((c) => agg2.addCase(c), (r) => agg2.addRisk(r))
lap('full rebuild')
}
await store.close()
