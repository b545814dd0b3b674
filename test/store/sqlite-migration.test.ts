import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { MIGRATIONS } from '../../server/store/sqlite/migrations'
import { SqliteStore } from '../../server/store/sqlite/sqliteStore'
import { tempDataDir } from '../helpers/app'
import { reported, T0, urged } from '../helpers/events'
import { accept, NOW, pathOf } from './suite/context'

const H = 3600_000

describe('SQLite store upgraded from the schema before the log had batches (step 2)', () => {
  it('gets one batch per run of events received together, and marks for every case', async () => {
    const dir = tempDataDir()
    const old = new Database(path.join(dir, 'yiping.sqlite'))
    for (const step of MIGRATIONS.slice(0, 2)) old.exec(step as string)
    old.pragma('user_version = 2')
    const state = (id: string, supervisedColor: string | null) => JSON.stringify({
      id, regionCode: '330111001001', source: 'hotline', category: '邻里纠纷', size: 'minor', title: `旧案${id}`, backlogLevel: null,
      reporter: null, stage: 'receive', reportedAt: T0, clockFrom: T0, dueAt: T0 + 24 * H, stageAt: { receive: T0 }, urgeCount: 0,
      supervisedColor, resolvedAt: null, tier: null, followedUpAt: null, satisfaction: null, reopenCount: 0, updatedAt: T0,
    })
    const insertEvent = old.prepare(`INSERT INTO events (id, type, at, received_at, body, subject) VALUES (?, 'case.reported', ?, ?, '{}', ?)`)
    insertEvent.run('e1', T0, T0 + 10, 'O1')
    insertEvent.run('e2', T0, T0 + 10, 'O2')
    insertEvent.run('e3', T0, T0 + 20, 'O1')
    const insertCase = old.prepare(`INSERT INTO cases (id, region_code, region_path, stage, reported_at, due_at, yellow_at, resolved_at,
      followed_up_at, supervised_color, updated_at, state) VALUES (?, '330111001001', ?, 'receive', ?, ?, 0, NULL, NULL, ?, ?, ?)`)
    insertCase.run('O1', pathOf('330111001001'), T0, T0 + 24 * H, null, T0, state('O1', null))
    insertCase.run('O2', pathOf('330111001001'), T0, T0 + 24 * H, 'red', T0, state('O2', 'red'))
    old.close()

    const clock = { now: NOW }
    const store = new SqliteStore(dir, { clock: () => clock.now, nodeId: 'node-a' })
    const log = await store.readBatches(0, 100)
    expect(log.map((b) => [b.firstSeq, b.seq, b.committedAt, b.events.length])).toEqual([[1, 2, T0 + 10, 2], [3, 3, T0 + 20, 1]])
    const red = async (now: number) =>
      (await store.listCases({ regionPath: pathOf('330000'), color: 'red', now, sort: 'newest', limit: 10 })).items.map((c) => c.id).sort()
    expect(await red(T0 + H)).toEqual(['O2'])
    expect(await red(T0 + 24 * H)).toEqual(['O1', 'O2'])
    expect((await store.listCases({ regionPath: pathOf('330000'), now: T0, q: '旧案O1', sort: 'newest', limit: 10 })).items.map((c) => c.id)).toEqual(['O1'])
    // New batches continue the positions.
    expect((await accept(store, [urged('O1', T0 + H), reported('N1', '330111001001')], clock)).batch).toMatchObject({ firstSeq: 4, seq: 5 })
    await store.close()
  })
})
