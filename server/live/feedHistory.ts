import { isCaseEvent, type CaseEvent } from '../../shared/events/schema'
import type { FeedItem } from '../../shared/live/protocol'
import type { RegionTree } from '../../shared/regions/tree'
import type { CaseState } from '../domain/cases/caseState'
import type { TimeLimitRules } from '../domain/cases/deadline'
import { reduceCase } from '../domain/cases/reduceCase'
import { FEED_PER_BATCH, feedItem } from '../ingest/feedItem'
import type { LoggedBatch, LoggedEvent, Store } from '../store/types'

/** Events of the log read per step back from the position asked for. */
const PAGE_EVENTS = 5000
/** How far back the lines are looked for at most (events of every kind): a bound on one read. */
const MAX_LOOK_BACK = 50_000

type FeedSource = Pick<Store, 'lastSeq' | 'readBatches' | 'replay'>

interface Line {
  logged: LoggedEvent
  /** The position of its batch: the line shows its case as that batch left it. */
  batchSeq: number
}

/** Whole batches of the log up to batch `upTo`, newest first, back to at most MAX_LOOK_BACK events before it. */
async function* batchesBack(store: FeedSource, upTo: number): AsyncGenerator<LoggedBatch> {
  let to = upTo
  while (to > 0 && upTo - to < MAX_LOOK_BACK) {
    const start = Math.max(0, to - PAGE_EVENTS)
    let batches = (await store.readBatches(start, to - start)).filter((b) => b.seq <= to)
    if (batches.length === 0) return
    // The oldest batch of a page may begin before it: it is read whole, on its own, next.
    if (batches[0]!.firstSeq <= start) {
      const first = batches[0]!
      batches = batches.length > 1 ? batches.slice(1) : (await store.readBatches(first.firstSeq - 1, first.seq - first.firstSeq + 1)).filter((b) => b.seq === first.seq)
    }
    for (let i = batches.length - 1; i >= 0; i--) yield batches[i]!
    to = batches[0]!.firstSeq - 1
  }
}

/**
 * The live ticker's lines as they stood right after batch `upTo` of the log, oldest first: what
 * LiveHub's ring held then. Each batch gives the lines of its last FEED_PER_BATCH case events
 * (lastFeedItems at commit), each showing its case as that batch left it, and the ring keeps the
 * last `count`. A node that starts seeds its ring with it (a wall is not blank after a restart,
 * and every node shows the same lines), and a replay (`asOf`) reads the ticker of an instant from it.
 */
export async function feedRingAt(store: FeedSource, tree: RegionTree, limits: TimeLimitRules | undefined, upTo: number, count: number): Promise<FeedItem[]> {
  const lines: Line[] = []
  for await (const b of batchesBack(store, upTo)) {
    const mine: Line[] = []
    for (let i = b.events.length - 1; i >= 0 && mine.length < FEED_PER_BATCH; i--) {
      const logged = b.events[i]!
      if (isCaseEvent(logged.event)) mine.push({ logged, batchSeq: b.seq })
    }
    lines.push(...mine.slice(0, count - lines.length))
    if (lines.length >= count) break
  }
  if (lines.length === 0) return []
  lines.reverse()

  // Every case's history up to `upTo`, reduced as ingest reduced it, stopping at each line's batch.
  const byCase = new Map<string, Line[]>()
  for (const l of lines) {
    const id = (l.logged.event as CaseEvent).caseId
    const list = byCase.get(id)
    if (list) list.push(l)
    else byCase.set(id, [l])
  }
  const history = await store.replay.historyOf([...byCase.keys()], upTo)
  const eventsOf = new Map<string, LoggedEvent[]>()
  for (const e of history) {
    if (!isCaseEvent(e.event)) continue
    const list = eventsOf.get(e.event.caseId)
    if (list) list.push(e)
    else eventsOf.set(e.event.caseId, [e])
  }
  const context = { parentOf: (code: string) => tree.get(code)?.parent ?? null }
  const items = new Map<number, FeedItem>()
  for (const [caseId, wanted] of byCase) {
    let state: CaseState | undefined
    const events = eventsOf.get(caseId) ?? []
    let next = 0
    let refused = false
    for (const l of wanted) {
      while (!refused && next < events.length && events[next]!.seq <= l.batchSeq) {
        const e = events[next++]!
        const out = reduceCase(state, e.event as CaseEvent, e.at, limits, context)
        // The log holds accepted events only; one the code now refuses ends this case's history.
        if (out.ok) state = out.state
        else refused = true
      }
      if (refused) break
      if (state) items.set(l.logged.seq, feedItem(l.logged.seq, l.logged.event as CaseEvent, l.logged.at, state, tree))
    }
  }
  return lines.flatMap((l) => items.get(l.logged.seq) ?? [])
}

/** The ticker's lines as the log's head leaves them (see feedRingAt): a starting node's ring. */
export async function feedHistory(store: FeedSource, tree: RegionTree, limits: TimeLimitRules | undefined, count: number): Promise<FeedItem[]> {
  const head = await store.lastSeq()
  return head === 0 ? [] : feedRingAt(store, tree, limits, head, count)
}

/** The latest lines of a ring (oldest first) inside a region's subtree, newest first (LiveHub.recentFeed, and a replayed ring). */
export function recentWithin(ring: readonly FeedItem[], tree: RegionTree, code: string, limit: number): FeedItem[] {
  const out: FeedItem[] = []
  for (let i = ring.length - 1; i >= 0 && out.length < limit; i--) if (tree.isWithin(ring[i]!.regionCode, code)) out.push(ring[i]!)
  return out
}
