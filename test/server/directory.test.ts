import { afterEach, describe, expect, it } from 'vitest'
import type { App } from '../../server/app'
import type { Alarm } from '../../shared/api/alarms'
import type { DirectoryPerson } from '../../shared/api/directory'
import { accountSession, adminToken, ingestHeaders, testApp } from '../helpers/app'
import { riskRegistered, riskStatus, T0 } from '../helpers/events'

let app: App
afterEach(async () => app?.close())

const CSV = [
  'name,phone,role,region,riskPointId',
  '张建国,13812345678,网格长,330111001001,',
  '李秀英,13900001111,villageSecretary,330111001001,',
  '王强,13700002222,应急责任人,330111001001,W1',
  '赵敏,0571-63312345,包案领导,330111001,',
  '孙浩,13600003333,emergency,330111,',
  '钱七,13500004444,网格长,330411001001,',
].join('\r\n')

async function setup() {
  const now = T0 + 3600_000
  ;({ app } = await testApp({ clock: () => now }))
  const admin = { authorization: `Bearer ${await adminToken(app)}` }
  const desk = await accountSession(app, admin, { username: 'desk', role: 'dispatcher', scope: '330111' })
  const seat = await accountSession(app, admin, { username: 'seat', role: 'dispatcher', scope: '330111', personalData: true })
  const other = await accountSession(app, admin, { username: 'xiuzhou', role: 'dispatcher', scope: '330411', personalData: true })
  const leader = await accountSession(app, admin, { username: 'boss', role: 'leader', scope: '330111', personalData: true })
  const kiosk = await app.inject({ method: 'POST', url: '/api/v1/kiosk-tokens', headers: admin, payload: { label: '大屏' } })
  const display = { authorization: `Bearer ${(kiosk.json() as { token: string }).token}` }
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/events',
    headers: ingestHeaders,
    payload: { events: [riskRegistered('W1', '330111001001'), riskRegistered('W2', '330411001001'), riskStatus('W1', 'alarm')] },
  })
  expect(res.statusCode).toBe(200)
  await app.alarms.settled()
  const importCsv = (headers: { authorization: string } | Record<string, never>, body: string, qs = '') =>
    app.inject({ method: 'POST', url: `/api/v1/directory/import${qs}`, headers: { ...headers, 'content-type': 'text/csv' }, payload: body })
  const list = async (qs: string, headers: { authorization: string } = admin) => ((await app.inject({ url: `/api/v1/directory?${qs}`, headers })).json() as { items: DirectoryPerson[] }).items
  return { admin, desk, seat, other, leader, display, importCsv, list }
}

describe('the directory (通讯录)', () => {
  it('imports a CSV all or nothing: a dry run writes nothing, a wrong row answers every error by line', async () => {
    const t = await setup()
    const dry = await t.importCsv(t.admin, CSV, '?dryRun=1')
    expect(dry.statusCode, dry.body).toBe(200)
    expect(dry.json()).toEqual({ dryRun: true, rows: 6, created: 6, updated: 0 })
    expect(await t.list('region=330000')).toEqual([])

    const bad = [
      '姓名,电话,角色,区域,风险点',
      '张建国,13812345678,网格长,330111001001,',
      ',13812345678,网格长,330111001001,',
      '李四,电话号码,队长,999,',
      '王五,13812345678,网格长,330111002001,W1',
      '张建国,13899999999,网格长,330111001001,',
      '"陈, 六",13812345678,网格长,330111001001,W9',
    ].join('\n')
    const refused = await t.importCsv(t.admin, bad)
    expect(refused.statusCode).toBe(400)
    const errors = (refused.json() as { errors: Array<{ line: number; field: string; message: string }> }).errors
    expect(errors.map((e) => [e.line, e.field])).toEqual([
      [3, 'name'],
      [4, 'phone'],
      [4, 'role'],
      [4, 'region'],
      [5, 'riskPointId'],
      [6, 'name'],
      [7, 'riskPointId'],
    ])
    expect(errors.find((e) => e.line === 6)!.message).toContain('line 2')
    expect(await t.list('region=330000')).toEqual([])
    // A dispatcher of 富阳 cannot write 秀洲's people: the whole file is refused.
    const outside = await t.importCsv(t.desk, CSV)
    expect(outside.statusCode).toBe(400)
    expect((outside.json() as { errors: Array<{ line: number }> }).errors.map((e) => e.line)).toEqual([7])
    expect((await t.importCsv(t.leader, CSV)).statusCode).toBe(403)
    expect((await t.importCsv(t.display, CSV)).statusCode).toBe(403)
    expect((await t.importCsv({}, CSV)).statusCode).toBe(401)
    expect((await t.importCsv(t.admin, 'name,phone\n张三,138')).statusCode).toBe(400)
    expect(await t.list('region=330000')).toEqual([])

    const done = await t.importCsv(t.admin, CSV)
    expect(done.json()).toEqual({ dryRun: false, rows: 6, created: 6, updated: 0 })
    // Importing again replaces phones, adds nobody.
    const again = await t.importCsv(t.desk, CSV.split('\r\n').slice(0, 3).join('\n').replace('13812345678', '13812340000'))
    expect(again.json()).toEqual({ dryRun: false, rows: 2, created: 0, updated: 2 })
    const audit = (await app.inject({ url: '/api/v1/audit?action=directory', headers: t.admin })).json() as { items: Array<{ actor: string; note: string }> }
    expect(audit.items.map((e) => e.actor)).toEqual(['desk', 'admin'])
  })

  it('lists people with phones masked, scoped; reveals one phone through the audited, throttled path', async () => {
    const t = await setup()
    await t.importCsv(t.admin, CSV)
    const fy = await t.list('region=330111', t.display)
    expect(fy.map((p) => p.name)).toEqual(['孙浩', '赵敏', '张建国', '李秀英', '王强'])
    expect(fy.every((p) => /\*{3,4}/.test(p.phone))).toBe(true)
    expect(fy.find((p) => p.name === '张建国')).toMatchObject({ phone: '138****5678', role: 'gridLeader', roleLabel: '网格长', regionName: '春江村', riskPointId: null })
    expect((await t.list('region=330111&riskPointId=W1')).map((p) => p.name)).toEqual(['王强'])
    expect((await t.list('region=330000&role=gridLeader')).map((p) => p.name)).toEqual(['张建国', '钱七'])
    expect((await app.inject({ url: '/api/v1/directory?region=330411', headers: t.desk })).statusCode).toBe(403)
    expect(JSON.stringify(await t.list('region=330000'))).not.toContain('13812345678')

    const id = fy.find((p) => p.name === '张建国')!.id
    const reveal = (headers: { authorization: string }, pid = id) => app.inject({ method: 'POST', url: `/api/v1/directory/${pid}/phone`, headers })
    expect((await reveal(t.desk)).statusCode).toBe(403)
    expect((await reveal(t.display)).statusCode).toBe(403)
    expect((await reveal(t.other)).statusCode).toBe(404)
    expect((await reveal(t.seat, 99999)).statusCode).toBe(404)
    const shown = await reveal(t.seat)
    expect(shown.statusCode).toBe(200)
    expect(shown.json()).toEqual({ id, name: '张建国', phone: '13812345678' })
    const audit = (await app.inject({ url: '/api/v1/audit?action=directory.phone.unmasked', headers: t.admin })).json() as { items: Array<{ actor: string; target: string }> }
    expect(audit.items).toMatchObject([{ actor: 'seat', target: `person:${id}` }])

    // One budget with the reporters' unmasking: 20 per 10 minutes per account, then 429.
    for (let i = 1; i < 20; i++) expect((await reveal(t.seat)).statusCode).toBe(200)
    expect((await reveal(t.seat)).statusCode).toBe(429)
    expect((await app.inject({ method: 'POST', url: '/api/v1/cases/X/reporter', headers: t.seat })).statusCode).toBe(404)
  })

  it('answers who to call for an alarm: the risk point, then its village, then its town, nearest first', async () => {
    const t = await setup()
    await t.importCsv(t.admin, CSV)
    const alarms = ((await app.inject({ url: '/api/v1/alarms?region=330000', headers: t.admin })).json() as { items: Alarm[] }).items
    const w1 = alarms.find((a) => a.subjectId === 'W1')!
    const res = await app.inject({ url: `/api/v1/alarms/${w1.id}/contacts`, headers: t.display })
    expect(res.statusCode).toBe(200)
    const { items } = res.json() as { items: Array<DirectoryPerson & { via: string; distance: number }> }
    expect(items.map((p) => [p.name, p.via, p.distance])).toEqual([
      ['王强', 'riskPoint', 0],
      ['张建国', 'region', 1],
      ['李秀英', 'region', 1],
      ['赵敏', 'region', 2],
    ])
    expect(items[0]!.phone).toBe('137****2222')
    expect((await app.inject({ url: `/api/v1/alarms/${w1.id}/contacts`, headers: t.other })).statusCode).toBe(404)
    expect((await app.inject({ url: `/api/v1/alarms/99999/contacts`, headers: t.admin })).statusCode).toBe(404)
  })
})
