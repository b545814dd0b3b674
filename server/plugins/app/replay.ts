import { setImmediate as turn } from 'node:timers/promises'
import fp from 'fastify-plugin'
import type { RegionDetail } from '../../../shared/summary/detail'
import type { Summary } from '../../../shared/summary/schema'
import type { Aggregator } from '../../domain/aggregate/aggregator'
import { answerRead } from '../../domain/replay/reads'
import { Replayer } from '../../domain/replay/replayer'
import type { ReplayRead } from '../../domain/replay/worker/protocol'
import { snapshotsToDrop } from '../../domain/replay/retention'
import { SnapshotThread, ThreadStopped } from '../../domain/replay/worker/snapshotThread'

export interface ReplayService {
  /** Run `read` on the figures exactly as they stood at instant `t` (never the live aggregator). */
  read<R>(t: number, read: (agg: Aggregator) => R): Promise<R>
  /** The summary or the detail of a region as they stood at `read.t`, answered in the reads thread when there is one. */
  summary(read: Extract<ReplayRead, { kind: 'summary' }>): Promise<Summary>
  detail(read: Extract<ReplayRead, { kind: 'detail' }>): Promise<RegionDetail>
  /** Write the snapshots due now (every YIPING_SNAPSHOT_EVERY events of the log); resolves when done. */
  snapshotNow(): Promise<void>
  /** Forget the built aggregators (tests that move their clock back). */
  clear(): void
  /** The version of the snapshots this server writes and reads (domain/replay/snapshotCodec.ts). */
  readonly version: number
}

declare module 'fastify' {
  interface FastifyInstance {
    replay: ReplayService
  }
}

/**
 * Replay (as of): a Replayer over the store, and the snapshots it starts from (and a restart
 * starts from, plugins/app/aggregator.ts), written behind the log every YIPING_SNAPSHOT_EVERY
 * events, one at a time, and thinned with age (domain/replay/retention.ts). On the embedded store
 * a snapshot is built, encoded, stored and thinned in a worker thread of its own
 * (domain/replay/worker), so none of it holds the event loop; on PostgreSQL, or if that thread fails, it is built here with a
 * turn of the event loop between snapshots, so live ingest and pushes go first.
 */
export default fp(
  async (app) => {
    const replayer = new Replayer(
      { store: app.store, tree: app.regions, limits: app.config.timeLimits, disputeCategories: app.config.disputeCategories },
      { useSnapshots: app.config.snapshotEvery > 0 },
    )
    const every = app.config.snapshotEvery
    let lastSeq = every > 0 ? ((await app.store.replay.latestSnapshot(Number.MAX_SAFE_INTEGER, replayer.version))?.seq ?? 0) : 0
    let running: Promise<void> | null = null
    let closing = false
    /** A thread of the snapshot module on this store (embedded, snapshots on), or none. */
    const threadOf = (own: { nice: number } | { role: 'reads' }): SnapshotThread | null =>
      every > 0 && app.store.kind === 'sqlite'
        ? new SnapshotThread({
            dataDir: app.config.dataDir,
            regions: app.regions.list(),
            limits: app.config.timeLimits,
            disputeCategories: [...app.config.disputeCategories],
            ...own,
          })
        : null
    // Below the event loop and the writer thread, which it would otherwise take cores from during
    // a burst of ingest (bench/README.md, 2026-12-05, the event loop).
    let thread = threadOf({ nice: app.config.snapshotNice })
    // Replay reads of the summary and detail in a thread of their own (protocol.ts, `role: 'reads'`),
    // at the process's priority: a cold instant's garbage then never sets off a full collection of
    // the live figures' heap (bench/README.md, 2026-12-06). Started at the first read.
    let reads = threadOf({ role: 'reads' })
    const answer = async (read: ReplayRead): Promise<Summary | RegionDetail> => {
      if (reads) {
        try {
          return (await reads.read(read)) as Summary | RegionDetail
        } catch (err) {
          // A read's own failure (the thread answered with it) is the answer; a thread that stopped is replaced by the main thread.
          if (closing || !(err instanceof ThreadStopped)) throw err
          app.log.warn({ err }, 'the replay reads thread stopped; replays are read on the main thread from now on')
          void reads.close()
          reads = null
        }
      }
      return answerRead(replayer, read)
    }
    const write = async (seq: number, at: number): Promise<number> => {
      if (thread) {
        try {
          return await thread.write(seq, at)
        } catch (err) {
          if (closing) throw err
          app.log.warn({ err }, 'the snapshot thread failed; snapshots are built on the main thread from now on')
          void thread.close()
          thread = null
        }
      }
      return replayer.snapshot(seq, at)
    }

    const catchUp = async () => {
      let wrote = 0
      while (!closing) {
        const head = await app.store.lastSeq()
        if (head - lastSeq < every) break
        const [batch] = await app.store.readBatches(lastSeq + every - 1, 1)
        if (!batch) break
        const started = performance.now()
        const bytes = await write(batch.seq, batch.committedAt)
        app.log.debug({ seq: batch.seq, bytes, ms: Math.round(performance.now() - started) }, 'snapshot of the aggregates written')
        lastSeq = batch.seq
        wrote++
        await turn()
      }
      if (wrote > 0 && thread) {
        try {
          await thread.thin(app.clock())
          return
        } catch (err) {
          if (closing) throw err
          app.log.warn({ err }, 'the snapshot thread could not thin the snapshots; thinned on the main thread')
        }
      }
      if (wrote > 0) {
        // Snapshots of another version (older code or settings) are never read again: they go as soon as this version has one.
        const metas = await app.store.replay.listSnapshots()
        const current = metas.filter((m) => m.version === replayer.version)
        const stale = metas.filter((m) => m.version !== replayer.version).map((m) => m.seq)
        await app.store.replay.deleteSnapshots([...stale, ...snapshotsToDrop(current, app.clock())])
      }
    }
    const snapshotNow = (): Promise<void> => {
      if (every <= 0 || closing) return Promise.resolve()
      running ??= catchUp()
        .catch((err: unknown) => app.log.error({ err }, 'snapshot of the aggregates failed'))
        .finally(() => {
          running = null
        })
      return running
    }

    if (every > 0) app.ingest.onCommit((c) => void (c.batch.seq - lastSeq >= every && snapshotNow()))
    app.addHook('onReady', async () => void snapshotNow())
    app.addHook('preClose', async () => {
      closing = true
      await running
      await thread?.close()
      await reads?.close()
    })
    app.decorate('replay', {
      read: <R>(t: number, read: (agg: Aggregator) => R) => replayer.read(t, read),
      summary: (read) => answer(read) as Promise<Summary>,
      detail: (read) => answer(read) as Promise<RegionDetail>,
      snapshotNow,
      clear: () => {
        replayer.clear()
        // Its messages are taken in order: a read asked after this one finds nothing built.
        void reads?.clear().catch(() => undefined)
      },
      version: replayer.version,
    })
  },
  { name: 'replay', dependencies: ['store', 'regions', 'ingest'] },
)
