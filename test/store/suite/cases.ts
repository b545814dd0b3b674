import { expect, it } from 'vitest'
import { isOverdue, supervisionColor } from '../../../server/domain/cases/deadline'
import { CursorError } from '../../../server/store/cursor'
import type { CaseQuery, Store } from '../../../server/store/types'
import type { YipingEvent } from '../../../shared/events/schema'
import type { SupervisionColor } from '../../../shared/domain/vocabulary'
import { reported, resolved, riskRegistered, riskStatus, stage, T0, urged } from '../../helpers/events'
import { accept, pathOf, type StoreFixture } from './context'

const H = 3600_000

/** Every page of a listing, following nextCursor. */
async function all(store: Store, q: Omit<CaseQuery, 'limit' | 'cursor'>, limit = 4): Promise<string[]> {
  const ids: string[] = []
  let cursor: string | null = null
  do {
    const page: { items: Array<{ id: string }>; nextCursor: string | null } = await store.listCases({ ...q, limit, ...(cursor ? { cursor } : {}) })
    ids.push(...page.items.map((c) => c.id))
    cursor = page.nextCursor
  } while (cursor)
  return ids
}

/**
 * Cases in three towns (two of which have codes that share a prefix), minor and major, moved,
 * supervised, resolved; reported an hour apart so that "newest" has one order.
 */
function scenario(): YipingEvent[] {
  const villages = ['330111001001', '330111001002', '3301110011001', '330411001001']
  const out: YipingEvent[] = []
  for (let i = 0; i < 16; i++)
    out.push(reported(`K${String(i).padStart(2, '0')}`, villages[i % 4]!, T0 + i * H, { size: i % 3 === 0 ? 'major' : 'minor', title: i === 5 ? '河道漂浮垃圾' : `楼道杂物${i}`, category: i === 6 ? '劳动争议' : '邻里纠纷' }))
  out.push(stage('K01', 'assign', T0 + 20 * H), urged('K01', T0 + 21 * H))
  out.push({ id: 'sup-1', type: 'case.supervised', at: new Date(T0 + 2 * H).toISOString(), caseId: 'K02', color: 'red' })
  out.push({ id: 'sup-2', type: 'case.supervised', at: new Date(T0 + 5 * H).toISOString(), caseId: 'K04', color: 'green' })
  out.push(resolved('K07', 'grid', T0 + 8 * H), resolved('K08', 'village', T0 + 30 * H))
  return out
}

export function caseTests(fixture: () => StoreFixture) {
  it('keeps the current state of every case and its timeline with commit times', async () => {
    const { store, clock } = fixture()
    clock.now = T0 + 40 * H
    await accept(store, scenario(), clock)
    clock.now = T0 + 41 * H
    await accept(store, [urged('K01', T0 + 40 * H)], clock)
    const k01 = (await store.getCase('K01'))!
    expect(k01).toMatchObject({ id: 'K01', stage: 'assign', urgeCount: 2, regionCode: '330111001002', title: '楼道杂物1' })
    expect(await store.getCase('nope')).toBeNull()
    const timeline = await store.eventsOf('K01')
    expect(timeline.map((e) => [e.type, e.committedAt])).toEqual([
      ['case.reported', T0 + 40 * H],
      ['case.stage', T0 + 40 * H],
      ['case.urged', T0 + 40 * H],
      ['case.urged', T0 + 41 * H],
    ])
    expect(timeline.map((e) => e.seq)).toEqual([...timeline.map((e) => e.seq)].sort((a, b) => a - b))
    const every: string[] = []
    await store.forEachCase((c) => every.push(c.id))
    expect(every.sort()).toEqual(Array.from({ length: 16 }, (_, i) => `K${String(i).padStart(2, '0')}`))
  })

  it('pages newest first and most urgent first by cursor, without gaps or repeats', async () => {
    const { store, clock } = fixture()
    clock.now = T0 + 40 * H
    await accept(store, scenario(), clock)
    const root = pathOf('330000')
    const newest = await all(store, { regionPath: root, now: T0, sort: 'newest' }, 3)
    expect(newest).toEqual(Array.from({ length: 16 }, (_, i) => `K${String(15 - i).padStart(2, '0')}`))

    const urgent = await all(store, { regionPath: root, now: T0, sort: 'urgent' }, 5)
    expect(urgent).toHaveLength(16)
    expect(urgent.slice(-2).sort()).toEqual(['K07', 'K08'])
    const cases = await Promise.all(urgent.map((id) => store.getCase(id)))
    const dues = cases.slice(0, -2).map((c) => c!.dueAt)
    expect([...dues].sort((a, b) => a - b)).toEqual(dues)

    await expect(store.listCases({ regionPath: root, now: T0, sort: 'newest', limit: 5, cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(CursorError)
    const forged = Buffer.from(JSON.stringify([1, 2, 3])).toString('base64url')
    await expect(store.listCases({ regionPath: root, now: T0, sort: 'newest', limit: 5, cursor: forged })).rejects.toBeInstanceOf(CursorError)
  })

  it('scopes to a subtree by path, never matching a sibling whose code shares the prefix', async () => {
    const { store, clock } = fixture()
    clock.now = T0 + 40 * H
    await accept(store, scenario(), clock)
    const town = await all(store, { regionPath: pathOf('330111001'), now: T0, sort: 'newest' })
    const neighbour = await all(store, { regionPath: pathOf('3301110011'), now: T0, sort: 'newest' })
    const district = await all(store, { regionPath: pathOf('330111'), now: T0, sort: 'newest' })
    const regionOf = async (ids: string[]) => new Set(await Promise.all(ids.map(async (id) => (await store.getCase(id))!.regionCode)))
    expect(await regionOf(town)).toEqual(new Set(['330111001001', '330111001002']))
    expect(await regionOf(neighbour)).toEqual(new Set(['3301110011001']))
    expect(district.sort()).toEqual([...town, ...neighbour].sort())
    expect(await all(store, { regionPath: pathOf('330111001001'), now: T0, sort: 'newest' })).toEqual(['K12', 'K08', 'K04', 'K00'])
  })

  it("filters by colour and overdue at the instant the caller gives, agreeing with the domain's rule", async () => {
    const { store, clock } = fixture()
    clock.now = T0 + 40 * H
    await accept(store, scenario(), clock)
    const states = new Map<string, Parameters<typeof supervisionColor>[0]>()
    await store.forEachCase((c) => states.set(c.id, c))
    const root = pathOf('330000')
    // Instants before, at and after due and yellow times of the minor cases (24 h, yellow at 18 h).
    for (const now of [T0 + 17 * H, T0 + 18 * H, T0 + 24 * H - 1, T0 + 24 * H, T0 + 30 * H, T0 + 40 * H]) {
      for (const color of ['red', 'yellow', 'green'] as SupervisionColor[]) {
        const expected = [...states.values()].filter((c) => supervisionColor(c, now) === color).map((c) => c.id).sort()
        const got = await all(store, { regionPath: root, color, now, sort: 'newest' })
        expect(got.sort(), `${color} at +${(now - T0) / H} h`).toEqual(expected)
      }
      for (const overdue of [true, false]) {
        const expected = [...states.values()].filter((c) => isOverdue(c, now) === overdue).map((c) => c.id).sort()
        const got = await all(store, { regionPath: root, overdue, now, sort: 'urgent' })
        expect(got.sort(), `overdue=${overdue} at +${(now - T0) / H} h`).toEqual(expected)
      }
    }
    // The supervised ones keep their colour whatever the clock says; the resolved have none.
    const red = await all(store, { regionPath: root, color: 'red', now: T0 + 3 * H, sort: 'newest' })
    expect(red).toEqual(['K02'])
    const green = await all(store, { regionPath: root, color: 'green', now: T0 + 10 ** 10, sort: 'newest' })
    expect(green).toEqual(['K04'])
  })

  it('filters by stage and by words in the title, a category or a case id', async () => {
    const { store, clock } = fixture()
    clock.now = T0 + 40 * H
    await accept(store, scenario(), clock)
    const root = pathOf('330000')
    const q = (extra: Partial<CaseQuery>) => all(store, { regionPath: root, now: T0, sort: 'newest', ...extra })
    expect(await q({ stage: 'assign' })).toEqual(['K01'])
    expect(await q({ stage: 'followup' })).toEqual(['K08', 'K07'])
    expect(await q({ q: '河道' })).toEqual(['K05'])
    expect(await q({ q: '劳动争议' })).toEqual(['K06'])
    expect(await q({ q: 'K11' })).toEqual(['K11'])
    expect(await q({ q: '100%_' })).toEqual([])
    expect(await q({ q: '杂物1', stage: 'receive', overdue: true, now: T0 + 40 * H })).toEqual(['K14', 'K13', 'K11', 'K10'])
  })

  it('keeps risk points and lists those of a subtree', async () => {
    const { store, clock } = fixture()
    await accept(store, [riskRegistered('R1', '330411001001'), riskRegistered('R2', '3301110011001', 'fire'), riskRegistered('R3', '330111001001'), riskStatus('R2', 'alarm')], clock)
    await accept(store, [riskStatus('R1', 'warning'), { ...riskStatus('R2', 'rectifying'), note: '已整改' } as YipingEvent], clock)
    expect((await store.listRisks(pathOf('330000'))).map((r) => [r.id, r.status])).toEqual([['R1', 'warning'], ['R2', 'rectifying'], ['R3', 'normal']])
    expect((await store.listRisks(pathOf('330111001'))).map((r) => r.id)).toEqual(['R3'])
    expect((await store.listRisks(pathOf('3301110011')))[0]).toMatchObject({ id: 'R2', kind: 'fire', status: 'rectifying', note: '已整改' })
    const every: string[] = []
    await store.forEachRisk((r) => every.push(r.id))
    expect(every.sort()).toEqual(['R1', 'R2', 'R3'])
    expect((await store.eventsOf('R2')).map((e) => e.type)).toEqual(['risk.registered', 'risk.status', 'risk.status'])
  })

  it('stores the region tree once and updates it in place', async () => {
    const { store } = fixture()
    expect(await store.isEmpty()).toBe(false)
    const before = await store.loadRegions()
    expect(before).toHaveLength(15)
    expect(before[0]).toEqual({ code: '330000', name: '浙江省', level: 'province', parent: null })
    await store.putRegions([{ code: '330411', name: '秀洲区（新）', level: 'district', parent: '330400', lng: 120.7, lat: 30.76 }], pathOf)
    const after = await store.loadRegions()
    expect(after).toHaveLength(15)
    expect(after.find((r) => r.code === '330411')).toEqual({ code: '330411', name: '秀洲区（新）', level: 'district', parent: '330400', lng: 120.7, lat: 30.76 })
  })
}
