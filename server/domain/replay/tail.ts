import { isInstructionEvent, type CaseEvent, type LogEvent, type RiskEvent } from '../../../shared/events/schema'
import type { RegionTree } from '../../../shared/regions/tree'
import type { Aggregator } from '../aggregate/aggregator'
import type { CaseState } from '../cases/caseState'
import type { TimeLimitRules } from '../cases/deadline'
import { reduceCase, type CaseContext } from '../cases/reduceCase'
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

/** The region tree as reduceCase asks it, made once per tail rather than once per event. */
function contextOf(r: Reducers): CaseContext {
  return { parentOf: (code) => r.tree.get(code)?.parent ?? null }
}

/**
 * One logged event through the same reducers as ingest (domain/cases/reduceCase, risks/riskState).
 * The log only holds events that were accepted, so a refusal here means the log and the code
 * disagree: that is thrown, never papered over.
 */
function reduce(prev: Subject | undefined, logged: LoggedEvent, r: Reducers, context: CaseContext): Subject {
  const e = logged.event as LogEvent
  if ('caseId' in e) {
    const out = reduceCase(prev?.kind === 'case' ? prev.state : undefined, e as CaseEvent, logged.at, r.limits, context)
    if (!out.ok) throw new Error(`replay: event ${logged.id} at position ${logged.seq} refused (${out.message})`)
    return { kind: 'case', state: out.state }
  }
  const out = reduceRisk(prev?.kind === 'risk' ? prev.state : undefined, e as RiskEvent, logged.at)
  if (!out.ok) throw new Error(`replay: event ${logged.id} at position ${logged.seq} refused (${out.message})`)
  return { kind: 'risk', state: out.state }
}

/** A subject's place in `NetChanges.current` until its history is read (never applied: replaced in the same `add`). */
const AWAITED = { kind: 'case', state: null } as unknown as Subject

type HistoryOf = (subjects: string[], maxSeq: number) => Promise<LoggedEvent[]>

/**
 * Whole batches of the log after an aggregator's position, taken in as their net change per case
 * and risk point since that position (`prior`: each subject's state there, `current`: after the
 * batches taken in so far), then applied at once. A subject's state at the position is the
 * aggregator's own (unresolved cases), else its history up to there, read from the log and reduced.
 * Netting over many pages rather than one applies a case moved on across pages once, and reads the
 * history of a subject resolved on one page and touched on a later one never.
 */
class NetChanges {
  private readonly prior = new Map<string, Subject>()
  private readonly current = new Map<string, Subject>()
  /** The position of the last batch taken in (the aggregator's until then). */
  seq: number
  private readonly context: CaseContext

  constructor(
    private readonly agg: Aggregator,
    private readonly historyOf: HistoryOf,
    private readonly r: Reducers,
  ) {
    this.seq = agg.seq
    this.context = contextOf(r)
  }

  /** Subjects with a change taken in and not applied yet. */
  get size(): number {
    return this.current.size
  }

  async add(batches: readonly LoggedBatch[]): Promise<void> {
    if (batches.length === 0) return
    if (batches[0]!.firstSeq !== this.seq + 1) throw new Error(`replay: batch at ${batches[0]!.firstSeq} does not follow position ${this.seq}`)
    const { agg, prior, current, r, context } = this
    // One pass: an event of a subject whose state before these batches is known (taken in before,
    // reported here, or one of the aggregator's) is reduced at once; those of subjects whose
    // history has to be read first wait for it, in order (a second pass over every event, and a
    // set of the subjects seen, were a sixth of the netting).
    let waiting: Map<string, LoggedEvent[]> | null = null
    for (const b of batches)
      for (const logged of b.events) {
        const id = subjectOf(logged.event as LogEvent)
        if (id === null) continue
        const held = waiting?.get(id)
        if (held) {
          held.push(logged)
          continue
        }
        let now = current.get(id)
        if (now === undefined) {
          // A case whose first event here is its report has no state before it (a second report is
          // refused at ingest): not looked for among the unresolved (a search of a restored
          // snapshot's ids each, most of a live tail's cases).
          if (logged.type !== 'case.reported') {
            const watched = agg.watchedState(id)
            if (watched) prior.set(id, (now = { kind: 'case', state: watched }))
            else {
              ;(waiting ??= new Map()).set(id, [logged])
              // Its place among the changes kept where its first event puts it (the changes are applied in that order).
              current.set(id, AWAITED)
              continue
            }
          }
        }
        current.set(id, reduce(now, logged, r, context))
      }
    if (waiting) {
      if (agg.seq > 0)
        for (const logged of await this.historyOf([...waiting.keys()], agg.seq)) {
          const id = subjectOf(logged.event as LogEvent)
          if (id !== null) prior.set(id, reduce(prior.get(id), logged, r, context))
        }
      for (const [id, events] of waiting) {
        let now = prior.get(id)
        for (const logged of events) now = reduce(now, logged, r, context)
        current.set(id, now!)
      }
    }
    this.seq = batches.at(-1)!.seq
  }

  /**
   * Apply every net change taken in, `chunk` subjects per aggregator update (`between` awaited
   * between two), the aggregator's position moving to the last batch's with the last update.
   */
  async apply(chunk = Number.POSITIVE_INFINITY, between?: () => Promise<unknown>): Promise<void> {
    const { agg, prior } = this
    let cases: Array<Change<CaseState>> = []
    let risks: Array<Change<RiskState>> = []
    let left = this.current.size
    for (const [id, next] of this.current) {
      const before = prior.get(id)
      if (next.kind === 'case') cases.push({ prev: before?.kind === 'case' ? before.state : null, next: next.state })
      else risks.push({ prev: before?.kind === 'risk' ? before.state : null, next: next.state })
      left--
      if (left === 0) agg.applyBatch(cases, risks, this.seq)
      else if (cases.length + risks.length >= chunk) {
        agg.applyBatch(cases, risks, agg.seq)
        cases = []
        risks = []
        if (between) await between()
      }
    }
    // Batches of instructions only move the position.
    if (this.current.size === 0 && agg.seq !== this.seq) agg.applyBatch([], [], this.seq)
    this.prior.clear()
    this.current.clear()
  }
}

/**
 * Apply whole batches of the log (right after the aggregator's position) to a replay's
 * aggregator, as their net change per case and risk point, exactly as ingest applies a batch's
 * changes.
 */
export async function applyTail(agg: Aggregator, batches: readonly LoggedBatch[], historyOf: HistoryOf, r: Reducers): Promise<void> {
  if (batches.length === 0) return
  const net = new NetChanges(agg, historyOf, r)
  await net.add(batches)
  await net.apply()
}

export interface LogSource extends Reducers {
  store: Pick<Store, 'readBatches'> & { replay: Pick<ReplayStore, 'historyOf'> }
}

/**
 * Subjects whose net changes are held before they are applied: a replay from the start of a long
 * log (no snapshot) would otherwise hold every case's state at once.
 */
export const NET_SUBJECTS_MAX = 50_000

/**
 * Move `agg` through the log from its position to `seq`: read `pageEvents` events per step, netted
 * per case and risk point over the whole way (at most `netSubjects` of them held), then applied
 * `pageEvents` changes per aggregator update (a replay, and a restart's tail after its snapshot);
 * `between` is awaited after each step short of the end (a turn of the event loop).
 */
export async function applyLogUpTo(
  agg: Aggregator,
  seq: number,
  src: LogSource,
  pageEvents: number,
  between?: () => Promise<unknown>,
  netSubjects = NET_SUBJECTS_MAX,
): Promise<void> {
  const historyOf = (subjects: string[], maxSeq: number) => src.store.replay.historyOf(subjects, maxSeq)
  const net = new NetChanges(agg, historyOf, src)
  while (net.seq < seq) {
    const batches = (await src.store.readBatches(net.seq, Math.min(pageEvents, seq - net.seq))).filter((b) => b.seq <= seq)
    if (batches.length === 0) throw new Error(`replay: no batch after position ${net.seq} up to ${seq}`)
    await net.add(batches)
    if (net.seq === seq || net.size >= netSubjects) await net.apply(pageEvents, between)
    if (between && net.seq < seq) await between()
  }
}
