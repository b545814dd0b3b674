import { afterEach, describe, expect, it } from 'vitest'
import type { App } from '../../server/app'
import type { RegionDetail } from '../../shared/summary/detail'
import { adminToken, ingestHeaders, testApp } from '../helpers/app'
import { reported, resolved, T0 } from '../helpers/events'

let app: App
afterEach(async () => app?.close())

const H = 3600_000

describe('ranking order', () => {
  it('sorts by the figure asc or desc, ties by code, and a null figure last either way', async () => {
    ;({ app } = await testApp({ clock: () => T0 + 48 * H }))
    const auth = { authorization: `Bearer ${await adminToken(app)}` }
    const events = [
      // 春江村: two cases, one resolved on time (按期办结率 1); 中沙村: one case, resolved late (0).
      reported('A1', '330111001001', T0),
      reported('A2', '330111001001', T0),
      resolved('A1', 'grid', T0 + H),
      reported('B1', '330111001002', T0),
      resolved('B1', 'grid', T0 + 30 * H),
      // 彭家村 and 槎源坞村: one open case each, nothing resolved (按期办结率 null); 万市镇 likewise.
      reported('C1', '330111002001', T0),
      reported('D1', '330111002002', T0),
    ]
    expect((await app.inject({ method: 'POST', url: '/api/v1/events', headers: ingestHeaders, payload: { events } })).statusCode).toBe(200)
    const rank = async (region: string, rankBy: string, order: string) => {
      const res = await app.inject({ url: `/api/v1/summary/detail?region=${region}&rankBy=${rankBy}&order=${order}`, headers: auth })
      expect(res.statusCode, res.body).toBe(200)
      return (res.json() as RegionDetail).children.map((c) => [c.name, c.value])
    }
    expect(await rank('330111001', 'cases.onTimeRate', 'asc')).toEqual([['中沙村', 0], ['春江村', 1]])
    expect(await rank('330111001', 'cases.onTimeRate', 'desc')).toEqual([['春江村', 1], ['中沙村', 0]])
    expect(await rank('330111', 'cases.onTimeRate', 'asc')).toEqual([['春江街道', 0.5], ['万市镇', null]])
    expect(await rank('330111', 'cases.onTimeRate', 'desc')).toEqual([['春江街道', 0.5], ['万市镇', null]])
    expect(await rank('330111002', 'cases.total', 'desc')).toEqual([['彭家村', 1], ['槎源坞村', 1]])
    expect(await rank('330111002', 'cases.total', 'asc')).toEqual([['彭家村', 1], ['槎源坞村', 1]])
    expect(await rank('330111', 'cases.open', 'desc')).toEqual([['万市镇', 2], ['春江街道', 1]])
    // Any numeric path, a stock too: the three open 小事 are overdue, so red, so alarmed.
    await app.alarms.settled()
    expect(await rank('330000', 'alarms.byKind.case.red.open', 'desc')).toEqual([['杭州市', 3], ['嘉兴市', 0]])
    expect(await rank('330000', 'alarms.byKind.case.red.open', 'asc')).toEqual([['嘉兴市', 0], ['杭州市', 3]])
  })
})
