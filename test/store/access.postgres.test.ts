import { afterAll } from 'vitest'
import { PgStore } from '../../server/store/postgres/pgStore'
import { createTestDatabase, type TestDatabase } from '../helpers/postgres'
import { accessStoreSuite } from './access-suite'

const databases: TestDatabase[] = []
afterAll(async () => {
  for (const d of databases) await d.drop()
})

accessStoreSuite('postgres', async () => {
  const db = await createTestDatabase()
  databases.push(db)
  return PgStore.open(db.url, { clock: Date.now, nodeId: 'test' })
})
