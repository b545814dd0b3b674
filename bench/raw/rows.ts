import type { YipingEvent } from '../../shared/events/schema'
import type { RegionTree } from '../../shared/regions/tree'
import type { CaseState } from '../../server/domain/cases/caseState'
import { planBatch } from '../../server/domain/ingest/planBatch'
import type { CommittedEvent } from '../../server/store/types'

export interface Recorded {
  events: YipingEvent[]
}

/** What the server writes for one batch, as its own planner decides it (computed outside any timing). */
export interface PlannedBatch {
  accepted: CommittedEvent[]
  cases: CaseState[]
}

/**
 * The batches of a run planned by the server's own planner, with log positions from 1. Cases
 * reported before the run are unknown here: they come back as stub rows of the same shape (`stubs`,
 * to be written untimed first), so that their follow-ons update a row as they do in the server.
 */
export function planRows(batches: Recorded[], tree: RegionTree): { stubs: CaseState[]; planned: PlannedBatch[] } {
  const known = new Map<string, CaseState>()
  const stubs: CaseState[] = []
  const now = Date.now()
  let seq = 0
  const planned = batches.map(({ events }) => {
    const reportedHere = new Set(events.flatMap((e) => (e.type === 'case.reported' ? [e.caseId] : [])))
    for (const e of events)
      if ('caseId' in e && e.type !== 'case.reported' && !known.has(e.caseId) && !reportedHere.has(e.caseId)) {
        const stub = stubCase(e.caseId, tree, e.type === 'case.followedUp')
        known.set(e.caseId, stub)
        stubs.push(stub)
      }
    const plan = planBatch(events, { seenEventIds: new Set(), cases: known, risks: new Map() }, { regions: tree, now: now + 3600_000 })
    if (!plan.ok) throw new Error(`raw planner refused a batch: ${JSON.stringify(plan.details.slice(0, 2))}`)
    for (const [id, ch] of plan.cases) known.set(id, ch.next)
    return { accepted: plan.accepted.map((a) => ({ ...a, seq: ++seq })), cases: [...plan.cases.values()].map((ch) => ch.next) }
  })
  return { stubs, planned }
}

function stubCase(id: string, tree: RegionTree, resolved: boolean): CaseState {
  const region = [...tree.nodes.values()].find((n) => n.level === 'village')!.code
  const at = Date.UTC(2000, 0, 1)
  return {
    id, regionCode: region, source: 'hotline', category: '邻里纠纷', size: 'minor', title: '楼道堆放杂物', backlogLevel: null,
    reporter: null, stage: resolved ? 'followup' : 'assign', reportedAt: at, clockFrom: at, dueAt: at + 86_400_000,
    stageAt: { receive: at }, urgeCount: 0, supervisedColor: null, resolvedAt: resolved ? at + 3600_000 : null,
    tier: resolved ? 'village' : null, followedUpAt: null, satisfaction: null, reopenCount: 0, updatedAt: at,
  }
}

export interface RawResult {
  events: number
  seconds: number
  eventsPerSec: number
  /** CPU of this process (user + system) over the timed writes, where the store runs in it (SQLite). */
  cpuMs?: number
}
