import { afterEach, describe, expect, it } from 'vitest'
import type { App } from '../../server/app'
import type { Alarm } from '../../shared/api/alarms'
import { accountSession, adminToken, testApp } from '../helpers/app'
import { T0 } from '../helpers/events'

let app: App
afterEach(async () => app?.close())
const H = 3600_000
const MIN = 60_000
const iso = (ms: number) => new Date(ms).toISOString()

async function setup(start = T0, real = false) {
  let now = start
  ;({ app } = await testApp({ clock: () => (real ? Date.now() : now) }))
  const admin = { authorization: `Bearer ${await adminToken(app)}` }
  const desk = await accountSession(app, admin, { username: 'desk', role: 'dispatcher', scope: '330111' })
  const town = await accountSession(app, admin, { username: 'chunjiang', role: 'dispatcher', scope: '330111001' })
  const post = (url: string, headers: { authorization: string }, payload: object = {}) => app.inject({ method: 'POST', url, headers, payload })
  const issue = async (text: string, dueAt: number) => {
    const res = await post('/api/v1/instructions', desk, { region: '330111001', assignee: 'chunjiang', text, dueAt: iso(dueAt) })
    expect(res.statusCode).toBe(201)
    return (res.json() as { id: string }).id
  }
  const alarms = async () =>
    ((await app.inject({ url: '/api/v1/alarms?region=330111&status=all&kind=instruction.overdue', headers: desk })).json() as { items: Alarm[] }).items
  return { admin, desk, town, post, issue, alarms, setNow: (t: number) => (now = t), now: () => now }
}

describe('an instruction past its due time', () => {
  it('raises one instruction.overdue alarm when not signed or fed back by then, driven by the clock, cleared by the feedback', async () => {
    const t = await setup()
    const late = await t.issue('核查春江村积水点', T0 + 2 * H)
    const onTime = await t.issue('上报防汛物资清单', T0 + 2 * H)
    expect((await t.post(`/api/v1/instructions/${onTime}/sign`, t.town)).statusCode).toBe(200)
    expect((await t.post(`/api/v1/instructions/${onTime}/feedback`, t.town, { text: '已上报' })).statusCode).toBe(200)

    t.setNow(T0 + 2 * H)
    expect(await app.instructions.raiseOverdue()).toBe(0)
    t.setNow(T0 + 2 * H + MIN)
    expect(await app.instructions.raiseOverdue()).toBe(1)
    await app.alarms.settled()
    expect(await app.instructions.raiseOverdue()).toBe(0)
    const [alarm, ...rest] = await t.alarms()
    expect(rest).toEqual([])
    expect(alarm).toMatchObject({ kind: 'instruction.overdue', subjectId: late, regionCode: '330111001', status: 'raised', clearedAt: null })
    expect(alarm!.title).toContain('未签收')
    expect(alarm!.title).toContain('核查春江村积水点')
    const summary = (await app.inject({ url: '/api/v1/summary?region=330111', headers: t.desk })).json() as { alarms: { byKind: Record<string, { open: number }> } }
    expect(summary.alarms.byKind['instruction.overdue']!.open).toBe(1)

    // Signing late raises nothing more; the feedback clears it (a seat still acknowledges it).
    t.setNow(T0 + 3 * H)
    expect((await t.post(`/api/v1/instructions/${late}/sign`, t.town)).statusCode).toBe(200)
    expect(await app.instructions.raiseOverdue()).toBe(0)
    expect((await t.post(`/api/v1/instructions/${late}/feedback`, t.town, { text: '已核查，无积水' })).statusCode).toBe(200)
    await app.alarms.settled()
    const [cleared] = await t.alarms()
    expect(cleared).toMatchObject({ id: alarm!.id, status: 'raised' })
    expect(cleared!.clearedAt).not.toBeNull()

    // After a restart nothing is raised again.
    const dataDir = app.config.dataDir
    await app.close()
    ;({ app } = await testApp({ dataDir, clock: () => T0 + 4 * H }))
    await app.alarms.settled()
    expect(await app.instructions.raiseOverdue()).toBe(0)
    const admin = { authorization: `Bearer ${await adminToken(app)}` }
    const all = ((await app.inject({ url: '/api/v1/alarms?region=330000&status=all&kind=instruction.overdue', headers: admin })).json() as { items: Alarm[] }).items
    expect(all.map((a) => a.id)).toEqual([alarm!.id])
  })

  it('raises by itself on the timer armed for the next due time', async () => {
    // On the real clock: nobody calls raiseOverdue, the timer armed when it was issued does.
    const t = await setup(Date.now(), true)
    const id = await t.issue('十分钟内到场', Date.now() + 300)
    await expect.poll(async () => (await t.alarms()).map((a) => a.subjectId), { timeout: 5000 }).toEqual([id])
  })
})
