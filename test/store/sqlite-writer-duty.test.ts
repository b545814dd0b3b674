import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import type { NewAlarm } from '../../server/domain/alarms/alarmRecord'
import type { SqliteStore } from '../../server/store/sqlite/sqliteStore'
import { tempSqliteStores } from '../helpers/sqliteStores'
import { T0 } from '../helpers/events'
import { NOW, pathOf, SUITE_REGIONS } from './suite/context'

const VILLAGE = '330111001001'
const alarm = (subjectId: string, over: Partial<NewAlarm> = {}): NewAlarm => ({
  episode: `case.red:${subjectId}:0`,
  kind: 'case.red',
  subjectId,
  regionCode: VILLAGE,
  title: `${subjectId} 红色督办`,
  raisedAt: T0,
  ...over,
})
/** A turn of the event loop: what a blocked loop would not give until the write was done. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve))

describe('SQLite store: alarms raised and cleared by the writer thread', () => {
  const stores = tempSqliteStores()
  const open = async () => {
    const { store, dir } = stores.open({ clock: () => NOW })
    await store.putRegions(SUITE_REGIONS, pathOf)
    return { store, file: path.join(dir, 'yiping.sqlite') }
  }
  const auditOf = (store: SqliteStore, id: number) => store.duty.auditOf(`alarm:${id}`).then((a) => a.map((e) => [e.action, e.note]))

  it('waits for the write lock off the event loop, and answers after COMMIT', async () => {
    const { store, file } = await open()
    const first = (await store.duty.raise(alarm('D1'), pathOf(VILLAGE)))!
    // Another connection holds the write lock (as the log's own commits do, or another process).
    const other = new Database(file)
    stores.closeAfter(() => other.close())
    other.exec('BEGIN IMMEDIATE')
    const raised = store.duty.raise(alarm('D2'), pathOf(VILLAGE))
    const cleared = store.duty.clear('case.red', 'D1', NOW, NOW)
    let settled = false
    void Promise.allSettled([raised, cleared]).then(() => (settled = true))
    // The loop turns and the store still reads while both wait for the lock.
    await turn()
    expect((await store.duty.get(first.id))!.clearedAt).toBeNull()
    expect(await store.duty.list({ regionPath: pathOf(VILLAGE), status: 'open', limit: 10 })).toHaveLength(1)
    expect(settled).toBe(false)
    other.exec('COMMIT')
    const d2 = (await raised)!
    expect(d2).toMatchObject({ subjectId: 'D2', status: 'raised', raisedAt: T0 })
    expect(await cleared).toEqual([{ before: 'raised', alarm: { ...first, clearedAt: NOW } }])
    expect(await auditOf(store, d2.id)).toEqual([['alarm.raised', 'D2 红色督办']])
    expect(await auditOf(store, first.id)).toEqual([
      ['alarm.raised', 'D1 红色督办'],
      ['alarm.cleared', null],
    ])
    // Raising is idempotent by episode; clearing what is cleared changes nothing.
    expect(await store.duty.raise(alarm('D2'), pathOf(VILLAGE))).toBeNull()
    expect(await store.duty.clear('case.red', 'D1', NOW + 1, NOW + 1)).toEqual([])
  })

  it('closes on clearing what the rule says, acknowledged or raised after its cause ended', async () => {
    const { store } = await open()
    const acked = (await store.duty.raise(alarm('K1'), pathOf(VILLAGE)))!
    await store.duty.update(acked.id, { action: 'acknowledge', actor: 'desk', note: null, at: T0 + 10 })
    const late = (await store.duty.raise(alarm('K2', { raisedAt: NOW }), pathOf(VILLAGE)))!
    const [a] = await store.duty.clear('case.red', 'K1', NOW, NOW)
    const [b] = await store.duty.clear('case.red', 'K2', NOW, T0)
    expect(a).toMatchObject({ before: 'acknowledged', alarm: { status: 'closed', closedBy: 'system', closedAt: NOW, clearedAt: NOW } })
    expect(b).toMatchObject({ before: 'raised', alarm: { status: 'closed', closedBy: 'system', clearedAt: NOW } })
    expect((await auditOf(store, late.id)).map(([action]) => action)).toEqual(['alarm.raised', 'alarm.cleared', 'alarm.closed'])
  })

  it('sends a raise again to the next thread when the one that committed it stopped before answering: one alarm, one audit line', async () => {
    const { store } = await open()
    store.log.stopWriterAfterNextCommit()
    const a = await store.duty.raise(alarm('R1'), pathOf(VILLAGE))
    expect(store.log.writerStops).toBe(1)
    expect(a).toMatchObject({ subjectId: 'R1', status: 'raised' })
    expect(store.db.prepare(`SELECT count(*) AS n FROM alarms WHERE episode = ?`).get(alarm('R1').episode)).toEqual({ n: 1 })
    expect(await auditOf(store, a!.id)).toEqual([['alarm.raised', 'R1 红色督办']])

    store.log.stopWriterAfterNextCommit()
    const [c] = await store.duty.clear('case.red', 'R1', NOW, NOW)
    expect(store.log.writerStops).toBe(2)
    expect(c).toEqual({ before: 'raised', alarm: { ...a, clearedAt: NOW } })
    expect(await auditOf(store, a!.id)).toEqual([
      ['alarm.raised', 'R1 红色督办'],
      ['alarm.cleared', null],
    ])
  })
})
