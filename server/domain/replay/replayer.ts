import { setImmediate as turn } from 'node:timers/promises'
import type { RegionTree } from '../../../shared/regions/tree'
import { Aggregator, type DeferredAggregatorDump } from '../aggregate/aggregator'
import type { TimeLimitRules } from '../cases/deadline'
import type { AlarmTally, ReplayStore, SnapshotMeta } from '../../store/replay'
import type { Store } from '../../store/types'
import { decodeSnapshotDeferred, encodeSnapshot, snapshotVersion } from './snapshotCodec'
import { EncodedOpenCases } from './openCasesCodec'
import { applyLogUpTo, NET_SUBJECTS_MAX } from './tail'

/**
 * Events read from the log per step of a replay (one aggregator update per step), with a turn of
 * the event loop between steps: a snapshot behind live ingest replays 20,000 events, and in one
 * step that held the loop (pushes, reads, the next batch) for several hundred ms.
 */
const PAGE_EVENTS = 2_000

/**
 * Stored bytes of the decoded snapshots kept (SNAPSHOT_CACHE_BYTES): a body of 6 MB at 300,000
 * cases decodes to a few times that (its unresolved cases), so two or three of a million cases.
 */
const SNAPSHOT_CACHE_BYTES = 48 * 1024 * 1024

export interface ReplaySource {
  store: Pick<Store, 'readBatches' | 'seqAt'> & { replay: ReplayStore }
  tree: RegionTree
  limits?: TimeLimitRules | undefined
  disputeCategories: readonly string[]
}

export interface ReplayOptions {
  /** Aggregators kept built (least recently used dropped). */
  cacheSize?: number
  /** Start from the nearest stored snapshot (false: always from the start of the log). */
  useSnapshots?: boolean
  /** Events per step of a replay (PAGE_EVENTS). */
  pageEvents?: number
  /** Stored bytes of the decoded snapshots kept for the next restore from them (SNAPSHOT_CACHE_BYTES; 0: none kept). */
  snapshotCacheBytes?: number
  /** Cases and risk points whose net changes a replay holds before applying them (tail.ts, NET_SUBJECTS_MAX). */
  netSubjects?: number
}

/** A stored snapshot decoded (its regions and themed tallies still deferred), ready to restore again. */
interface Decoded {
  seq: number
  at: number
  bytes: number
  dump: DeferredAggregatorDump
}

/** An aggregator of the log up to `agg.seq`, its clock standing at `at`. */
interface Built {
  agg: Aggregator
  clock: { at: number }
  alarms: AlarmTally[]
}

/**
 * Replay (as of): the figures exactly as the server had them at an instant T, by its own record of
 * commit times. The log up to seqAt(T), from the nearest snapshot of the aggregates at or before
 * it, through the same reducers and the same Aggregator as live, with T as "now" (overdue and
 * colours at T) and the alarms as they stood at T. Built aggregators are kept (a few, least
 * recently used dropped); a later instant moves one forward rather than starting again. Each
 * replay aggregator is private to this class: live figures and their listeners never see it.
 */
export class Replayer {
  private cache: Built[] = []
  private queue: Promise<unknown> = Promise.resolve()
  private readonly cacheSize: number
  private readonly useSnapshots: boolean
  /** The snapshots' version this replayer writes and reads (the code's and the settings', snapshotCodec.ts). */
  readonly version: number
  private readonly pageEvents: number
  /**
   * Decoded snapshots, least recently used first: scrubbing a time bar asks instants on both sides
   * of the last, and one before every built aggregator restores again from the same snapshot.
   * Restoring never changes a dump (Aggregator.restore copies the counters, and a case's state is
   * replaced, never changed), its deferred parts decode afresh at each call.
   */
  private decoded: Decoded[] = []
  private readonly snapshotCacheBytes: number
  private readonly netSubjects: number

  constructor(
    private readonly src: ReplaySource,
    opts: ReplayOptions = {},
  ) {
    this.cacheSize = opts.cacheSize ?? 4
    this.useSnapshots = opts.useSnapshots ?? true
    this.version = snapshotVersion({ tree: src.tree, disputeCategories: src.disputeCategories, limits: src.limits })
    this.pageEvents = opts.pageEvents ?? PAGE_EVENTS
    this.snapshotCacheBytes = opts.snapshotCacheBytes ?? SNAPSHOT_CACHE_BYTES
    this.netSubjects = opts.netSubjects ?? NET_SUBJECTS_MAX
  }

  /**
   * Run `read` on the figures as they stood at instant `t` (synchronously, before any other replay
   * moves that aggregator on), and resolve with its result.
   */
  read<R>(t: number, read: (agg: Aggregator) => R): Promise<R> {
    return this.enqueue(async () => read((await this.build(await this.src.store.seqAt(t), t)).agg))
  }

  /** Write a snapshot of the log up to batch `seq` (committed at `at`), evaluated at `at`. */
  async snapshot(seq: number, at: number): Promise<number> {
    const body = await this.encode(seq, at)
    await this.src.store.replay.putSnapshot({ seq, at, version: this.version, bytes: body.length, body })
    return body.length
  }

  /** A snapshot's body of the log up to batch `seq` (committed at `at`), evaluated at `at`, not written (the snapshot thread's part). */
  encode(seq: number, at: number): Promise<Buffer> {
    return this.enqueue(async () => encodeSnapshot((await this.build(seq, at)).agg.dump()))
  }

  /** Forget built aggregators and decoded snapshots (a test switching its clock back, a bench timing cold instants). */
  clear(): void {
    this.cache = []
    this.decoded = []
  }

  private enqueue<R>(work: () => Promise<R>): Promise<R> {
    const run = this.queue.then(work)
    this.queue = run.catch(() => undefined)
    return run
  }

  private async build(seq: number, t: number): Promise<Built> {
    const hit = this.cache.find((b) => b.clock.at === t && b.agg.seq === seq)
    if (hit) {
      // Alarms are written a moment after their cause: read them again rather than trust the cache.
      await this.setAlarms(hit, t)
      return this.touch(hit)
    }
    // The closest earlier one can move forward; a snapshot nearer to `seq` is a shorter way.
    const earlier = this.cache.filter((b) => b.clock.at <= t && b.agg.seq <= seq).sort((a, b) => b.agg.seq - a.agg.seq)[0]
    const snap = this.useSnapshots ? await this.src.store.replay.latestSnapshot(seq, this.version) : null
    let built: Built
    let restored: Decoded | null = null
    if (earlier && (!snap || earlier.agg.seq >= snap.seq)) {
      this.cache.splice(this.cache.indexOf(earlier), 1)
      built = earlier
    } else {
      built = this.fresh(t)
      // Regions decoded as they are read: a summary or detail reads a region and its children.
      restored = snap ? await this.decode(snap) : null
      if (restored) built.agg.restore(restored.dump, restored.at)
    }
    built.clock.at = t
    await applyLogUpTo(built.agg, seq, this.src, this.pageEvents, turn, this.netSubjects)
    built.agg.tick()
    // The chunks of the snapshot's cases this instant inflated go back to the next cold instant's
    // use (openCasesCodec.ts): a read after this one decodes a case's chunk again.
    if (restored?.dump.watched instanceof EncodedOpenCases) restored.dump.watched.releaseChunks()
    // Hours older than `t` keeps go, however this aggregator got here (moved on, from a snapshot, from the start).
    built.agg.pruneActivity()
    await this.setAlarms(built, t)
    this.cache.push(built)
    if (this.cache.length > this.cacheSize) this.cache.shift()
    return built
  }

  /** A stored snapshot decoded, from those kept or read and kept (the oldest used dropped past the byte budget). */
  private async decode(snap: SnapshotMeta): Promise<Decoded | null> {
    const kept = this.decoded.find((d) => d.seq === snap.seq)
    if (kept) {
      this.decoded.splice(this.decoded.indexOf(kept), 1)
      this.decoded.push(kept)
      return kept
    }
    const body = await this.src.store.replay.snapshotBody(snap.seq)
    if (!body) return null
    const d: Decoded = { seq: snap.seq, at: snap.at, bytes: body.length, dump: await decodeSnapshotDeferred(body) }
    if (d.bytes <= this.snapshotCacheBytes) {
      this.decoded.push(d)
      let total = this.decoded.reduce((n, x) => n + x.bytes, 0)
      while (total > this.snapshotCacheBytes) total -= this.decoded.shift()!.bytes
    }
    return d
  }

  private touch(b: Built): Built {
    this.cache.splice(this.cache.indexOf(b), 1)
    this.cache.push(b)
    return b
  }

  private fresh(t: number): Built {
    const clock = { at: t }
    const agg = new Aggregator(this.src.tree, () => clock.at, { disputeCategories: this.src.disputeCategories })
    return { agg, clock, alarms: [] }
  }

  /** Alarms are rows with a life of their own: their counts at `t` replace those of the aggregator's last instant. */
  private async setAlarms(built: Built, t: number): Promise<void> {
    const tallies = await this.src.store.replay.alarmTalliesAt(t)
    for (const a of built.alarms) built.agg.adjustAlarms(a.regionCode, a.kind, -a.raised, -a.acknowledged)
    for (const a of tallies) if (this.src.tree.has(a.regionCode)) built.agg.adjustAlarms(a.regionCode, a.kind, a.raised, a.acknowledged)
    built.alarms = tallies.filter((a) => this.src.tree.has(a.regionCode))
  }
}
