import { setImmediate as turn } from 'node:timers/promises'
import fp from 'fastify-plugin'
import type { RegionDetail } from '../../../shared/summary/detail'
import type { Summary } from '../../../shared/summary/schema'
import type { Aggregator } from '../../domain/aggregate/aggregator'
import { answerRead } from '../../domain/replay/reads'
import { Replayer } from '../../domain/replay/replayer'
import type { ReplayRead } from '../../domain/replay/worker/protocol'
import { KEEP_ALL_MS, snapshotsToDrop } from '../../domain/replay/retention'
import { SnapshotThread, ThreadStopped } from '../../domain/replay/worker/snapshotThread'

export interface ReplayService {
  /** Run `read` on the figures exactly as they stood at instant `t` (never the live aggregator). */
  read<R>(t: number, read: (agg: Aggregator) => R): Promise<R>
  /** The summary or the detail of a region as they stood at `read.t`, answered in the reads thread when there is one. */
  summary(read: Extract<ReplayRead, { kind: 'summary' }>): Promise<Summary>
  detail(read: Extract<ReplayRead, { kind: 'detail' }>): Promise<RegionDetail>
  /**
   * Write the snapshots due now (every YIPING_SNAPSHOT_EVERY events of the log; more than one
   * behind, the head's alone) and, if the log has been quiet for YIPING_SNAPSHOT_FILL_QUIET_MS, the
   * ones a catch-up skipped; resolves when done.
   */
  snapshotNow(): Promise<void>
  /** Snapshots a catch-up skipped and the fill has still to write (retention's keep permitting). */
  pendingFill(): Promise<number>
  /** Call `listener` after each snapshot written; the next waits for it. */
  onWritten(listener: (s: WrittenSnapshot) => void | Promise<void>): void
  /** Forget the built aggregators (tests that move their clock back). */
  clear(): void
  /** The version of the snapshots this server writes and reads (domain/replay/snapshotCodec.ts). */
  readonly version: number
}

/** A snapshot just written: its log position, its instant, and whether it fills a gap a catch-up left. */
export interface WrittenSnapshot {
  seq: number
  at: number
  fill: boolean
}

declare module 'fastify' {
  interface FastifyInstance {
    replay: ReplayService
  }
}

/**
 * Replay (as of): a Replayer over the store, and the snapshots it starts from (and a restart
 * starts from, plugins/app/aggregator.ts), written behind the log every YIPING_SNAPSHOT_EVERY
 * events, one at a time, and thinned with age (domain/replay/retention.ts). A catch-up more than
 * one snapshot behind (a burst of ingest) writes the head's alone; the ones it skipped are filled in,
 * oldest first, once no batch has been committed for YIPING_SNAPSHOT_FILL_QUIET_MS, and a commit
 * stops the fill until the next quiet period. On the embedded store
 * a snapshot is built, encoded, stored and thinned in a worker thread of its own
 * (domain/replay/worker), so none of it holds the event loop; on PostgreSQL, or if that thread fails, it is built here with a
 * turn of the event loop between snapshots, so live ingest and pushes go first.
 */
/** A fill while the log trickles pauses this many times as long as its snapshot took (at most a quarter of a core). */
const FILL_PACE = 3

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
        ? new SnapshotThread(
            {
              dataDir: app.config.dataDir,
              regions: app.regions.list(),
              limits: app.config.timeLimits,
              disputeCategories: [...app.config.disputeCategories],
              ...own,
            },
            undefined,
            // Ended when idle: what it keeps built is as large as the live figures (bench/README.md, 2026-12-06, the server's RSS after a snapshot).
            app.config.snapshotThreadIdleMs,
          )
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

    /** Milliseconds without a commit after which the log counts as quiet and the skipped snapshots are written. */
    const quietMs = app.config.snapshotFillQuietMs
    /**
     * The clock of the last commit. The server's start counts as one: its own work (the restore, the
     * first reads) goes first, and a fill waits the same quiet period after it.
     */
    let lastCommit = app.clock()
    /** The commits of the last quiet period: [clock, events]; a burst is a snapshot interval's worth of events in it. */
    const recent: Array<[number, number]> = []
    /** The events of `recent`, kept as commits come and go (asked at every commit). */
    let recentSum = 0
    const recentEvents = () => {
      const from = app.clock() - quietMs
      while (recent.length > 0 && recent[0]![0] <= from) recentSum -= recent.shift()![1]
      return recentSum
    }
    const deferMs = app.config.snapshotFillDeferMs
    /**
     * Events of the log between two snapshots written now: YIPING_SNAPSHOT_EVERY, or in a burst (a
     * snapshot interval's worth of events committed within the quiet period)
     * YIPING_SNAPSHOT_BURST_EVERY: the head's snapshot that far apart, the ones between filled in
     * after the burst like any skipped. Encoding every open case each 20,000 events cost a burst of
     * ingest ~10 % of its server CPU (bench/README.md, 2026-12-06, snapshots further apart in a
     * burst); a restart in it replays up to that many events of tail.
     */
    const due = () => (recentEvents() >= every ? burstEvery : every)
    const burstEvery = app.config.snapshotBurstEvery > 0 ? Math.max(every, app.config.snapshotBurstEvery) : 5 * every
    /** The log's head as the last commit or catch-up saw it. */
    let committedHead = 0
    /** The clock when a catch-up last skipped snapshots (the burst's end, for the deferral); null when none are left to fill. */
    let skippedAt: number | null = null
    /** A fill while the log trickles (paced) waits until then before the next. */
    let pacedUntil = 0
    /**
     * Whether a skipped snapshot may be filled now: 'quiet' when no batch has been committed for
     * YIPING_SNAPSHOT_FILL_QUIET_MS (then one after another); 'paced' when YIPING_SNAPSHOT_FILL_DEFER_MS
     * has passed since a catch-up last skipped some and the log only trickles (fewer events in the quiet period than
     * one snapshot interval): a live feed that commits every few seconds never falls quiet, and its
     * gaps would otherwise stay unfilled, each `asOf` instant in them replaying a longer tail. Paced,
     * one snapshot and then a pause FILL_PACE times as long as it took, so the fill takes at most a
     * quarter of a core beside live pushes.
     */
    const fillMode = (): 'quiet' | 'paced' | null => {
      const now = app.clock()
      if (now - lastCommit >= quietMs) return 'quiet'
      if (skippedAt !== null && now - skippedAt >= deferMs && now >= pacedUntil && recentEvents() < every) return 'paced'
      return null
    }
    /** False once a pass found no snapshot to fill; true again when a catch-up skips some. */
    let mayFill = every > 0
    let fillTimer: NodeJS.Timeout | null = null
    /** Listeners told of each snapshot written, awaited before the next (the tests' hold on the fill). */
    const written: Array<(s: WrittenSnapshot) => void | Promise<void>> = []

    const writeAt = async (batch: { seq: number; committedAt: number }, fill: boolean) => {
      const started = performance.now()
      const bytes = await write(batch.seq, batch.committedAt)
      app.log.debug({ seq: batch.seq, bytes, fill, ms: Math.round(performance.now() - started) }, 'snapshot of the aggregates written')
      if (fill && toFill) setFill(toFill.filter((p) => p.seq !== batch.seq))
      for (const l of written) await l({ seq: batch.seq, at: batch.committedAt, fill })
    }

    /** The snapshots due at the log's head: one per YIPING_SNAPSHOT_EVERY events, or, more than one behind, the head's alone. */
    const catchUp = async (): Promise<number> => {
      let wrote = 0
      while (!closing) {
        const head = await app.store.lastSeq()
        committedHead = Math.max(committedHead, head)
        if (head - lastSeq < due()) break
        // More than one snapshot behind (a burst of ingest outran the encodes, each ~3 s of CPU at
        // 340,000 unresolved cases): the head's snapshot now, so a restart replays a short tail, and
        // the ones in between once the log is quiet (work, fillPoints). One per YIPING_SNAPSHOT_EVERY events
        // here kept the cores busy for a minute or more after a burst, while the live pushes waited
        // behind them (bench/README.md, 2026-12-06, the coalesced catch-up and its fill).
        const skip = head - lastSeq >= 2 * every
        const [batch] = await app.store.readBatches(skip ? head - 1 : lastSeq + every - 1, 1)
        if (!batch) break
        await writeAt(batch, false)
        lastSeq = batch.seq
        if (skip) {
          mayFill = true
          skippedAt = app.clock()
          // A new gap: the points left to fill are read from the log again, once, at the next count.
          setFill(null)
        }
        wrote++
        await turn()
      }
      return wrote
    }

    /**
     * The position up to which the stored snapshots have no gap left to fill: snapshots are only
     * added after it (the catch-up's, the fill's in a gap past it) or thinned before it.
     */
    let complete = 0
    /**
     * The oldest snapshot a catch-up skipped: between two stored snapshots of this version further
     * apart than YIPING_SNAPSHOT_EVERY events, the batch a catch-up one at a time would have written
     * after the earlier one. Not those retention would drop at once (older than KEEP_ALL_MS: there it
     * keeps one a day), nor past the latest snapshot (the catch-up's). `count`: how many there are.
     */
    const fillPoints = async (count: boolean): Promise<{ next: { seq: number; committedAt: number } | null; points: Array<{ seq: number; at: number }> }> => {
      const stored = (await app.store.replay.listSnapshots()).filter((m) => m.version === replayer.version).sort((a, b) => a.seq - b.seq)
      // The log's start, before the first: a store caught up from nothing (or from another version's snapshots).
      const metas = [{ seq: 0, at: 0 }, ...stored]
      const kept = app.clock() - KEEP_ALL_MS
      let next: { seq: number; committedAt: number } | null = null
      const points: Array<{ seq: number; at: number }> = []
      for (let i = 1; i < metas.length; i++) {
        const start = metas[i - 1]!
        const end = metas[i]!
        if (end.seq <= complete) continue
        // Nothing to fill up to here: never looked at again (one read of the log per pair of snapshots).
        if (points.length === 0 && i > 1) complete = start.seq
        if (end.at < kept || end.seq - start.seq <= every) continue
        let from = start.seq
        if (start.at < kept) {
          // Straight to the stretch retention keeps whole, in steps of YIPING_SNAPSHOT_EVERY from the start.
          const old = await app.store.seqAt(kept)
          if (old > from) from += Math.floor((Math.min(old, end.seq) - from) / every) * every
        }
        for (;;) {
          const [batch] = await app.store.readBatches(from + every - 1, 1)
          if (!batch || batch.seq >= end.seq) break
          from = batch.seq
          if (batch.committedAt < kept) continue
          next ??= batch
          points.push({ seq: batch.seq, at: batch.committedAt })
          if (!count) return { next, points }
        }
      }
      return { next, points }
    }

    /**
     * The points left to fill (`GET /api/v1/replay/snapshots` asks their count every few seconds while
     * a bench or an operator watches): read from the log once (after the start, and after each catch-up
     * that skips), then kept as the fill writes them; null until read. Their instants are kept, not
     * only their count: one that ages past KEEP_ALL_MS while it waits is no longer counted, as above.
     */
    let toFill: Array<{ seq: number; at: number }> | null = null
    /** Bumped whenever `toFill` changes: a count read from the log while a snapshot was written is not kept. */
    let fillGeneration = 0
    /** The points left to fill as the fill or a catch-up changes them (null: read them from the log again). */
    const setFill = (points: Array<{ seq: number; at: number }> | null) => {
      toFill = points
      fillGeneration++
    }
    const pendingFill = async (): Promise<number> => {
      if (every <= 0) return 0
      if (toFill === null) {
        const generation = fillGeneration
        const { points } = await fillPoints(true)
        if (generation !== fillGeneration) return points.length
        toFill = points
      }
      const kept = app.clock() - KEEP_ALL_MS
      return toFill.filter((p) => p.at >= kept).length
    }

    const thin = async () => {
      if (thread) {
        try {
          await thread.thin(app.clock())
          return
        } catch (err) {
          if (closing) throw err
          app.log.warn({ err }, 'the snapshot thread could not thin the snapshots; thinned on the main thread')
        }
      }
      // Snapshots of another version (older code or settings) are never read again: they go as soon as this version has one.
      const metas = await app.store.replay.listSnapshots()
      const current = metas.filter((m) => m.version === replayer.version)
      const stale = metas.filter((m) => m.version !== replayer.version).map((m) => m.seq)
      await app.store.replay.deleteSnapshots([...stale, ...snapshotsToDrop(current, app.clock())])
    }

    /**
     * The snapshots due, then, while the log is quiet, the skipped ones, oldest first, one at a time
     * (each from the nearest earlier snapshot, as a replay builds), with the catch-up looked at
     * before each: a commit stops the fill, and it goes on after the next quiet period.
     */
    const work = async () => {
      let wrote = await catchUp()
      for (let mode = fillMode(); !closing && mayFill && mode; mode = fillMode()) {
        const { next } = await fillPoints(false)
        if (!next) {
          mayFill = false
          skippedAt = null
          setFill([])
          break
        }
        const started = performance.now()
        await writeAt(next, true)
        wrote++
        if (mode === 'paced') pacedUntil = app.clock() + FILL_PACE * (performance.now() - started)
        await turn()
        wrote += await catchUp()
      }
      if (wrote > 0) await thin()
    }
    /**
     * A look again later, when there are snapshots to fill or the head's is due but held back by a
     * burst (one that ends less than YIPING_SNAPSHOT_BURST_EVERY events after the last snapshot
     * would otherwise leave it unwritten until the next commit).
     */
    const armFill = () => {
      if (closing || fillTimer || !(mayFill || committedHead - lastSeq >= every)) return
      // A timer of its own clock (real time); whether the log is quiet is the app's clock's to say.
      // In a burst past the deferral it looks again every few seconds (fillMode: the burst's events).
      const now = app.clock()
      const wake = Math.min(lastCommit + quietMs, skippedAt === null ? Infinity : Math.max(skippedAt + deferMs, pacedUntil))
      fillTimer = setTimeout(
        () => {
          fillTimer = null
          void snapshotNow()
        },
        Math.max(1000, wake > now ? wake - now : Math.min(quietMs, 5000)),
      )
      fillTimer.unref()
    }
    const snapshotNow = (): Promise<void> => {
      if (every <= 0 || closing) return Promise.resolve()
      running ??= work()
        .catch((err: unknown) => app.log.error({ err }, 'snapshot of the aggregates failed'))
        .finally(() => {
          running = null
          armFill()
        })
      return running
    }

    if (every > 0)
      app.ingest.onCommit((c) => {
        lastCommit = app.clock()
        recent.push([lastCommit, c.batch.seq - c.batch.firstSeq + 1])
        recentSum += c.batch.seq - c.batch.firstSeq + 1
        // Kept to the last quiet period (a day of a live feed would otherwise pile up here).
        if (recent[0]![0] <= lastCommit - quietMs) recentEvents()
        committedHead = c.batch.seq
        if (committedHead - lastSeq >= due()) void snapshotNow()
        else armFill()
      })
    app.addHook('onReady', async () => void snapshotNow())
    app.addHook('preClose', async () => {
      closing = true
      if (fillTimer) clearTimeout(fillTimer)
      await running
      await thread?.close()
      await reads?.close()
    })
    app.decorate('replay', {
      read: <R>(t: number, read: (agg: Aggregator) => R) => replayer.read(t, read),
      summary: (read) => answer(read) as Promise<Summary>,
      detail: (read) => answer(read) as Promise<RegionDetail>,
      snapshotNow,
      pendingFill,
      onWritten: (listener) => void written.push(listener),
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
