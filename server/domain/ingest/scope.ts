import type { ErrorDetail } from '../../../shared/api/errors'
import type { YipingEvent } from '../../../shared/events/schema'
import type { BatchPlan } from './planBatch'

/**
 * An ingest key limited to a subtree: every event the batch would apply must concern a case or
 * risk point inside it, before and after (a transfer cannot carry a case out or in), or the whole
 * batch is refused and nothing is written. Duplicates change nothing and are not looked at.
 */
export function limitToScope(plan: BatchPlan, events: readonly YipingEvent[], allowed: (regionCode: string) => boolean, scope: string): BatchPlan {
  if (!plan.ok) return plan
  const index = new Map(events.map((e, i) => [e, i]))
  const details: ErrorDetail[] = []
  for (const { event } of plan.accepted) {
    const change = 'caseId' in event ? plan.cases.get(event.caseId) : 'riskId' in event ? plan.risks.get(event.riskId) : undefined
    const regions = event.type === 'camera.registered' ? [event.regionCode] : [change?.prev?.regionCode, change?.next.regionCode].filter((c): c is string => c !== undefined)
    const outside = regions.find((c) => !allowed(c))
    if (outside === undefined && regions.length > 0) continue
    const i = index.get(event) ?? 0
    const field = 'regionCode' in event ? 'regionCode' : 'caseId' in event ? 'caseId' : 'riskId'
    details.push({ index: i, path: `/events/${i}/${field}`, message: `region ${outside ?? '(unknown)'} is outside this ingest key's scope ${scope}` })
  }
  return details.length > 0 ? { ok: false, details } : plan
}
