import type { ErrorDetail } from '../../../shared/api/errors'
import { isInstructionEvent, type LogEvent, type YipingEvent } from '../../../shared/events/schema'
import type { RegionTree } from '../../../shared/regions/tree'
import type { CaseState } from '../cases/caseState'
import { reduceCase, type Reduced } from '../cases/reduceCase'
import type { TimeLimitRules } from '../cases/deadline'
import { reduceRisk, type RiskState } from '../risks/riskState'

/** What the store knows, before the batch, about the ids a batch mentions. */
export interface KnownState {
  seenEventIds: Set<string>
  cases: Map<string, CaseState>
  risks: Map<string, RiskState>
}

/** The ids a batch mentions, so the store loads only those rows. */
export function idsOfBatch(events: readonly YipingEvent[]) {
  const eventIds = new Set<string>()
  const caseIds = new Set<string>()
  const riskIds = new Set<string>()
  for (const e of events) {
    eventIds.add(e.id)
    if ('caseId' in e) caseIds.add(e.caseId)
    if ('riskId' in e) riskIds.add(e.riskId)
  }
  return { eventIds: [...eventIds], caseIds: [...caseIds], riskIds: [...riskIds] }
}

export interface AcceptedEvent {
  event: YipingEvent
  at: number
}

export interface Change<S> {
  /** State before the batch (null: created by it). */
  prev: S | null
  next: S
}

export type BatchPlan =
  | { ok: false; details: ErrorDetail[] }
  | {
      ok: true
      accepted: AcceptedEvent[]
      duplicates: number
      cases: Map<string, Change<CaseState>>
      risks: Map<string, Change<RiskState>>
    }

export interface PlanOptions {
  regions: RegionTree
  now: number
  /** How far in the future an event's `at` may lie (clock skew between systems). */
  maxFutureMs?: number
  limits?: TimeLimitRules
}

/**
 * Decide a whole batch before anything is written: duplicates are set aside, every other event is
 * applied in order to the state known so far (so a batch may report a case and move it on), and
 * any event that makes no sense refuses the batch with its index and field.
 */
export function planBatch(events: readonly YipingEvent[], known: KnownState, opts: PlanOptions): BatchPlan {
  const maxAt = opts.now + (opts.maxFutureMs ?? 5 * 60_000)
  const details: ErrorDetail[] = []
  const seen = new Set<string>()
  const accepted: AcceptedEvent[] = []
  const cases = new Map<string, Change<CaseState>>()
  const risks = new Map<string, Change<RiskState>>()
  const context = { parentOf: (code: string) => opts.regions.get(code)?.parent ?? null }
  let duplicates = 0

  const problem = (index: number, field: string, message: string) => details.push({ index, path: `/events/${index}/${field}`, message })
  // A plain loop, no closure per event: this runs on the event loop for every event of a batch.
  for (let index = 0; index < events.length; index++) {
    const event = events[index]!
    if (known.seenEventIds.has(event.id) || seen.has(event.id)) {
      duplicates++
      continue
    }
    seen.add(event.id)
    const at = Date.parse(event.at)
    if (!Number.isFinite(at)) {
      problem(index, 'at', 'not a valid instant')
      continue
    }
    if (at > maxAt) {
      problem(index, 'at', 'lies in the future; events report what already happened')
      continue
    }
    if ('regionCode' in event && !opts.regions.has(event.regionCode)) {
      problem(index, 'regionCode', `unknown region ${event.regionCode}`)
      continue
    }
    if ('toRegion' in event && !opts.regions.has(event.toRegion)) {
      problem(index, 'toRegion', `unknown region ${event.toRegion}`)
      continue
    }

    // Instructions (指令) are the desk's own events: their order and who may take each step are checked
    // by the instruction service before they are submitted; the log only records them.
    if (isInstructionEvent(event as LogEvent)) {
      accepted.push({ event, at })
      continue
    }
    // A camera is registered (again: its new name, place or links replace the old): nothing to reduce.
    if (event.type === 'camera.registered') {
      accepted.push({ event, at })
      continue
    }
    let result: Reduced<unknown>
    if ('caseId' in event) {
      const change = cases.get(event.caseId)
      const prev = change ? change.next : known.cases.get(event.caseId)
      const r = reduceCase(prev, event, at, opts.limits, context)
      if (r.ok) cases.set(event.caseId, { prev: change ? change.prev : (prev ?? null), next: r.state })
      result = r
    } else {
      const change = risks.get(event.riskId)
      const prev = change ? change.next : known.risks.get(event.riskId)
      const r = reduceRisk(prev, event, at)
      if (r.ok) risks.set(event.riskId, { prev: change ? change.prev : (prev ?? null), next: r.state })
      result = r
    }
    if (!result.ok) {
      problem(index, result.field, result.message)
      continue
    }
    accepted.push({ event, at })
  }

  if (details.length > 0) return { ok: false, details }
  return { ok: true, accepted, duplicates, cases, risks }
}
