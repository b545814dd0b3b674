import { afterEach, describe, expect, it } from 'vitest'
import type { App } from '../../server/app'
import type { Instruction } from '../../shared/api/instructions'
import { accountSession, adminToken, ingestHeaders, testApp } from '../helpers/app'
import { reported, T0 } from '../helpers/events'
import { connect, connected, listen, subscribe } from '../helpers/live'

let app: App
afterEach(async () => app?.close())
const H = 3600_000
const iso = (ms: number) => new Date(ms).toISOString()

async function setup() {
  const now = T0 + H
  ;({ app } = await testApp({ clock: () => now }))
  const admin = { authorization: `Bearer ${await adminToken(app)}` }
  const desk = await accountSession(app, admin, { username: 'desk', role: 'dispatcher', scope: '330111' })
  const town = await accountSession(app, admin, { username: 'chunjiang', role: 'dispatcher', scope: '330111001' })
  const other = await accountSession(app, admin, { username: 'wangdian', role: 'dispatcher', scope: '330411' })
  const leader = await accountSession(app, admin, { username: 'boss', role: 'leader', scope: '330111' })
  await app.inject({ method: 'POST', url: '/api/v1/events', headers: ingestHeaders, payload: { events: [reported('K1', '330111001001', T0)] } })
  const post = (url: string, headers: { authorization: string }, payload: object = {}) => app.inject({ method: 'POST', url, headers, payload })
  const list = async (qs: string, headers = desk) => ((await app.inject({ url: `/api/v1/instructions?${qs}`, headers })).json() as { items: Instruction[] }).items
  return { now, admin, desk, town, other, leader, post, list }
}

describe('instructions (指令)', () => {
  it('go issued → signed → fed back → closed, in order, each step by whom it belongs to, in the log and the audit trail', async () => {
    const t = await setup()
    const issued = await t.post('/api/v1/instructions', t.desk, { region: '330111001', assignee: 'chunjiang', text: '请立即核查K1现场', caseId: 'K1', dueAt: iso(t.now + 2 * H) })
    expect(issued.statusCode).toBe(201)
    const { id, status } = issued.json() as { id: string; status: string }
    expect(status).toBe('issued')

    expect((await t.post(`/api/v1/instructions/${id}/feedback`, t.town, { text: '已处理' })).statusCode).toBe(400)
    expect((await t.post(`/api/v1/instructions/${id}/close`, t.desk)).statusCode).toBe(400)
    expect((await t.post(`/api/v1/instructions/${id}/sign`, t.desk)).statusCode).toBe(403)
    expect((await t.post(`/api/v1/instructions/${id}/sign`, t.other)).statusCode).toBe(404)
    expect((await t.post(`/api/v1/instructions/${id}/sign`, t.town)).json()).toMatchObject({ status: 'signed', assignee: 'chunjiang' })
    expect((await t.post(`/api/v1/instructions/${id}/sign`, t.town)).statusCode).toBe(400)
    expect((await t.list('region=330111001&assignee=me', t.town)).map((i) => i.id)).toEqual([id])
    expect(await t.list('region=330111&assignee=me')).toEqual([])
    expect((await t.post(`/api/v1/instructions/${id}/feedback`, t.town, { text: '已到场处置完毕' })).json()).toMatchObject({ status: 'fedBack', feedback: '已到场处置完毕' })
    expect((await t.post(`/api/v1/instructions/${id}/close`, t.leader)).statusCode).toBe(403)
    expect((await t.post(`/api/v1/instructions/${id}/close`, t.desk)).json()).toMatchObject({ status: 'closed', closedBy: 'desk', issuedBy: 'desk', caseId: 'K1' })
    expect((await t.list('region=330111&status=closed')).map((i) => i.id)).toEqual([id])
    expect(await t.list('region=330111&status=issued')).toEqual([])

    const logged = await app.store.eventsOf(id)
    expect(logged.map((e) => `${e.type}:${e.origin.actor}`)).toEqual(['instruction.issued:desk', 'instruction.signed:chunjiang', 'instruction.fedBack:chunjiang', 'instruction.closed:desk'])
    expect((await app.store.duty.auditOf(`instruction:${id}`)).map((a) => `${a.action}:${a.actor}`)).toEqual([
      'instruction.issued:desk',
      'instruction.signed:chunjiang',
      'instruction.fedBack:chunjiang',
      'instruction.closed:desk',
    ])

    // Rebuilt from the log after a restart.
    const dataDir = app.config.dataDir
    await app.close()
    ;({ app } = await testApp({ dataDir, clock: () => t.now }))
    const again = { authorization: `Bearer ${await adminToken(app)}` }
    expect((await app.inject({ url: `/api/v1/instructions/${id}`, headers: again })).json()).toMatchObject({ status: 'closed', feedback: '已到场处置完毕' })
  })

  it('refuses issuing without the permission, outside scope, or to a bad assignee; nothing written', async () => {
    const t = await setup()
    const before = await app.store.lastSeq()
    const body = { region: '330111001', assignee: 'chunjiang', text: '核查' }
    expect((await t.post('/api/v1/instructions', t.leader, body)).statusCode).toBe(403)
    expect((await t.post('/api/v1/instructions', t.other, body)).statusCode).toBe(403)
    expect((await t.post('/api/v1/instructions', t.desk, { ...body, assignee: 'nobody' })).statusCode).toBe(400)
    expect((await t.post('/api/v1/instructions', t.desk, { ...body, assignee: 'wangdian' })).statusCode).toBe(400)
    expect((await t.post('/api/v1/instructions', t.desk, { ...body, caseId: 'NOPE' })).statusCode).toBe(400)
    expect((await t.post('/api/v1/instructions', t.desk, { ...body, dueAt: iso(t.now - H) })).statusCode).toBe(400)
    expect((await t.post('/api/v1/instructions', t.desk, { ...body, region: '999' })).statusCode).toBe(404)
    expect(await app.store.lastSeq()).toBe(before)
  })

  it('is pushed live to the region', async () => {
    const t = await setup()
    const base = await listen(app)
    const s = connect(base, t.town.authorization.slice('Bearer '.length))
    try {
      await connected(s)
      expect((await subscribe(s, '330111001')).ok).toBe(true)
      const pushed = new Promise<Instruction>((resolve) => s.on('instruction', ({ instruction }) => resolve(instruction)))
      expect((await t.post('/api/v1/instructions', t.desk, { region: '330111001001', assignee: 'chunjiang', text: '请核查' })).statusCode).toBe(201)
      expect(await pushed).toMatchObject({ status: 'issued', assignee: 'chunjiang', regionCode: '330111001001' })
    } finally {
      s.disconnect()
    }
  })
})
