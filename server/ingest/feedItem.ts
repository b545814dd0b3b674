import type { CaseEvent } from '../../shared/events/schema'
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
