import fp from 'fastify-plugin'
import { Aggregator } from '../../domain/aggregate/aggregator'
import { StateCache } from '../../cluster/replay'

declare module 'fastify' {
  interface FastifyInstance {
    aggregator: Aggregator
    /** Every state as of `aggregator.seq`, kept when the log is shared (PostgreSQL); null on the embedded store. */
    states: StateCache | null
  }
}

// setTimeout cannot wait longer than 2^31-1 ms; far deadlines are re-armed.
const MAX_SLEEP_MS = 2 ** 31 - 1

/**
 * The in-memory figures, rebuilt from the store at start-up, and the clock that wakes exactly at
 * the next due or yellow time (no per-second scan of cases).
 */
export default fp(
  async (app) => {
    const aggregator = new Aggregator(app.regions, app.clock, { disputeCategories: app.config.disputeCategories })
    const started = performance.now()
    // One consistent read at a known position: other nodes may be committing while this one starts,
    // and the log is tailed from exactly there (plugins/app/ingest.ts).
    const states = app.store.kind === 'postgres' ? new StateCache() : null
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
    app.log.info({ cases, ms: Math.round(performance.now() - started) }, 'aggregates rebuilt from the store')

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
    app.addHook('onClose', async () => {
      clearTimeout(timer)
      clearInterval(prune)
    })
  },
  { name: 'aggregator', dependencies: ['regions', 'store'] },
)
