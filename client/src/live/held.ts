import type { FeedItem } from '../../../shared/live/protocol'
import type { RegionDetail } from '../../../shared/summary/detail'
import type { Summary } from '../../../shared/summary/schema'

/** What the wall has received and not shown yet: the newest figures, the ticker lines, when. */
export interface HeldPush {
  figures?: { summary: Summary; detail: RegionDetail | null }
  /** Newest first, as pushed. */
  feed: FeedItem[]
  /** Browser time (ms) of the newest push of the view shown; none for lines alone of a view not shown yet. */
  receivedAt?: number
}

/**
 * Two held pushes as one: the figures of the later summary (by the server's sequence; a late
 * older one never replaces a newer), every ticker line, newest first, at most `cap` of them.
 */
export function mergeHeld(older: HeldPush, newer: HeldPush, cap: number): HeldPush {
  const a = older.figures
  const b = newer.figures
  const figures = !a ? b : !b ? a : b.summary.seq >= a.summary.seq ? b : a
  const feed = newer.feed.length === 0 ? older.feed : older.feed.length === 0 ? newer.feed : [...newer.feed, ...older.feed].slice(0, cap)
  const receivedAt = Math.max(older.receivedAt ?? -Infinity, newer.receivedAt ?? -Infinity)
  return { ...(figures ? { figures } : {}), feed, ...(receivedAt > -Infinity ? { receivedAt } : {}) }
}
