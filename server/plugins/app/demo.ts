import fp from 'fastify-plugin'

/**
 * YIPING_DEMO=1: on a store without events, load a year-to-date synthetic dataset through the same
 * ingest path as integrators; then, whatever the store held, run the live simulator.
 */
export default fp(
  async (app) => {
    if (!app.config.demo) return
    // Loaded only in demo mode: a production wall never carries the generator in memory.
    const { demoEvents } = await import('../../demo/dataset')
    const { startSimulator } = await import('../../demo/simulator')
    if ((await app.store.lastSeq()) === 0 && app.config.demoScale > 0) {
      const started = performance.now()
      let events = 0
      let lastLog = started
      for (const batch of demoEvents({ regions: app.regions.list(), now: app.clock(), scale: app.config.demoScale })) {
        const outcome = await app.ingest.submit(batch)
        if (!outcome.ok) throw new Error(`demo dataset refused: ${JSON.stringify(outcome.details.slice(0, 3))}`)
        events += batch.length
        if (performance.now() - lastLog > 2000) {
          lastLog = performance.now()
          app.log.info({ events }, 'loading the demo dataset…')
        }
      }
      app.log.info({ events, seconds: +((performance.now() - started) / 1000).toFixed(1) }, 'demo dataset loaded')
    }
    if (app.config.simRate > 0) {
      const sim = await startSimulator(app, app.config.simRate)
      app.addHook('preClose', async () => sim.stop())
    }
  },
  { name: 'demo', dependencies: ['ingest', 'regions', 'store'] },
)
