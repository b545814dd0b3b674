import fp from 'fastify-plugin'
import type { Store } from '../../store/types'
import { SqliteStore } from '../../store/sqlite/sqliteStore'

declare module 'fastify' {
  interface FastifyInstance {
    store: Store
  }
}

/** The store, chosen by configuration; closed last, after everything that writes to it. */
export default fp(
  async (app) => {
    if (app.config.databaseUrl) throw new Error('YIPING_DATABASE_URL (PostgreSQL) is not supported by this build yet')
    const store = new SqliteStore(app.config.dataDir)
    app.decorate('store', store)
    app.addHook('onClose', async () => {
      await store.close()
    })
  },
  { name: 'store', dependencies: ['config'] },
)
