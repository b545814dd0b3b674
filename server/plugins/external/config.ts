import fp from 'fastify-plugin'
import type { Config } from '../../config'

declare module 'fastify' {
  interface FastifyInstance {
    config: Config
    /** The server's notion of now; tests move it to drive deadlines. */
    clock: () => number
  }
}

export default fp(
  async (app, opts: { config: Config; clock?: () => number }) => {
    app.decorate('config', opts.config)
    app.decorate('clock', opts.clock ?? Date.now)
  },
  { name: 'config' },
)
