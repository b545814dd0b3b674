import { setImmediate as turn } from 'node:timers/promises'
import fp from 'fastify-plugin'
import type { YipingEvent } from '../../../shared/events/schema'
import { regionPath } from '../../../shared/regions/tree'
import { planBatch } from '../../domain/ingest/planBatch'
import type { IngestBatch, IngestOutcome, LoggedBatch } from '../../store/types'
import { SYSTEM_ORIGIN, type IngestOrigin } from '../../auth/types'
import { limitToScope } from '../../domain/ingest/scope'
import { replayBatch, type AppliedBatch } from '../../cluster/replay'
import { LOG_CHANNEL } from '../../store/postgres/log'

/** A batch that wrote something: its place in the log and what it changed. */
export type Committed = AppliedBatch
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
  /**
   * Every applied batch, in log order: this node's own and, when the log is shared, every other
   * node's too (the same changes, replayed from the log).
   */
  onCommit(fn: CommitListener): () => void
  /** Read and apply the log up to its head now (a shared log; the embedded store has nothing to read). Resolves with the applied position. */
  catchUp(): Promise<number>
}

declare module 'fastify' {
  interface FastifyInstance {
    ingest: IngestService
  }
}

/** Events per read when tailing the log. */
const TAIL_PAGE = 5000
/** The safety net under the wake-ups: a notice can be lost while a connection is down. */
const TAIL_POLL_MS = 2000

/**
 * The one path by which events enter: HTTP ingest, the demo loader and the simulator all use it.
 * Figures move only after the store committed, so nothing is shown that could still be lost.
 * On a shared log (PostgreSQL, several nodes) a node applies every batch in log order: its own as
 * committed, others' read from the log (woken by NOTIFY, polled now and then), so every node's
 * figures and `seq` are those of the same log position.
 */
export default fp(
  async (app) => {
    const listeners = new Set<CommitListener>()
    const { aggregator, states } = app
    // Every case row carries its region's path: built once per region, not once per case.
    const paths = new Map<string, string>()
    const pathOf = (code: string) => {
      let p = paths.get(code)
      if (p === undefined) paths.set(code, (p = regionPath(app.regions, code)))
      return p
    }
    // Batches are applied one after another so the aggregator sees commits in log order.
    let queue: Promise<unknown> = Promise.resolve()
    const serial = <T>(work: () => Promise<T>) => {
      const run = queue.then(work)
      queue = run.catch(() => undefined)
      return run
    }

    const apply = (c: Committed) => {
      aggregator.applyBatch(c.cases.values(), c.risks.values(), c.batch.seq)
      states?.remember(c.cases.values(), c.risks.values())
      for (const fn of listeners) fn(c)
    }

    const applyLogged = (b: LoggedBatch) => {
      const c = states ? replayBatch(b, states, { regions: app.regions, limits: app.config.timeLimits }) : null
      if (c) return apply(c)
      app.log.error({ seq: b.seq, nodeId: b.nodeId }, 'a logged batch could not be replayed; its position is skipped')
      aggregator.seq = b.seq
    }

    /** Apply the log after the applied position, up to `upTo` (inclusive) or its head. Run in the queue. */
    const readOn = async (upTo = Infinity) => {
      while (aggregator.seq < upTo) {
        const batches = await app.store.readBatches(aggregator.seq, TAIL_PAGE)
        if (batches.length === 0) return
        for (const b of batches) {
          if (b.seq > upTo) return
          if (b.seq <= aggregator.seq) continue
          applyLogged(b)
        }
      }
    }

    const submit = (events: readonly YipingEvent[], origin: IngestOrigin = SYSTEM_ORIGIN, opts: SubmitOptions = {}) => {
      const { scope } = opts
      const batch: IngestBatch = {
        events,
        origin,
        ...(opts.committedAt !== undefined ? { committedAt: opts.committedAt } : {}),
        plan: (known) => {
          const plan = planBatch(events, known, { regions: app.regions, now: app.clock(), limits: app.config.timeLimits })
          return scope ? limitToScope(plan, events, scope.allows, scope.code) : plan
        },
        pathOf,
      }
      // The embedded store plans on the spot and commits in call order: the next batch is planned
      // while this one is written, and the figures follow in the same order.
      if (app.store.plansOnCall) {
        const written = app.store.ingest(batch)
        return serial(async (): Promise<IngestOutcome> => {
          const outcome = await written
          if (!outcome.ok || !outcome.batch) return outcome
          // A turn of its own for each batch's figures: one COMMIT answers every batch it held at
          // once, and applying them back to back held the event loop for all of them together.
          await turn()
          apply(outcome as Committed)
          return outcome
        })
      }
      return serial(async (): Promise<IngestOutcome> => {
        const outcome = await app.store.ingest(batch)
        if (!outcome.ok || !outcome.batch) return outcome
        // Other nodes' batches before ours first: the figures follow the log's order.
        if (states && outcome.batch.firstSeq > aggregator.seq + 1) await readOn(outcome.batch.firstSeq - 1)
        apply(outcome as Committed)
        return outcome
      })
    }

    // Wake-ups: the highest position announced; a read happens only if it is ahead of the figures.
    let announced = 0
    let pending: Promise<number> | null = null
    let forced = false
    const catchUp = (force = true): Promise<number> => {
      if (!states) return Promise.resolve(aggregator.seq)
      if (!force && announced <= aggregator.seq) return Promise.resolve(aggregator.seq)
      forced ||= force
      if (pending) return pending
      pending = serial(async () => {
        pending = null
        const read = forced || announced > aggregator.seq
        forced = false
        if (read) await readOn()
        return aggregator.seq
      })
      return pending
    }
    if (states) {
      const onError = (err: unknown) => app.log.error({ err }, 'reading the log failed; retrying')
      app.cluster.onNotice(LOG_CHANNEL, (payload) => {
        announced = Math.max(announced, Number(payload) || 0)
        catchUp(false).catch(onError)
      })
      app.cluster.onListening(() => void catchUp().catch(onError))
      const poll = setInterval(() => void catchUp().catch(onError), TAIL_POLL_MS)
      poll.unref()
      app.addHook('preClose', async () => clearInterval(poll))
    }

    app.decorate('ingest', {
      submit,
      catchUp: () => catchUp(),
      onCommit(fn: CommitListener) {
        listeners.add(fn)
        return () => listeners.delete(fn)
      },
    })
  },
  { name: 'ingest', dependencies: ['store', 'regions', 'aggregator', 'cluster'] },
)
