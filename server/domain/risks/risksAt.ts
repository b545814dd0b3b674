import type { RiskEvent } from '../../../shared/events/schema'
import type { Store } from '../../store/types'
import { reduceRisk, type RiskState } from './riskState'

/**
 * The risk points of a subtree as they stood right after batch `seq` of the log: each point's
 * events up to it through the same reducer as ingest (the way a replay's tail reads a point's
 * prior state). A point never leaves its region, so the subtree's points now are the candidates;
 * one registered after `seq` has no history by then and is left out.
 */
export async function risksAt(store: Pick<Store, 'listRisks' | 'replay'>, regionPath: string, seq: number): Promise<RiskState[]> {
  const ids = (await store.listRisks(regionPath)).map((r) => r.id)
  if (ids.length === 0 || seq === 0) return []
  const states = new Map<string, RiskState>()
  const refused = new Set<string>()
  for (const logged of await store.replay.historyOf(ids, seq)) {
    const e = logged.event as RiskEvent
    if (!('riskId' in e) || refused.has(e.riskId)) continue
    const out = reduceRisk(states.get(e.riskId), e, logged.at)
    // The log holds accepted events only; one the code now refuses ends this point's history there.
    if (out.ok) states.set(e.riskId, out.state)
    else refused.add(e.riskId)
  }
  return ids.flatMap((id) => states.get(id) ?? [])
}
