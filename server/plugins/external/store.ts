import fp from 'fastify-plugin'
import { openStore } from '../../store/open'
import type { Store } from '../../store/types'

declare module 'fastify' {
  interface FastifyInstance {
    store: Store
  }
}

/** The store, chosen by configuration (YIPING_DATABASE_URL); closed last, after everything that writes to it. */
export default fp(
  async (app) => {
    const store = await openStore(app.config, { clock: app.clock, nodeId: app.config.nodeId })
    app.log.info({ store: store.kind, nodeId: app.config.nodeId }, 'store open')
    app.decorate('store', store)
    app.addHook('onClose', async () => {
      await store.close()
    })
  },
  { name: 'store', dependencies: ['config'] },
)
