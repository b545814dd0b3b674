import fp from 'fastify-plugin'
import type { YipingEvent } from '../../../shared/events/schema'
import { regionPath } from '../../../shared/regions/tree'
import { planBatch } from '../../domain/ingest/planBatch'
import type { BatchMeta, IngestOutcome } from '../../store/types'
import { SYSTEM_ORIGIN, type IngestOrigin } from '../../auth/types'
import { limitToScope } from '../../domain/ingest/scope'

/** A batch that wrote something: its place in the log and what it changed. */
export type Committed = Extract<IngestOutcome, { ok: true }> & { batch: BatchMeta }
type CommitListener = (c: Committed) => void

export interface SubmitOptions {
  /** An ingest key's subtree: a batch with any event outside it is refused whole. */
  scope?: { code: string; allows: (regionCode: string) => boolean } | null
  /** Record this commit time instead of the clock's (the demo's history at its own times; see IngestBatch). */
  committedAt?: number
}

export interface IngestService {
  /**
   * Validate against current state, write atomically as one batch of the log with its origin (the
   * ingest key, or the account acting at the desk; none for the server's own demo and simulator),
   * then update figures and tell listeners.
   */
  submit(events: readonly YipingEvent[], origin?: IngestOrigin, opts?: SubmitOptions): Promise<IngestOutcome>
  onCommit(fn: CommitListener): () => void
}

declare module 'fastify' {
  interface FastifyInstance {
    ingest: IngestService
  }
}

/**
 * The one path by which events enter: HTTP ingest, the demo loader and the simulator all use it.
 * Figures move only after the store committed, so nothing is shown that could still be lost.
 */
export default fp(
  async (app) => {
    const listeners = new Set<CommitListener>()
    // Every case row carries its region's path: built once per region, not once per case.
    const paths = new Map<string, string>()
    const pathOf = (code: string) => {
      let p = paths.get(code)
      if (p === undefined) paths.set(code, (p = regionPath(app.regions, code)))
      return p
    }
    // Batches are applied one after another so the aggregator sees commits in log order.
    let queue: Promise<unknown> = Promise.resolve()

    const submit = (events: readonly YipingEvent[], origin: IngestOrigin = SYSTEM_ORIGIN, opts: SubmitOptions = {}) => {
      const { scope } = opts
      const run = queue.then(async (): Promise<IngestOutcome> => {
        const outcome = await app.store.ingest({
          events,
          origin,
          ...(opts.committedAt !== undefined ? { committedAt: opts.committedAt } : {}),
          plan: (known) => {
            const plan = planBatch(events, known, { regions: app.regions, now: app.clock(), limits: app.config.timeLimits })
            return scope ? limitToScope(plan, events, scope.allows, scope.code) : plan
          },
          pathOf,
        })
        if (!outcome.ok || !outcome.batch) return outcome
        const committed = outcome as Committed
        app.aggregator.applyBatch(outcome.cases.values(), outcome.risks.values(), outcome.batch.seq)
        for (const fn of listeners) fn(committed)
        return outcome
      })
      queue = run.catch(() => undefined)
      return run
    }

    app.decorate('ingest', {
      submit,
      onCommit(fn: CommitListener) {
        listeners.add(fn)
        return () => listeners.delete(fn)
      },
    })
  },
  { name: 'ingest', dependencies: ['store', 'regions', 'aggregator'] },
)
