import fs from 'node:fs'
import Database from 'better-sqlite3'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { SqliteStore } from '../../server/store/sqlite/sqliteStore'
import { tempSqliteStores } from '../helpers/sqliteStores'
import { NOW } from './suite/context'

/** The helper the SQLite writer tests share: what one test opens is gone before the next one runs. */
describe('tempSqliteStores', () => {
  const stores = tempSqliteStores()
  const left: { dirs: string[]; opened: SqliteStore[]; other?: Database.Database; order: string[] } = { dirs: [], opened: [], order: [] }

  it('opens stores on fresh directories, and on a given one again', async () => {
    const a = stores.open({ clock: () => NOW })
    const b = stores.open({ clock: () => NOW, nodeId: 'node-b' })
    expect(a.dir).not.toBe(b.dir)
    await a.store.close()
    const again = stores.open({ clock: () => NOW, dir: a.dir })
    expect(again.dir).toBe(a.dir)
    const other = new Database(path.join(a.dir, 'yiping.sqlite'))
    stores.closeAfter(() => {
      left.order.push(again.store.db.open ? 'other before the store' : 'other after the store')
      other.close()
    })
    left.dirs = [a.dir, b.dir]
    left.opened = [a.store, b.store, again.store]
    left.other = other
  })

  it('closed all of them (the last opened first) and removed their directories after that test', () => {
    expect(left.order).toEqual(['other before the store'])
    expect(left.opened.map((s) => s.db.open)).toEqual([false, false, false])
    expect(left.other!.open).toBe(false)
    expect(left.dirs.map((d) => fs.existsSync(d))).toEqual([false, false])
  })
})
