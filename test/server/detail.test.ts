import { afterEach, describe, expect, it } from 'vitest'
import type { App } from '../../server/app'
import type { RegionDetail } from '../../shared/summary/detail'
import { adminToken, ingestHeaders, testApp } from '../helpers/app'
import { reported, resolved, riskRegistered, riskStatus, T0, stage } from '../helpers/events'
import { connect, connected, listen, panelsAfter, subscribe } from '../helpers/live'

let app: App
afterEach(async () => app?.close())

const HOUR = 3600_000

describe('region detail for the panels', () => {
  it('ranks children, counts activity by hour and day of occurrence, and tops categories', async () => {
    const now = T0 + 5 * HOUR // 14:00 in Shanghai
    ;({ app } = await testApp({ clock: () => now }))
    const token = await adminToken(app)
    const events = [
      reported('A', '330111001001', T0 - 2 * 24 * HOUR, { category: '环境卫生' }),
      reported('B', '330111001002', T0 + HOUR, { category: '邻里纠纷' }),
      reported('C', '330111002001', T0 + HOUR, { category: '邻里纠纷' }),
      reported('D', '330411001001', T0 + 2 * HOUR, { category: '噪音扰民' }),
      stage('A', 'assign', T0 - 2 * 24 * HOUR + HOUR),
      resolved('A', 'grid', T0 + 3 * HOUR),
      riskRegistered('R1', '330111002002'),
      riskStatus('R1', 'alarm'),
    ]
    expect((await app.inject({ method: 'POST', url: '/api/v1/events', headers: ingestHeaders, payload: { events } })).statusCode).toBe(200)

    const res = await app.inject({ url: '/api/v1/summary/detail?region=330111', headers: { authorization: `Bearer ${token}` } })
    expect(res.statusCode).toBe(200)
    const d = res.json() as RegionDetail
    expect(d.children.map((c) => [c.name, c.total, c.riskAlarms])).toEqual([
      ['春江街道', 2, 0],
      ['万市镇', 1, 1],
    ])
    // Today 00:00 … 14:00 in Shanghai: 15 hourly slots; A resolved today at 12:00, reported two days ago.
    expect(d.hourly).toHaveLength(15)
    expect(d.hourly[0]!.at).toBe('2026-06-15T00:00:00.000+08:00')
    expect(d.hourly[10]).toMatchObject({ reported: 2, resolved: 0 })
    expect(d.hourly[12]).toMatchObject({ reported: 0, resolved: 1 })
    expect(d.daily).toHaveLength(30)
    expect(d.daily.at(-1)).toMatchObject({ at: '2026-06-15T00:00:00.000+08:00', reported: 2, resolved: 1 })
    expect(d.daily.at(-3)).toMatchObject({ reported: 1, resolved: 0 })
    expect(d.byCategory).toEqual([
      { category: '邻里纠纷', count: 2 },
      { category: '环境卫生', count: 1 },
    ])

    const root = (await app.inject({ url: '/api/v1/summary/detail?region=330000', headers: { authorization: `Bearer ${token}` } })).json() as RegionDetail
    const sum = root.children.reduce((n, c) => n + c.total, 0)
    expect(sum).toBe(4)
  })

  it('comes with the subscribe snapshot and with every push', async () => {
    ;({ app } = await testApp({ clock: () => T0 + 5 * HOUR }))
    const base = await listen(app)
    const s = connect(base, await adminToken(app))
    await connected(s)
    const ack = await subscribe(s, '330111001')
    if (!ack.ok) throw new Error(ack.error)
    expect(ack.detail.children.map((c) => c.code)).toEqual(['330111001001', '330111001002'])
    const pushed = new Promise<RegionDetail>((resolve) => s.on('summary', (p) => resolve(panelsAfter(ack.detail, p))))
    await app.inject({ method: 'POST', url: '/api/v1/events', headers: ingestHeaders, payload: { events: [reported('X', '330111001002', T0)] } })
    expect((await pushed).children.find((c) => c.code === '330111001002')!.total).toBe(1)
    s.disconnect()
  })

  it('ranks the grandchildren of a region with fewer children than asked, on REST and live alike', async () => {
    ;({ app } = await testApp({ clock: () => T0 + 5 * HOUR }))
    const token = await adminToken(app)
    const auth = { authorization: `Bearer ${token}` }
    const ingest = async (events: unknown[]) =>
      expect((await app.inject({ method: 'POST', url: '/api/v1/events', headers: ingestHeaders, payload: { events } })).statusCode).toBe(200)
    await ingest([reported('A', '330111001001', T0), reported('B', '330111002001', T0), reported('C', '330411001001', T0)])
    const read = async (q: string) => {
      const res = await app.inject({ url: `/api/v1/summary/detail?${q}`, headers: auth })
      expect(res.statusCode, res.body).toBe(200)
      return res.json() as RegionDetail
    }

    // The province has two cities: their districts, ranked like children, each with its city.
    const province = await read('region=330000&grandchildrenBelow=3&compare=lastYear')
    expect(province.children.map((c) => c.code)).toEqual(['330100', '330400'])
    expect(province.grandchildren?.map((g) => [g.name, g.parentName, g.parent, g.level, g.value, g.total])).toEqual([
      ['富阳区', '杭州市', '330100', 'district', 2, 2],
      ['秀洲区', '嘉兴市', '330400', 'district', 1, 1],
    ])
    expect(province.grandchildren![0]!.compare).toEqual({ lastYear: 0 })
    // A city of one district: its towns (a tie ranked by code).
    expect((await read('region=330100&grandchildrenBelow=3')).grandchildren?.map((g) => [g.name, g.parentName])).toEqual([
      ['春江街道', '富阳区'],
      ['万市镇', '富阳区'],
    ])
    // Two cities are not fewer than two; and nothing unless asked for.
    expect((await read('region=330000&grandchildrenBelow=2')).grandchildren).toBeUndefined()
    expect((await read('region=330000')).grandchildren).toBeUndefined()
    for (const bad of ['0', '17', 'x'])
      expect((await app.inject({ url: `/api/v1/summary/detail?region=330000&grandchildrenBelow=${bad}`, headers: auth })).statusCode).toBe(400)

    // Live: the snapshot and every push carry them, equal to the REST read of the same view.
    const base = await listen(app)
    const s = connect(base, token)
    await connected(s)
    const ack = await s.timeout(5000).emitWithAck('subscribe', { region: '330000', grandchildrenBelow: 3 })
    if (!ack.ok) throw new Error(ack.error)
    expect(ack.detail).toEqual(await read('region=330000&grandchildrenBelow=3'))
    const pushed = new Promise<RegionDetail>((resolve) => s.on('summary', (p) => resolve(panelsAfter(ack.detail, p))))
    await ingest([reported('E', '330411001001', T0), reported('F', '330411001001', T0)])
    const after = await pushed
    expect(after.grandchildren?.map((g) => [g.code, g.value])).toEqual([
      ['330411', 3],
      ['330111', 2],
    ])
    expect(after).toEqual(await read('region=330000&grandchildrenBelow=3'))
    s.disconnect()
  })
})
