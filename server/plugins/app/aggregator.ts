import { setImmediate as turn } from 'node:timers/promises'
import fp from 'fastify-plugin'
import { Aggregator } from '../../domain/aggregate/aggregator'
import { StateCache } from '../../cluster/replay'
import { restoreLatest, type Restored } from '../../domain/replay/restart'
import { snapshotVersion } from '../../domain/replay/snapshotCodec'

declare module 'fastify' {
  interface FastifyInstance {
    aggregator: Aggregator
    /** Every state as of `aggregator.seq`, kept when the log is shared (PostgreSQL); null on the embedded store. */
    states: StateCache | null
    /** How the figures were made at start-up: restored from a snapshot and the log after it, or recounted from the store. */
    aggregatorStart: AggregatorStart
  }
}

export type AggregatorStart = ({ from: 'snapshot' } & Restored) | { from: 'store'; cases: number }

// setTimeout cannot wait longer than 2^31-1 ms; far deadlines are re-armed.
const MAX_SLEEP_MS = 2 ** 31 - 1

/**
 * The in-memory figures (the themed pages' and the units' with them), at start-up restored from
 * the latest snapshot and the log after it, or else rebuilt from every case in the store; and the
 * clock that wakes exactly at the next due or yellow time (no per-second scan of cases).
 */
export default fp(
  async (app) => {
    const { config } = app
    const aggregator = new Aggregator(app.regions, app.clock, { disputeCategories: config.disputeCategories })
    const started = performance.now()
    const states = app.store.kind === 'postgres' ? new StateCache() : null
    // A shared log's nodes keep every state (StateCache), which a snapshot does not hold: they recount.
    let restored: Restored | null = null
    if (!states && config.snapshotRestart && config.snapshotEvery > 0) {
      const ctx = { tree: app.regions, disputeCategories: config.disputeCategories, limits: config.timeLimits }
      try {
        restored = await restoreLatest(aggregator, { ...ctx, store: app.store }, snapshotVersion(ctx))
      } catch (err) {
        app.log.warn({ err }, 'the latest snapshot of the aggregates could not be restored; recounting every case')
      }
    }
    let start: AggregatorStart
    if (restored) {
      start = { from: 'snapshot', ...restored }
      app.log.info({ ...restored, ms: Math.round(performance.now() - started) }, 'aggregates restored from a snapshot and the log after it')
      // The cases it left encoded, decoded behind the server: it answers in seconds, and no later
      // read (the units' page, the petitions' open 积案, a walk of the red cases) pays for them all in one turn.
      void aggregator.decodeInTurns(turn)
    } else {
      // One consistent read at a known position: other nodes may be committing while this one starts,
      // and the log is tailed from exactly there (plugins/app/ingest.ts).
      let cases = 0
      aggregator.reset(0)
      aggregator.seq = await app.store.readState(
        (c) => {
          aggregator.addCase(c)
          states?.cases.set(c.id, c)
          cases++
        },
        (r) => {
          aggregator.addRisk(r)
          states?.risks.set(r.id, r)
        },
      )
      start = { from: 'store', cases }
      app.log.info({ cases, ms: Math.round(performance.now() - started) }, 'aggregates rebuilt from the store')
    }

    let timer: NodeJS.Timeout | undefined
    let armedFor = Infinity
    const arm = () => {
      const next = aggregator.nextWakeAt()
      if (next === undefined || next >= armedFor) return
      clearTimeout(timer)
      armedFor = next
      const delay = Math.min(Math.max(0, next - app.clock()), MAX_SLEEP_MS)
      timer = setTimeout(() => {
        armedFor = Infinity
        aggregator.tick()
        arm()
      }, delay)
      timer.unref()
    }
    // Every batch may bring an earlier deadline than the armed one.
    aggregator.onChange(() => arm())
    arm()
    const prune = setInterval(() => aggregator.pruneActivity(), 3600_000).unref()
    app.decorate('aggregator', aggregator)
    app.decorate('states', states)
    app.decorate<AggregatorStart>('aggregatorStart', start)
    app.addHook('onClose', async () => {
      clearTimeout(timer)
      clearInterval(prune)
    })
  },
  { name: 'aggregator', dependencies: ['regions', 'store'] },
)
