import { isInstructionEvent, type CaseEvent, type LogEvent, type RiskEvent } from '../../../shared/events/schema'
import type { RegionTree } from '../../../shared/regions/tree'
import type { Aggregator } from '../aggregate/aggregator'
import type { CaseState } from '../cases/caseState'
import type { TimeLimitRules } from '../cases/deadline'
import { reduceCase } from '../cases/reduceCase'
import type { Change } from '../ingest/planBatch'
import { reduceRisk, type RiskState } from '../risks/riskState'
import type { ReplayStore } from '../../store/replay'
import type { LoggedBatch, LoggedEvent, Store } from '../../store/types'

export interface Reducers {
  tree: RegionTree
  limits?: TimeLimitRules | undefined
}

type Subject = { kind: 'case'; state: CaseState } | { kind: 'risk'; state: RiskState }

/** The subject an event is about, if it moves figures (instructions do not). */
function subjectOf(e: LogEvent): string | null {
  if (isInstructionEvent(e)) return null
  if ('caseId' in e) return e.caseId
  if ('riskId' in e) return e.riskId
  return null
}

/**
 * One logged event through the same reducers as ingest (domain/cases/reduceCase, risks/riskState).
 * The log only holds events that were accepted, so a refusal here means the log and the code
 * disagree: that is thrown, never papered over.
 */
function reduce(prev: Subject | undefined, logged: LoggedEvent, r: Reducers): Subject {
  const e = logged.event as LogEvent
  if ('caseId' in e) {
    const out = reduceCase(prev?.kind === 'case' ? prev.state : undefined, e as CaseEvent, logged.at, r.limits, {
      parentOf: (code) => r.tree.get(code)?.parent ?? null,
    })
    if (!out.ok) throw new Error(`replay: event ${logged.id} at position ${logged.seq} refused (${out.message})`)
    return { kind: 'case', state: out.state }
  }
  const out = reduceRisk(prev?.kind === 'risk' ? prev.state : undefined, e as RiskEvent, logged.at)
  if (!out.ok) throw new Error(`replay: event ${logged.id} at position ${logged.seq} refused (${out.message})`)
  return { kind: 'risk', state: out.state }
}

/**
 * Apply whole batches of the log (right after the aggregator's position) to a replay's
 * aggregator, as their net change per case and risk point, exactly as ingest applies a batch's
 * changes. A subject's state before them is the aggregator's own (unresolved cases), else its
 * history up to the aggregator's position, read from the log and reduced.
 */
export async function applyTail(
  agg: Aggregator,
  batches: readonly LoggedBatch[],
  historyOf: (subjects: string[], maxSeq: number) => Promise<LoggedEvent[]>,
  r: Reducers,
): Promise<void> {
  if (batches.length === 0) return
  if (batches[0]!.firstSeq !== agg.seq + 1) throw new Error(`replay: batch at ${batches[0]!.firstSeq} does not follow position ${agg.seq}`)
  const prior = new Map<string, Subject>()
  const seen = new Set<string>()
  const unknown: string[] = []
  for (const b of batches)
    for (const logged of b.events) {
      const id = subjectOf(logged.event as LogEvent)
      if (id === null || seen.has(id)) continue
      seen.add(id)
      const watched = agg.watchedState(id)
      if (watched) prior.set(id, { kind: 'case', state: watched })
      // A case whose first event here is its report has no history before it (a second report is refused at ingest).
      else if (logged.type !== 'case.reported') unknown.push(id)
    }
  if (agg.seq > 0 && unknown.length > 0)
    for (const logged of await historyOf(unknown, agg.seq)) {
      const id = subjectOf(logged.event as LogEvent)
      if (id !== null) prior.set(id, reduce(prior.get(id), logged, r))
    }

  const cases = new Map<string, Change<CaseState>>()
  const risks = new Map<string, Change<RiskState>>()
  const current = new Map(prior)
  for (const b of batches)
    for (const logged of b.events) {
      const id = subjectOf(logged.event as LogEvent)
      if (id === null) continue
      const next = reduce(current.get(id), logged, r)
      current.set(id, next)
      const before = prior.get(id)
      if (next.kind === 'case') cases.set(id, { prev: before?.kind === 'case' ? before.state : null, next: next.state })
      else risks.set(id, { prev: before?.kind === 'risk' ? before.state : null, next: next.state })
    }
  agg.applyBatch(cases.values(), risks.values(), batches.at(-1)!.seq)
}

export interface LogSource extends Reducers {
  store: Pick<Store, 'readBatches'> & { replay: Pick<ReplayStore, 'historyOf'> }
}

/**
 * Move `agg` through the log from its position to `seq`, `pageEvents` events per applyTail (a
 * replay, and a restart's tail after its snapshot); `between` is awaited after each page short of
 * `seq` (a turn of the event loop).
 */
export async function applyLogUpTo(agg: Aggregator, seq: number, src: LogSource, pageEvents: number, between?: () => Promise<unknown>): Promise<void> {
  const historyOf = (subjects: string[], maxSeq: number) => src.store.replay.historyOf(subjects, maxSeq)
  while (agg.seq < seq) {
    const batches = (await src.store.readBatches(agg.seq, Math.min(pageEvents, seq - agg.seq))).filter((b) => b.seq <= seq)
    if (batches.length === 0) throw new Error(`replay: no batch after position ${agg.seq} up to ${seq}`)
    await applyTail(agg, batches, historyOf, src)
    if (between && agg.seq < seq) await between()
  }
}
