import type { Namespace } from 'socket.io'
import { regionRoom, type ClientToServerEvents, type FeedItem, type ServerToClientEvents } from '../../shared/live/protocol'
import type { RegionTree } from '../../shared/regions/tree'
import type { Alarm } from '../../shared/api/alarms'
import type { RiskView } from '../../shared/api/cases'
import type { Aggregator } from '../domain/aggregate/aggregator'
import { regionDetail } from '../domain/aggregate/detail'

export type LiveNamespace = Namespace<ClientToServerEvents, ServerToClientEvents>

const FEED_RING = 300
const FEED_PER_PUSH = 30

/**
 * Turns applied changes into pushes. Regions are marked dirty as batches land; a flush computes one
 * summary (and panel detail) per dirty region that has watchers and emits it once to the region's room. A lone change
 * flushes at once; changes arriving within `windowMs` of the last flush wait for the window to end,
 * so a burst costs at most one push per region per window.
 */
export class LiveHub {
  private dirty = new Set<string>()
  private pendingFeed: FeedItem[] = []
  private ring: FeedItem[] = []
  private timer: NodeJS.Timeout | undefined
  private lastFlush = -Infinity
  pushes = 0

  constructor(
    private readonly nsp: LiveNamespace,
    private readonly aggregator: Aggregator,
    private readonly tree: RegionTree,
    private readonly windowMs: number,
  ) {}

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

  /** The latest ticker lines inside a region's subtree, newest first. */
  recentFeed(code: string, limit = 20): FeedItem[] {
    const out: FeedItem[] = []
    for (let i = this.ring.length - 1; i >= 0 && out.length < limit; i--) {
      const item = this.ring[i]!
      if (this.tree.isWithin(item.regionCode, code)) out.push(item)
    }
    return out
  }

  /** Alarms go out at once, not coalesced: a duty seat must see each one. */
  pushAlarm(alarm: Alarm): void {
    for (const code of this.tree.get(alarm.regionCode)?.lineage ?? [])
      if (this.watched(code)) this.nsp.to(regionRoom(code)).emit('alarm', { alarm })
  }

  /**
   * Risk points go out at once too, each to the rooms of its region and ancestors that have
   * watchers, in one emit so that a screen watching several of them gets it once.
   */
  pushRisks(risks: Iterable<RiskView>): void {
    for (const risk of risks) {
      const rooms = (this.tree.get(risk.regionCode)?.lineage ?? []).filter((code) => this.watched(code)).map(regionRoom)
      if (rooms.length > 0) this.nsp.to(rooms).emit('risk:changed', { risk })
    }
  }

  close(): void {
    clearTimeout(this.timer)
    this.timer = undefined
  }

  private watched(code: string): boolean {
    return (this.nsp.adapter.rooms.get(regionRoom(code))?.size ?? 0) > 0
  }

  private schedule(): void {
    if (this.timer) return
    const wait = Math.max(0, this.lastFlush + this.windowMs - performance.now())
    this.timer = setTimeout(() => this.flush(), wait)
  }

  flush(): void {
    this.timer = undefined
    this.lastFlush = performance.now()
    const dirty = this.dirty
    this.dirty = new Set()
    for (const code of dirty) {
      if (!this.watched(code)) continue
      const summary = this.aggregator.summary(code)
      const room = this.nsp.to(regionRoom(code))
      room.emit('summary', { region: code, seq: summary.seq, summary })
      room.emit('detail', { region: code, seq: summary.seq, detail: regionDetail(this.aggregator, code) })
      this.pushes++
    }
    const feed = this.pendingFeed
    this.pendingFeed = []
    if (feed.length === 0) return
    const byRegion = new Map<string, FeedItem[]>()
    for (let i = feed.length - 1; i >= 0; i--) {
      const item = feed[i]!
      for (const code of this.tree.get(item.regionCode)?.lineage ?? []) {
        let list = byRegion.get(code)
        if (!list) byRegion.set(code, (list = []))
        if (list.length < FEED_PER_PUSH) list.push(item)
      }
    }
    for (const [code, items] of byRegion) {
      if (this.watched(code)) this.nsp.to(regionRoom(code)).emit('feed:items', { region: code, items })
    }
  }
}
