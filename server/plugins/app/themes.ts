import fp from 'fastify-plugin'
import type { ThemeTallies } from '../../domain/themes/themeFigures'

declare module 'fastify' {
  interface FastifyInstance {
    themes: ThemeTallies
  }
}

/**
 * The themed pages' tallies (信访积案, 平安·反诈, 消防安全, 涉水安全): the aggregator's own, so they
 * are rebuilt or restored from a snapshot with it at start-up and moved by every committed batch
 * in log order (plugins/app/aggregator.ts).
 */
export default fp(
  async (app) => {
    app.decorate('themes', app.aggregator.themes)
  },
  { name: 'themes', dependencies: ['aggregator'] },
)
