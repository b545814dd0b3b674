import { SqliteStore } from '../../server/store/sqlite/sqliteStore'
import { tempDataDir } from '../helpers/app'
import { accessStoreSuite } from './access-suite'

accessStoreSuite('sqlite', async () => new SqliteStore(tempDataDir(), { clock: Date.now, nodeId: 'test' }))
