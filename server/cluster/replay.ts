import type { RegionTree } from '../../shared/regions/tree'
import type { CaseState } from '../domain/cases/caseState'
import type { TimeLimitRules } from '../domain/cases/deadline'
import { planBatch, type Change } from '../domain/ingest/planBatch'
import type { RiskState } from '../domain/risks/riskState'
import type { IngestOutcome, LoggedBatch } from '../store/types'

/** A batch applied to the figures: its place in the log and what it changed. */
export type AppliedBatch = Extract<IngestOutcome, { ok: true }> & { batch: NonNullable<Extract<IngestOutcome, { ok: true }>['batch']> }

/**
 * Every case's and risk point's state as of the position the node has applied, kept by a node that
 * shares its log with others: a batch another node committed names only its events, and the state
 * before it (a resolved case followed up, say) must come from here, not from the store's rows,
 * which may already reflect later batches.
 */
export class StateCache {
  readonly cases = new Map<string, CaseState>()
  readonly risks = new Map<string, RiskState>()

  remember(cases: Iterable<Change<CaseState>>, risks: Iterable<Change<RiskState>>): void {
    for (const { next } of cases) this.cases.set(next.id, next)
    for (const { next } of risks) this.risks.set(next.id, next)
  }
}

export interface ReplayOptions {
  regions: RegionTree
  limits: TimeLimitRules
}

/**
 * A logged batch through the same planner as live ingest, against the states before it: the same
 * changes the committing node applied. Its events were accepted once, so none is refused now
 * (no duplicate, no future instant); null if one is, which would mean the rules differ between nodes.
 */
export function replayBatch(b: LoggedBatch, states: StateCache, opts: ReplayOptions): AppliedBatch | null {
  const events = b.events.map((e) => e.event)
  const plan = planBatch(events, { seenEventIds: new Set(), cases: states.cases, risks: states.risks }, {
    regions: opts.regions,
    now: Number.MAX_SAFE_INTEGER / 2,
    limits: opts.limits,
  })
  if (!plan.ok || plan.accepted.length !== b.events.length) return null
  return {
    ...plan,
    accepted: plan.accepted.map((a, i) => ({ ...a, seq: b.events[i]!.seq })),
    batch: { seq: b.seq, firstSeq: b.firstSeq, committedAt: b.committedAt, nodeId: b.nodeId, origin: b.origin },
  }
}
