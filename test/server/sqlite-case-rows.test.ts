import fs from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import type { YipingEvent } from '../../shared/events/schema'
import { SqliteStore } from '../../server/store/sqlite/sqliteStore'
import { CASE_COLUMNS, caseParams, caseWire } from '../../server/store/sqlite/rows'
import { caseRowValues } from '../../server/store/sqlite/writer/rowValues.mjs'
import { followedUp, reported, resolved, stage, T0, urged } from '../helpers/events'
import { tempDataDir } from '../helpers/app'
import { accept, NOW, pathOf, SUITE_REGIONS } from '../store/suite/context'

const village = '330111001001'
const supervised = (caseId: string, color: 'green' | 'yellow' | 'red'): YipingEvent => ({
  id: `sup-${caseId}-${color}`,
  type: 'case.supervised',
  at: new Date(T0 + 300_000).toISOString(),
  caseId,
  color,
})

/**
 * The embedded store posts each case's state, path and marks to its writer thread, which makes the
 * row values there (writer/rowValues.mjs): they must be exactly those caseParams makes from the
 * state, whatever the case's stage, marks and optional fields.
 */
describe('SQLite store: case rows made in the writer thread', () => {
  const dirs: string[] = []
  const stores: SqliteStore[] = []
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close()
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
  })

  it('caseRowValues of what the store posts equals caseParams', () => {
    const state = JSON.parse(
      '{"id":"C1","regionCode":"330111001001","source":"hotline","category":"邻里纠纷","size":"minor","title":"楼道\\"堆放\\"杂物","backlogLevel":null,"reporter":{"name":"张三","phone":"13800000000"},"stage":"handle","reportedAt":1,"clockFrom":1,"dueAt":86400001,"stageAt":{"receive":1,"handle":5},"urgeCount":2,"supervisedColor":null,"resolvedAt":null,"tier":null,"followedUpAt":null,"satisfaction":null,"reopenCount":0,"updatedAt":5,"unit":"城管","units":{"城管":{"assigned":1,"returned":0}},"theme":{"loss":12.5}}',
    )
    const path = pathOf(village)
    expect(caseRowValues(structuredClone(caseWire(state, path)))).toEqual(caseParams(state, path))
  })

  it('writes every column as caseParams makes it, for new, updated, supervised, resolved and closed cases', async () => {
    const dir = tempDataDir()
    dirs.push(dir)
    const clock = { now: NOW }
    const store = new SqliteStore(dir, { clock: () => clock.now, nodeId: 'node-a' })
    stores.push(store)
    await store.putRegions(SUITE_REGIONS, pathOf)
    await accept(store, [reported('R1', village), reported('R2', village, T0, { unit: '城管' }), reported('R3', village), reported('R4', village), reported('R5', village)], clock)
    await accept(store, [stage('R1', 'handle'), urged('R2'), supervised('R3', 'red'), supervised('R4', 'yellow'), resolved('R5')], clock)
    await accept(store, [followedUp('R5'), urged('R1')], clock)
    const rows = store.db.prepare(`SELECT ${CASE_COLUMNS.join(', ')} FROM cases ORDER BY id`).raw().all() as unknown[][]
    expect(rows.map((r) => r[0])).toEqual(['R1', 'R2', 'R3', 'R4', 'R5'])
    for (const row of rows) {
      const state = (await store.getCase(String(row[0])))!
      expect(row).toEqual(caseParams(state, pathOf(state.regionCode)))
    }
  })
})
