import { afterEach, describe, expect, it } from 'vitest'
import type { App } from '../../server/app'
import type { UnitsAnswer } from '../../shared/api/units'
import { adminToken, ingestHeaders, testApp } from '../helpers/app'
import { reported, resolved, T0 } from '../helpers/events'

let app: App
afterEach(async () => app?.close())
const H = 3600_000

describe('handling units (承办单位)', () => {
  it('ranks units by 按期办结率, 超期 and 退单率, from report, 转派 and 退回, and survives a restart', async () => {
    const now = T0 + 30 * H
    ;({ app } = await testApp({ clock: () => now }))
    const auth = { authorization: `Bearer ${await adminToken(app)}` }
    const events = [
      reported('U1', '330111001001', T0, { unit: '城管' }),
      resolved('U1', 'town', T0 + H), // 城管 on time
      reported('U2', '330111001001', T0, { unit: '城管' }),
      resolved('U2', 'town', T0 + 25 * H), // 城管 late (minor: due in 24 h)
      reported('U3', '330111001002', T0, { unit: '市场监管' }), // open, overdue at T0 + 30 h
      reported('U4', '330111002001', T0, { unit: '住建' }),
      reported('U5', '330411001001', T0, { unit: '城管' }), // another district
    ]
    expect((await app.inject({ method: 'POST', url: '/api/v1/events', headers: ingestHeaders, payload: { events } })).statusCode).toBe(200)
    const act = (id: string, body: object) => app.inject({ method: 'POST', url: `/api/v1/cases/${id}/actions`, headers: auth, payload: body })
    expect((await act('U4', { action: 'return', note: '非本单位职责' })).statusCode).toBe(200)
    expect((await act('U4', { action: 'transfer', to: '村委会' })).statusCode).toBe(200)

    const units = async (qs: string) => {
      const res = await app.inject({ url: `/api/v1/summary/units?${qs}`, headers: auth })
      expect(res.statusCode).toBe(200)
      return (res.json() as UnitsAnswer).units
    }
    const byUnit = Object.fromEntries((await units('region=330111')).map((u) => [u.unit, u]))
    expect(byUnit['城管']).toMatchObject({ assigned: 2, returned: 0, resolved: 2, resolvedOnTime: 1, onTimeRate: 0.5, open: 0, overdue: 0 })
    expect(byUnit['市场监管']).toMatchObject({ assigned: 1, resolved: 0, onTimeRate: null, open: 1, overdue: 1 })
    expect(byUnit['住建']).toMatchObject({ assigned: 1, returned: 1, returnRate: 1, open: 0 })
    expect(byUnit['村委会']).toMatchObject({ assigned: 1, returned: 0, returnRate: 0, open: 1, overdue: 1 })

    expect((await units('region=330111')).map((u) => u.unit)[0]).toBe('城管')
    expect((await units('region=330111&rankBy=returnRate')).map((u) => u.unit)[0]).toBe('住建')
    expect((await units('region=330000&rankBy=assigned')).find((u) => u.unit === '城管')!.assigned).toBe(3)
    expect(await units('region=330111&from=2025-01-01T00:00:00%2B08:00&to=2025-02-01T00:00:00%2B08:00')).toEqual([])
    expect((await app.inject({ url: '/api/v1/summary/units?region=330111&rankBy=nope', headers: auth })).statusCode).toBe(400)

    const dataDir = app.config.dataDir
    const before = await units('region=330000')
    await app.close()
    ;({ app } = await testApp({ dataDir, clock: () => now }))
    const again = { authorization: `Bearer ${await adminToken(app)}` }
    const res = await app.inject({ url: '/api/v1/summary/units?region=330000', headers: again })
    expect((res.json() as UnitsAnswer).units).toEqual(before)
  })
})
