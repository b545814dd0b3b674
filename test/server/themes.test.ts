import { afterEach, describe, expect, it } from 'vitest'
import type { App } from '../../server/app'
import type { ThemeAnswer } from '../../shared/api/themes'
import type { YipingEvent } from '../../shared/events/schema'
import { toShanghaiIso } from '../../shared/time/shanghai'
import { accountSession, adminToken, ingestHeaders, testApp } from '../helpers/app'
import { reported, resolved, riskRegistered, T0 } from '../helpers/events'

let app: App
afterEach(async () => app?.close())
const H = 3600_000
const DAY = 24 * H
const YEAR_AGO = T0 - 365 * DAY

let k = 0
const status = (riskId: string, s: 'normal' | 'rectifying' | 'rectified', at: number, extra: Record<string, unknown> = {}): YipingEvent =>
  ({ id: `st-${++k}`, type: 'risk.status', at: toShanghaiIso(at), riskId, status: s, ...extra }) as YipingEvent

async function send(events: YipingEvent[]) {
  const res = await app.inject({ method: 'POST', url: '/api/v1/events', headers: ingestHeaders, payload: { events } })
  expect(res.statusCode, res.body).toBe(200)
}

const PERIOD = 'from=2026-01-01T00:00:00%2B08:00&to=2027-01-01T00:00:00%2B08:00'

describe('themed pages (GET /api/v1/themes/:page)', () => {
  it('counts petitions, 积案 with 包案领导, fraud, fire inspections and water points, incrementally and after a restart', async () => {
    const now = T0 + 10 * DAY
    ;({ app } = await testApp({ clock: () => now }))
    const auth = { authorization: `Bearer ${await adminToken(app)}` }
    const get = async (page: string, region: string, qs = PERIOD) => {
      const res = await app.inject({ url: `/api/v1/themes/${page}?region=${region}&${qs}`, headers: auth })
      expect(res.statusCode, res.body).toBe(200)
      return res.json() as ThemeAnswer
    }
    const petition = { source: 'petition' as const, category: '征地拆迁', size: 'major' as const, title: '征地补偿' }
    await send([
      reported('P1', '330111001001', T0, { ...petition, visit: 'first' }),
      reported('P2', '330111001001', T0, { ...petition, visit: 'repeat', overLevel: true }),
      reported('P3', '330111001002', T0, { ...petition, visit: 'first', backlogLevel: 'national', caseLeader: '区委副书记', clearBy: toShanghaiIso(T0 + 5 * DAY) }),
      reported('P4', '330111002001', T0, { ...petition, backlogLevel: 'provincial', caseLeader: '副区长', clearBy: toShanghaiIso(T0 + 60 * DAY) }),
      reported('P5', '330111002001', YEAR_AGO, { ...petition, visit: 'repeat' }),
      reported('F1', '330111002002', T0 + 2 * H, { source: 'police', category: '电信诈骗', fraudType: 'rebate', loss: 12000 }),
      reported('F2', '330111002002', T0 + 14 * H, { source: 'police', category: '电信诈骗', fraudType: 'investment', loss: 50000 }),
      reported('F3', '330111002002', YEAR_AGO, { source: 'police', category: '电信诈骗', loss: 10000 }),
      resolved('P4', 'district', T0 + 2 * DAY),
    ])
    const p = (await get('petition', '330111')).petition!
    expect(p).toMatchObject({ petitions: 4, firstVisits: 2, repeatVisits: 1, overLevel: 1, villages: 4, quietVillages: 1 })
    expect(p.backlog.national).toEqual({ total: 1, resolved: 0 })
    expect(p.backlog.provincial).toEqual({ total: 1, resolved: 1 })
    expect(p.openBacklog.total).toBe(1)
    expect(p.openBacklog.items[0]).toMatchObject({ caseId: 'P3', caseLeader: '区委副书记', regionName: '中沙村', level: 'national', overdue: true })
    expect(p.lastYear).toEqual({ petitions: 1, overLevel: 0, repeatVisits: 1 })

    const s = (await get('safety', '330111')).safety!
    expect(s).toMatchObject({ cases: 2, loss: 62000, lastYear: { cases: 1, loss: 10000 }, casesChange: 1, lossChange: 5.2 })
    expect(s.byHour[11]).toBe(1) // 09:00 + 2 h
    expect(s.byHour[23]).toBe(1)
    expect(s.byType.find((t) => t.type === 'rebate')).toMatchObject({ cases: 1, loss: 12000, label: '刷单返利' })
    const lastYear = (await get('safety', '330111', 'from=2025-01-01T00:00:00%2B08:00&to=2026-01-01T00:00:00%2B08:00')).safety!
    expect(lastYear).toMatchObject({ cases: 1, loss: 10000 })

    await send([
      { ...riskRegistered('S1', '330411001001', 'fire'), inspectionSite: true } as YipingEvent,
      { ...riskRegistered('S2', '330411001001', 'fire'), inspectionSite: true } as YipingEvent,
      status('S1', 'rectifying', T0 + DAY, { round: 1, hazard: 3 }),
      status('S1', 'rectified', T0 + 3 * DAY, { round: 1, rectified: 3 }),
      status('S2', 'rectifying', T0 + 4 * DAY, { round: 2, hazard: 2 }),
      { ...riskRegistered('W1', '330411001001', 'water'), rescueSets: 3 } as YipingEvent,
      status('W1', 'normal', T0 + DAY, { patrol: true, rescueReady: 2 }),
      status('W1', 'normal', T0 + 2 * DAY, { patrol: true }),
    ])
    const f = (await get('fire', '330411')).fire!
    expect(f).toMatchObject({ sites: 2, sitesRectifying: 1, inspections: 2, hazards: 5, rectified: 3, rounds: 2, lastRound: 2, firePoints: 2 })
    expect(f.stations).toBeGreaterThanOrEqual(0)
    const w = (await get('water', '330411')).water!
    expect(w).toMatchObject({ points: 1, rescueSets: 3, rescueReady: 2, patrols: 2, byStatus: { normal: 1 } })
    expect((await get('water', '330111')).water).toMatchObject({ points: 0, rescueSets: 0, patrols: 0 })

    // Each child's main figures, rolled up like the region's own, for the pages' rankings.
    const child = async (page: string, region: string, code: string) => (await get(page, region)).children.find((c) => c.code === code)
    expect(await child('petition', '330111', '330111001')).toMatchObject({ figures: { petitions: 3, openBacklog: 1 } })
    expect(await child('safety', '330111', '330111002')).toMatchObject({ figures: { cases: 2, loss: 62000 } })
    expect(await child('safety', '330111', '330111001')).toMatchObject({ figures: { cases: 0, loss: 0 } })
    expect(await child('fire', '330411', '330411001')).toMatchObject({ figures: { hazards: 5, rectified: 3, sites: 2 } })
    expect(await child('water', '330411', '330411001')).toMatchObject({ name: expect.any(String), figures: { points: 1, alarm: 0, patrols: 2, rescueSets: 3 } })
    expect((await get('water', '330411')).children.every((c) => c.code.startsWith('330411'))).toBe(true)

    // Scoped like the summary; bad input is 400, an unknown region 404.
    const xiuzhou = await accountSession(app, auth, { username: 'xz-viewer', role: 'viewer', scope: '330411' })
    expect((await app.inject({ url: `/api/v1/themes/petition?region=330111`, headers: xiuzhou })).statusCode).toBe(403)
    expect((await app.inject({ url: `/api/v1/themes/water?region=330411`, headers: xiuzhou })).statusCode).toBe(200)
    expect((await app.inject({ url: `/api/v1/themes/nope?region=330411`, headers: auth })).statusCode).toBe(400)
    expect((await app.inject({ url: `/api/v1/themes/fire?region=999`, headers: auth })).statusCode).toBe(404)
    expect((await app.inject({ url: `/api/v1/themes/fire?region=330411` })).statusCode).toBe(401)

    // Rebuilt from the store: the same figures after a restart.
    const before = await Promise.all(['petition', 'safety', 'fire', 'water'].map((pg) => get(pg, '330000')))
    const dataDir = app.config.dataDir
    await app.close()
    ;({ app } = await testApp({ dataDir, clock: () => now }))
    const again = { authorization: `Bearer ${await adminToken(app)}` }
    for (const b of before) {
      const res = await app.inject({ url: `/api/v1/themes/${b.page}?region=330000&${PERIOD}`, headers: again })
      expect(res.json()).toEqual(b)
    }
  }, 90_000)

  it('refuses a batch whose theme fields are invalid, and keeps old batches valid', async () => {
    ;({ app } = await testApp({ clock: () => T0 + DAY }))
    const bad = await app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: ingestHeaders,
      payload: { events: [reported('X1', '330111001001', T0, { visit: 'third' as never }), reported('X2', '330111001001', T0, { loss: -5 })] },
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().details.map((d: { index: number }) => d.index)).toEqual(expect.arrayContaining([0, 1]))
    await send([reported('X3', '330111001001', T0)])
  })
})
