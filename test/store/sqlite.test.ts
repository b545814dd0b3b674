import fs from 'node:fs'
import { SqliteStore } from '../../server/store/sqlite/sqliteStore'
import type { Store } from '../../server/store/types'
import { tempDataDir } from '../helpers/app'
import { NOW, pathOf, SUITE_REGIONS } from './suite/context'
import { storeSuite } from './suite'

storeSuite({
  name: 'SQLite',
  async create() {
    const dir = tempDataDir()
    const clock = { now: NOW }
    const open = (nodeId: string) => new SqliteStore(dir, { clock: () => clock.now, nodeId })
    let store: Store = open('node-a')
    await store.putRegions(SUITE_REGIONS, pathOf)
    const handles: Store[] = [store]
    return {
      get store() {
        return store
      },
      clock,
      async another(nodeId) {
        const s = open(nodeId)
        handles.push(s)
        return s
      },
      async reopen() {
        await store.close()
        store = open('node-a')
        handles.push(store)
        return store
      },
      async dispose() {
        for (const h of handles) await h.close()
        fs.rmSync(dir, { recursive: true, force: true })
      },
    }
  },
})
