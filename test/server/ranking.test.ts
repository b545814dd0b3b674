import { afterEach, describe, expect, it } from 'vitest'
import type { App } from '../../server/app'
import type { RegionDetail } from '../../shared/summary/detail'
import { adminToken, ingestHeaders, testApp } from '../helpers/app'
import { figureAt } from '../../shared/summary/paths'
import type { Summary } from '../../shared/summary/schema'
import { reported, resolved, riskRegistered, riskStatus, T0 } from '../helpers/events'

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

  it('reads every kind of figure (cases, backlog, risks, alarms) as the child\'s own summaries hold it, compared periods too', async () => {
    const Y = 365 * 24 * H
    ;({ app } = await testApp({ clock: () => T0 + 48 * H }))
    const auth = { authorization: `Bearer ${await adminToken(app)}` }
    const events = [
      reported('A1', '330111001001', T0, { backlogLevel: 'municipal' }),
      reported('A2', '330111001001', T0 - Y, { backlogLevel: 'municipal' }),
      reported('A3', '330111001002', T0 - Y + H),
      resolved('A3', 'grid', T0 - Y + 2 * H),
      reported('B1', '330111002001', T0 + H, { backlogLevel: 'district' }),
      riskRegistered('R1', '330111002001'),
      riskStatus('R1', 'alarm'),
    ]
    expect((await app.inject({ method: 'POST', url: '/api/v1/events', headers: ingestHeaders, payload: { events } })).statusCode).toBe(200)
    await app.alarms.settled()
    const get = async <T>(url: string) => {
      const res = await app.inject({ url, headers: auth })
      expect(res.statusCode, res.body).toBe(200)
      return res.json() as T
    }
    const paths = ['cases.total', 'cases.byStage.receive', 'cases.onTimeRate', 'backlog.municipal.total', 'risks.byStatus.alarm', 'alarms.open', 'alarms.byKind.case.red.open']
    for (const rankBy of paths) {
      const d = await get<RegionDetail>(`/api/v1/summary/detail?region=330111&period=year&compare=previous,lastYear&rankBy=${rankBy}`)
      expect(d.children.length).toBe(2)
      for (const child of d.children) {
        const direct = await get<Summary>(`/api/v1/summary?region=${child.code}&period=year&compare=previous,lastYear`)
        expect(child.value, `${rankBy} ${child.code}`).toBe(figureAt(direct, rankBy))
        expect(child.compare, `${rankBy} ${child.code}`).toEqual({
          previous: figureAt(direct.compare!.previous!.summary, rankBy),
          lastYear: figureAt(direct.compare!.lastYear!.summary, rankBy),
        })
        expect(child.riskAlarms).toBe(direct.risks.byStatus.alarm)
      }
    }
    // Not all zeros: the figures read above are there to be read.
    const direct = await get<Summary>('/api/v1/summary?region=330111&period=year&compare=lastYear')
    expect(direct.backlog.municipal.total + direct.compare!.lastYear!.summary.backlog.municipal.total).toBe(2)
    expect(direct.risks.byStatus.alarm).toBe(1)
  })
})
