import { isCaseEvent, type CaseEvent } from '../../shared/events/schema'
import type { FeedItem } from '../../shared/live/protocol'
import type { RegionTree } from '../../shared/regions/tree'
import type { CaseState } from '../domain/cases/caseState'
import type { TimeLimitRules } from '../domain/cases/deadline'
import { reduceCase } from '../domain/cases/reduceCase'
import { feedItem } from '../ingest/feedItem'
import type { Store } from '../store/types'

/** How far back in the log the ticker's history is looked for (events, of every kind). */
const LOOK_BACK = 5000

/**
 * The ticker's last `count` lines as the log holds them, each with its case as it stood right
 * after that event (a case's whole history reduced again, as ingest reduced it). A node that
 * starts, or restarts at night, then shows what just happened instead of 暂无新动态, and every
 * node of a cluster the same lines.
 */
export async function feedHistory(store: Store, tree: RegionTree, limits: TimeLimitRules | undefined, count: number): Promise<FeedItem[]> {
  const head = await store.lastSeq()
  if (head === 0) return []
  const batches = await store.readBatches(Math.max(0, head - LOOK_BACK), LOOK_BACK)
  const wanted = batches
    .flatMap((b) => b.events)
    .filter((l) => isCaseEvent(l.event))
    .slice(-count)
  const bySeq = new Set(wanted.map((l) => l.seq))
  const items: FeedItem[] = []
  const context = { parentOf: (code: string) => tree.get(code)?.parent ?? null }
  for (const caseId of new Set(wanted.map((l) => (l.event as CaseEvent).caseId))) {
    let state: CaseState | undefined
    for (const l of await store.eventsOf(caseId)) {
      if (!isCaseEvent(l.event)) continue
      const out = reduceCase(state, l.event, l.at, limits, context)
      // The log holds accepted events only; one the code now refuses ends this case's history.
      if (!out.ok) break
      state = out.state
      if (bySeq.has(l.seq)) items.push(feedItem(l.seq, l.event, l.at, state, tree))
    }
  }
  return items.sort((a, b) => a.seq - b.seq)
}
