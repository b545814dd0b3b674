import { PgStore } from '../../server/store/postgres/pgStore'
import type { Store } from '../../server/store/types'
import { createTestDatabase } from '../helpers/postgres'
import { NOW, pathOf, SUITE_REGIONS } from './suite/context'
import { storeSuite } from './suite'

storeSuite({
  name: 'PostgreSQL',
  async create() {
    const db = await createTestDatabase()
    const clock = { now: NOW }
    const open = (nodeId: string) => PgStore.open(db.url, { clock: () => clock.now, nodeId })
    let store: Store = await open('node-a')
    await store.putRegions(SUITE_REGIONS, pathOf)
    const handles: Store[] = [store]
    return {
      get store() {
        return store
      },
      clock,
      async another(nodeId) {
        const s = await open(nodeId)
        handles.push(s)
        return s
      },
      async reopen() {
        await store.close()
        store = await open('node-a')
        handles.push(store)
        return store
      },
      async dispose() {
        for (const h of handles) await h.close()
        await db.drop()
      },
    }
  },
})
