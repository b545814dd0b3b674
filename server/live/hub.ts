import type { Namespace } from 'socket.io'
import { regionRoom, viewRoom, type ClientToServerEvents, type FeedItem, type ServerToClientEvents } from '../../shared/live/protocol'
import type { RegionTree } from '../../shared/regions/tree'
import type { Alarm } from '../../shared/api/alarms'
import type { RiskView } from '../../shared/api/cases'
import type { AssessmentConfig } from '../../shared/time/periods'
import { shanghaiDay, shanghaiDayStart } from '../../shared/time/shanghai'
import type { Aggregator } from '../domain/aggregate/aggregator'
import { viewKey, type ViewSpec } from '../domain/aggregate/view'
import { viewFigures } from '../domain/aggregate/viewFigures'
import { recentWithin } from './feedHistory'
import { SentDetails } from './sentDetails'

export type LiveNamespace = Namespace<ClientToServerEvents, ServerToClientEvents>

export const FEED_RING = 300
const FEED_PER_PUSH = 30
// setTimeout cannot wait longer than 2^31-1 ms.
const MAX_SLEEP_MS = 2 ** 31 - 1
/**
 * The window after a flush lasts at least this many times as long as the flush took. Its cost grows
 * with the sockets it writes to (one write per socket and frame: 0.1–0.3 s for 5,000 screens on the
 * bench's 2 cores, and each client reads every frame), so pushing at a fixed window to that many
 * screens would spend every turn writing frames that the next one overtakes, each queueing behind
 * the last. Stretched, the pushes take at most half the server's time and each carries what changed
 * meanwhile; with few screens the flush is far shorter than the window and nothing changes.
 */
const FLUSH_COST_FACTOR = 2
/** However long a flush took, the next one comes within this, so that screens never wait long. */
const MAX_WINDOW_MS = 2000

/**
 * Turns applied changes into pushes. Regions are marked dirty as batches land; a flush computes one
 * summary and panel detail per watched view (region, period, comparisons, ranking) of a dirty
 * region, never one per screen, and emits it once to the view's room. The pushes are paced by
 * windows (`windowMs`, or twice as long as the last flush took when that is longer), kept as a
 * schedule rather than counted from each flush: every flush books the window after the later of
 * its own start and the end of the window booked before it (`due`), and a change may flush up to one
 * `windowMs` ahead of that booking (none when the window was stretched). So a lone change flushes at
 * once, a burst costs two pushes in its first window and one per window after it, and one late flush
 * (a commit held up by the disk) does not delay every later one: counted from each flush, a stream of
 * changes at the window's own rate (the wall's simulator, a feed polled every 100 ms) kept waiting
 * for the latest flush's lateness as long as it ran. Relative periods (今日, 本月 …) are resolved again at
 * every flush, and at Shanghai midnight every view is pushed, so walls roll over by themselves.
 */
export class LiveHub {
  private dirty = new Set<string>()
  /** Every view is pushed at the next flush (the day changed). */
  private everything = false
  private views = new Map<string, ViewSpec>()
  /** What screens of each view hold of its panels, so that a push carries only what changed. */
  private sent = new SentDetails()
  private pendingFeed: FeedItem[] = []
  private ring: FeedItem[] = []
  private timer: NodeJS.Timeout | undefined
  private dayTimer: NodeJS.Timeout | undefined
  /** End of the last window booked (ms of `now`): the next flush is due then, or up to `early` ms before. */
  private due = -Infinity
  /** How far ahead of `due` a change may flush: `windowMs`, or 0 after a flush that stretched its window. */
  private early = 0
  pushes = 0
  /** Settles once the ticker's history from the log is in (see seedFeed). */
  feedSeeded: Promise<void> = Promise.resolve()

  constructor(
    private readonly nsp: LiveNamespace,
    private readonly aggregator: Aggregator,
    private readonly tree: RegionTree,
    private readonly windowMs: number,
    private readonly assessment: AssessmentConfig | null = null,
    /** Elapsed real time in ms. Not app.clock: the window paces work as it happens, app.clock is the domain's time. */
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Name a view and keep it for the flushes while its room has sockets; returns its key. */
  register(view: ViewSpec): string {
    const key = viewKey(view)
    if (!this.views.has(key)) this.views.set(key, view)
    return key
  }

  /** The figures of a view now (a subscribe snapshot, or a push). */
  figures(view: ViewSpec) {
    return viewFigures(this.aggregator, view, this.assessment)
  }

  /** The figures a subscribe answers with for the view named `key`: its next push fits them too. */
  snapshot(key: string, view: ViewSpec) {
    const figures = this.figures(view)
    this.sent.snapshot(key, figures.detail)
    return figures
  }

  /**
   * Push every view at each Shanghai midnight by the aggregator's clock: relative periods move to
   * the new day, and today's hours and the 30 days roll for everyone.
   */
  startDayTimer(): void {
    const now = this.aggregator.now()
    const today = shanghaiDay(now)
    const wait = Math.min(Math.max(0, shanghaiDayStart(today + 1) - now), MAX_SLEEP_MS)
    this.dayTimer = setTimeout(() => {
      // A timer may fire a little early, or the clock may have been set back: only a new day rolls over.
      if (shanghaiDay(this.aggregator.now()) !== today) {
        this.everything = true
        this.schedule()
      }
      this.startDayTimer()
    }, wait)
    this.dayTimer.unref()
  }

  markDirty(regions: Iterable<string>): void {
    for (const code of regions) this.dirty.add(code)
    this.schedule()
  }

  addFeed(items: FeedItem[]): void {
    if (items.length === 0) return
    this.pendingFeed.push(...items)
    this.ring.push(...items)
    if (this.ring.length > FEED_RING) this.ring.splice(0, this.ring.length - FEED_RING)
    this.schedule()
  }

  /**
   * Lines from before this node started (the log's, see feedHistory) go in front of those it has
   * pushed since, once each, oldest first; nothing is pushed for them.
   */
  seedFeed(history: FeedItem[]): void {
    // The ring is in log order, so a line older than its first is not in it.
    const first = this.ring[0]?.seq ?? Infinity
    const older = history.filter((i) => i.seq < first)
    this.ring = [...older, ...this.ring].slice(-FEED_RING)
  }

  /** The latest ticker lines inside a region's subtree, newest first. */
  recentFeed(code: string, limit = 20): FeedItem[] {
    return recentWithin(this.ring, this.tree, code, limit)
  }

  /** Alarms go out at once, not coalesced: a duty seat must see each one. */
  pushAlarm(alarm: Alarm): void {
    for (const code of this.tree.get(alarm.regionCode)?.lineage ?? [])
      if (this.watched(code)) this.nsp.local.to(regionRoom(code)).emit('alarm', { alarm })
  }

  /**
   * Risk points go out at once too, each to the rooms of its region and ancestors that have
   * watchers, in one emit so that a screen watching several of them gets it once.
   */
  pushRisks(risks: Iterable<RiskView>): void {
    for (const risk of risks) {
      const rooms = (this.tree.get(risk.regionCode)?.lineage ?? []).filter((code) => this.watched(code)).map(regionRoom)
      if (rooms.length > 0) this.nsp.local.to(rooms).emit('risk:changed', { risk })
    }
  }

  close(): void {
    clearTimeout(this.timer)
    clearTimeout(this.dayTimer)
    this.timer = undefined
    this.dayTimer = undefined
  }

  private watched(code: string): boolean {
    return (this.nsp.adapter.rooms.get(regionRoom(code))?.size ?? 0) > 0
  }

  private viewWatched(key: string): boolean {
    return (this.nsp.adapter.rooms.get(viewRoom(key))?.size ?? 0) > 0
  }

  private schedule(): void {
    if (this.timer) return
    const wait = Math.max(0, this.due - this.early - this.now())
    this.timer = setTimeout(() => this.flush(), wait)
  }

  flush(): void {
    this.timer = undefined
    const started = this.now()
    const dirty = this.dirty
    const everything = this.everything
    this.dirty = new Set()
    this.everything = false
    const feed = this.feedByRegion()
    const delivered = new Set<string>()
    for (const [key, view] of this.views) {
      if (!this.viewWatched(key)) {
        this.views.delete(key)
        this.sent.forget(key)
        continue
      }
      if (!everything && !dirty.has(view.region)) continue
      const { summary, detail } = this.figures(view)
      // Every screen of the region is in one of its view rooms: the lines ride with the figures.
      const items = feed.get(view.region)
      delivered.add(view.region)
      // The panels as what changed since the view's last push (whole on its first).
      const panels = this.sent.push(key, detail)
      this.nsp.local.to(viewRoom(key)).emit('summary', { region: view.region, view: key, seq: summary.seq, summary, ...panels, ...(items ? { feed: items } : {}) })
      this.pushes++
    }
    // Lines of a region none of whose views had figures to push this time go on their own.
    for (const [code, items] of feed) {
      if (!delivered.has(code) && this.watched(code)) this.nsp.local.to(regionRoom(code)).emit('feed:items', { region: code, items })
    }
    const span = Math.max(this.windowMs, Math.min(MAX_WINDOW_MS, FLUSH_COST_FACTOR * (this.now() - started)))
    this.due = Math.max(this.due, started) + span
    this.early = span > this.windowMs ? 0 : this.windowMs
  }

  /** The ticker lines since the last flush for each region on their lineage, newest first, at most FEED_PER_PUSH each. */
  private feedByRegion(): Map<string, FeedItem[]> {
    const feed = this.pendingFeed
    this.pendingFeed = []
    const byRegion = new Map<string, FeedItem[]>()
    for (let i = feed.length - 1; i >= 0; i--) {
      const item = feed[i]!
      for (const code of this.tree.get(item.regionCode)?.lineage ?? []) {
        let list = byRegion.get(code)
        if (!list) byRegion.set(code, (list = []))
        if (list.length < FEED_PER_PUSH) list.push(item)
      }
    }
    return byRegion
  }
}
