import fp from 'fastify-plugin'
import { ThemeTallies } from '../../domain/themes/themeFigures'

declare module 'fastify' {
  interface FastifyInstance {
    themes: ThemeTallies
  }
}

/**
 * The themed pages' tallies (信访积案, 平安·反诈, 消防安全, 涉水安全): rebuilt from the store's
 * current state at start-up, then moved by every committed batch, in log order, like the aggregator.
 */
export default fp(
  async (app) => {
    const themes = new ThemeTallies(app.regions)
    const started = performance.now()
    await app.store.forEachCase((c) => themes.applyCase(null, c))
    await app.store.forEachRisk((r) => themes.applyRisk(null, r))
    app.log.info({ ms: Math.round(performance.now() - started) }, 'theme tallies rebuilt from the store')
    app.ingest.onCommit((c) => {
      for (const ch of c.cases.values()) themes.applyCase(ch.prev, ch.next)
      for (const ch of c.risks.values()) themes.applyRisk(ch.prev, ch.next)
    })
    app.decorate('themes', themes)
  },
  { name: 'themes', dependencies: ['store', 'regions', 'ingest'] },
)
