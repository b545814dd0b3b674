import { afterEach, describe, expect, it } from 'vitest'
import type { App } from '../../server/app'
import type { Alarm } from '../../shared/api/alarms'
import { accountSession, adminToken, ingestHeaders, testApp } from '../helpers/app'
import { reported, T0 } from '../helpers/events'

let app: App
afterEach(async () => app?.close())
const H = 3600_000
const MIN = 60_000

/** Two cases turn red by the clock at `redAt`: two raised alarms, in 春江村 and 王店村. */
async function setup() {
  let now = T0 + 24 * H + 500
  ;({ app } = await testApp({ clock: () => now }))
  const admin = { authorization: `Bearer ${await adminToken(app)}` }
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/events',
    headers: ingestHeaders,
    payload: { events: [reported('R1', '330111001001', T0), reported('R2', '330411001001', T0)] },
  })
  expect(res.statusCode).toBe(200)
  app.aggregator.tick()
  await app.alarms.settled()
  const list = async (qs = '', headers = admin) =>
    ((await app.inject({ url: `/api/v1/alarms?region=330000${qs}`, headers })).json() as { items: Alarm[] }).items
  const ids = Object.fromEntries((await list()).map((a) => [a.subjectId, a.id])) as Record<'R1' | 'R2', number>
  return { admin, list, ids, setNow: (t: number) => (now = t), now: () => now }
}

describe('alarm escalation', () => {
  it('escalates an alarm left unacknowledged for 10 minutes to the leaders whose scope holds its region, once', async () => {
    const t = await setup()
    await accountSession(app, t.admin, { username: 'fuyang-leader', role: 'leader', scope: '330111' })
    await accountSession(app, t.admin, { username: 'xiuzhou-leader', role: 'leader', scope: '330411' })
    await accountSession(app, t.admin, { username: 'province-leader', role: 'leader', scope: null })
    // R2 is acknowledged in time: it never escalates.
    expect((await app.inject({ method: 'POST', url: `/api/v1/alarms/${t.ids.R2}/acknowledge`, headers: t.admin, payload: {} })).statusCode).toBe(200)

    t.setNow(t.now() + 9 * MIN)
    expect(await app.alarms.escalateDue()).toBe(0)
    t.setNow(t.now() + 2 * MIN)
    expect(await app.alarms.escalateDue()).toBe(1)
    expect(await app.alarms.escalateDue()).toBe(0)

    const one = (await app.inject({ url: `/api/v1/alarms/${t.ids.R1}`, headers: t.admin })).json() as { alarm: Alarm; audit: Array<{ action: string; actor: string; note: string | null }> }
    expect(one.alarm.escalatedAt).not.toBeNull()
    const step = one.audit.find((e) => e.action === 'alarm.escalated')!
    expect(step.actor).toBe('system')
    expect(step.note).toContain('fuyang-leader')
    expect(step.note).toContain('province-leader')
    expect(step.note).not.toContain('xiuzhou-leader')
    const other = (await app.inject({ url: `/api/v1/alarms/${t.ids.R2}`, headers: t.admin })).json() as { alarm: Alarm; audit: Array<{ action: string }> }
    expect(other.alarm.escalatedAt).toBeNull()
    expect(other.audit.map((e) => e.action)).not.toContain('alarm.escalated')

    // Remembered across a restart: not escalated again.
    const dataDir = app.config.dataDir
    const at = t.now()
    await app.close()
    ;({ app } = await testApp({ dataDir, clock: () => at + 60 * MIN }))
    expect(await app.alarms.escalateDue()).toBe(0)
    expect(app.alarms.escalatedAt(t.ids.R1)).not.toBeNull()
  })
})

describe('alarm filters and bulk acknowledgement', () => {
  it('filters by kind, region and age', async () => {
    const t = await setup()
    expect((await t.list('&kind=case.red')).length).toBe(2)
    expect(await t.list('&kind=risk.alarm')).toEqual([])
    expect((await app.inject({ url: '/api/v1/alarms?region=330111', headers: t.admin })).json().items.map((a: Alarm) => a.subjectId)).toEqual(['R1'])
    expect(await t.list('&minAgeMinutes=5')).toEqual([])
    t.setNow(t.now() + 6 * MIN)
    expect((await t.list('&minAgeMinutes=5')).length).toBe(2)
  })

  it('acknowledges several with one note, all or nothing, naming the bad ids', async () => {
    const t = await setup()
    const ack = (ids: number[], headers = t.admin) => app.inject({ method: 'POST', url: '/api/v1/alarms/ack', headers, payload: { ids, note: '统一调度处置' } })

    const unknown = await ack([t.ids.R1, 9999])
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json()).toMatchObject({ ids: [9999] })
    const seat = await accountSession(app, t.admin, { username: 'xiuzhou-seat', role: 'dispatcher', scope: '330411' })
    const outside = await ack([t.ids.R1, t.ids.R2], seat)
    expect(outside.statusCode).toBe(404)
    expect(outside.json()).toMatchObject({ ids: [t.ids.R1] })
    const leader = await accountSession(app, t.admin, { username: 'boss', role: 'leader' })
    expect((await ack([t.ids.R1], leader)).statusCode).toBe(403)
    expect((await t.list('&status=raised')).length).toBe(2)

    const done = await ack([t.ids.R1, t.ids.R2])
    expect(done.statusCode).toBe(200)
    expect(done.json().items).toMatchObject([
      { status: 'acknowledged', acknowledgedBy: 'admin', acknowledgeNote: '统一调度处置' },
      { status: 'acknowledged', acknowledgedBy: 'admin', acknowledgeNote: '统一调度处置' },
    ])
    const again = await ack([t.ids.R1, t.ids.R2])
    expect(again.statusCode).toBe(400)
    expect(again.json()).toMatchObject({ ids: [t.ids.R1, t.ids.R2] })
    const summary = (await app.inject({ url: '/api/v1/summary?region=330000', headers: t.admin })).json()
    expect(summary.alarms).toMatchObject({ open: 0, acknowledged: 2 })
    const trail = (await app.inject({ url: `/api/v1/alarms/${t.ids.R1}`, headers: t.admin })).json() as { audit: Array<{ action: string; note: string | null }> }
    expect(trail.audit.at(-1)).toMatchObject({ action: 'alarm.acknowledged', note: '统一调度处置' })
  })
})
