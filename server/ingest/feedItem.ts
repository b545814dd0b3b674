import { isCaseEvent, type CaseEvent, type YipingEvent } from '../../shared/events/schema'
import type { FeedItem } from '../../shared/live/protocol'
import { maskReporter } from '../../shared/privacy/mask'
import type { RegionTree } from '../../shared/regions/tree'
import { toShanghaiIso } from '../../shared/time/shanghai'
import type { CaseState } from '../domain/cases/caseState'
import { eventDetail } from '../domain/cases/eventDetail'

/** A line of the wall's live ticker. Built here, on the server, so that only masked data leaves. */
export function feedItem(seq: number, e: CaseEvent, at: number, c: CaseState, tree: RegionTree): FeedItem {
  return {
    seq,
    at: toShanghaiIso(at),
    type: e.type,
    caseId: c.id,
    regionCode: c.regionCode,
    regionName: tree.get(c.regionCode)?.name ?? c.regionCode,
    title: c.title,
    category: c.category,
    source: c.source,
    size: c.size,
    stage: c.stage,
    detail: eventDetail(e),
    reporter: c.reporter ? maskReporter(c.reporter) : null,
  }
}

/** Lines of one batch's ticker: a wall shows the last few, so a batch of 1,000 sends only these. */
export const FEED_PER_BATCH = 60

/**
 * The ticker lines of a committed batch's last `keep` case events, in log order. Built from the
 * end, so that a batch of 1,000 events builds `keep` lines rather than 1,000 to throw most away.
 */
export function lastFeedItems(
  accepted: ReadonlyArray<{ event: YipingEvent; at: number; seq: number }>,
  cases: ReadonlyMap<string, { next: CaseState }>,
  tree: RegionTree,
  keep = FEED_PER_BATCH,
): FeedItem[] {
  const items: FeedItem[] = []
  for (let i = accepted.length - 1; i >= 0 && items.length < keep; i--) {
    const { event, at, seq } = accepted[i]!
    if (!isCaseEvent(event)) continue
    const state = cases.get(event.caseId)?.next
    if (state) items.push(feedItem(seq, event, at, state, tree))
  }
  return items.reverse()
}
