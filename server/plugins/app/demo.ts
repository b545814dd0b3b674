import { setImmediate as turn } from 'node:timers/promises'
import fp from 'fastify-plugin'
import type { DemoStatus } from '../../../shared/api/meta'
import { demoCoverage } from '../../demo/territory'

export interface DemoService {
  /** Demo data in the store, loading progress, coverage (GET /api/v1/meta). */
  status(): DemoStatus
  /** Resolves once loading has ended and the simulator (if any) has started. */
  ready(): Promise<void>
}

declare module 'fastify' {
  interface FastifyInstance {
    demo: DemoService
  }
}

/**
 * YIPING_DEMO=1: the server answers at once; the demo history loads behind it through the ingest
 * path (progress in `status()`, GET /api/v1/meta and the log), then the live simulator starts. A
 * shutdown during the load stops it after the batch under way; the next start resumes it. Without
 * YIPING_DEMO the plugin only tells whether the store holds demo data.
 */
export default fp(
  async (app) => {
    // The dataset's events carry ids `demo-…` and it always loads onto an empty log.
    const first = (await app.store.readBatches(0, 1))[0]?.events[0]
    // Loaded only in demo mode: a production server never carries the generator in memory.
    const loader = app.config.demo ? await import('../../demo/loader') : null
    const plan = loader ? await loader.planDemoLoad(app) : null
    const state = { active: first?.id.startsWith('demo-') === true || plan !== null, loading: plan !== null, loaded: plan?.cases ?? 0, total: plan?.total ?? null }
    const coverage = demoCoverage(app.regions)

    const abort = new AbortController()
    let stopSimulator: (() => Promise<void>) | undefined
    let work: Promise<void> = Promise.resolve()

    const run = async () => {
      // Let listen() finish first: the wall must be able to answer while the data arrives.
      await turn()
      if (plan && loader) {
        const onProgress = (p: { cases: number; total: number | null }) => Object.assign(state, { loaded: p.cases, total: p.total })
        const result = await loader.loadDemo(app, abort.signal, { plan, onProgress })
        if (!result.completed) return
        state.loading = false
      }
      const { simRate: rate, simSpeed: speed, demoScale: scale } = app.config
      if (rate === 0 || (rate === null && (speed <= 0 || scale <= 0))) return
      const { startSimulator } = await import('../../demo/simulator')
      if (abort.signal.aborted) return
      stopSimulator = (await startSimulator(app, { rate, speed, scale })).stop
    }

    app.decorate('demo', {
      status: (): DemoStatus => ({ ...state, coverage: state.active ? coverage : null }),
      ready: () => work,
    })
    // The load and the simulator happen once across nodes: on the leader (the embedded store's one
    // node always leads); a node that takes the lead over starts the simulator.
    let started = false
    app.addHook('onReady', async () => {
      if (!app.config.demo) return
      app.cluster.onLeader((leader) => {
        if (leader && !started) {
          started = true
          work = run().catch((err: unknown) => {
            state.loading = false
            app.log.error({ err }, 'demo data could not be loaded')
          })
        } else if (!leader && started) {
          started = false
          const stopping = stopSimulator
          stopSimulator = undefined
          void stopping?.()
        }
      })
    })
    app.addHook('preClose', async () => {
      abort.abort()
      await work
      await stopSimulator?.()
      // What the last batch raised must be written before the store closes.
      await app.alarms.settled()
    })
  },
  { name: 'demo', dependencies: ['ingest', 'regions', 'store', 'alarms', 'cluster'] },
)
