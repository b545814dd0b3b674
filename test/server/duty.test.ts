import { afterEach, describe, expect, it } from 'vitest'
import type { App } from '../../server/app'
import type { Alarm } from '../../shared/api/alarms'
import type { DutyLogEntry, DutyNow, Handover } from '../../shared/api/duty'
import { accountSession, adminToken, ingestHeaders, testApp } from '../helpers/app'
import { reported, T0 } from '../helpers/events'
import { pdfLines } from '../helpers/pdf'

let app: App
afterEach(async () => app?.close())
const H = 3600_000
const MIN = 60_000

/**
 * 2026-06-16 09:00 (Shanghai), in the day shift 08:00-20:00: two cases reported a day earlier have
 * just turned red (two alarms raised in this shift), with accounts of each kind around them.
 */
async function setup() {
  let now = T0 + 24 * H + 500
  ;({ app } = await testApp({ clock: () => now }))
  const admin = { authorization: `Bearer ${await adminToken(app)}` }
  const desk = await accountSession(app, admin, { username: 'desk', role: 'dispatcher', scope: '330111' })
  const other = await accountSession(app, admin, { username: 'xiuzhou', role: 'dispatcher', scope: '330411' })
  const leader = await accountSession(app, admin, { username: 'boss', role: 'leader', scope: '330111' })
  const viewer = await accountSession(app, admin, { username: 'look', role: 'viewer', scope: '330111' })
  const chunjiang = await accountSession(app, admin, { username: 'chunjiang', role: 'dispatcher', scope: '330111001' })
  const kiosk = await app.inject({ method: 'POST', url: '/api/v1/kiosk-tokens', headers: admin, payload: { label: '大屏' } })
  const display = { authorization: `Bearer ${(kiosk.json() as { token: string }).token}` }
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/events',
    headers: ingestHeaders,
    payload: { events: [reported('R1', '330111001001', T0), reported('R2', '330111002001', T0), reported('R3', '330411001001', T0)] },
  })
  expect(res.statusCode).toBe(200)
  app.aggregator.tick()
  await app.alarms.settled()
  const post = (url: string, headers: { authorization: string } | Record<string, never>, payload: object = {}) => app.inject({ method: 'POST', url, headers, payload })
  const get = (url: string, headers: { authorization: string }) => app.inject({ url, headers })
  return { admin, desk, other, leader, viewer, chunjiang, display, post, get, setNow: (t: number) => (now = t), now: () => now }
}

describe('the duty log (值班日志)', () => {
  it('is written by dispatchers, read by leaders, refused to viewers and display tokens, scoped and audited', async () => {
    const t = await setup()
    const written = await t.post('/api/v1/duty/log', t.desk, { text: '  春江街道报告积水，已通知网格员  ', notable: true })
    expect(written.statusCode).toBe(201)
    const entry = written.json() as DutyLogEntry
    expect(entry).toMatchObject({ actor: 'desk', regionCode: '330111', text: '春江街道报告积水，已通知网格员', notable: true })
    expect((await t.post('/api/v1/duty/log', t.other, { text: '王店镇一切正常' })).statusCode).toBe(201)

    expect((await t.post('/api/v1/duty/log', {}, { text: 'x' })).statusCode).toBe(401)
    expect((await t.post('/api/v1/duty/log', t.display, { text: 'x' })).statusCode).toBe(403)
    expect((await t.post('/api/v1/duty/log', t.leader, { text: 'x' })).statusCode).toBe(403)
    expect((await t.post('/api/v1/duty/log', t.viewer, { text: 'x' })).statusCode).toBe(403)
    expect((await t.post('/api/v1/duty/log', t.desk, { text: 'x', region: '330411' })).statusCode).toBe(403)
    expect((await t.post('/api/v1/duty/log', t.desk, { text: 'x', region: '999999' })).statusCode).toBe(404)
    expect((await t.post('/api/v1/duty/log', t.desk, { text: '   ' })).statusCode).toBe(400)
    expect((await t.post('/api/v1/duty/log', t.desk, { text: '' })).statusCode).toBe(400)

    const read = async (qs: string, headers: { authorization: string }) => ((await t.get(`/api/v1/duty/log${qs}`, headers)).json() as { items: DutyLogEntry[] }).items
    expect((await read('', t.leader)).map((e) => e.text)).toEqual(['春江街道报告积水，已通知网格员'])
    expect((await read('', t.admin)).map((e) => e.actor)).toEqual(['desk', 'xiuzhou'])
    expect((await read(`?from=${encodeURIComponent(new Date(t.now() + 1).toISOString())}`, t.admin))).toEqual([])
    expect((await t.get('/api/v1/duty/log', t.viewer)).statusCode).toBe(403)
    expect((await t.get('/api/v1/duty/log', t.display)).statusCode).toBe(403)
    expect((await t.get('/api/v1/duty/log?region=330411', t.leader)).statusCode).toBe(403)

    const audit = (await t.get('/api/v1/audit?action=duty', t.admin)).json() as { items: Array<{ action: string; actor: string; target: string }> }
    expect(audit.items.map((e) => [e.action, e.actor])).toEqual([
      ['duty.log.written', 'xiuzhou'],
      ['duty.log.written', 'desk'],
    ])
  })
})

describe('the roster (排班) and who is on duty now', () => {
  it('is set per day and shift by dispatchers; a town without its own entry is covered by its district', async () => {
    const t = await setup()
    const put = (headers: { authorization: string }, payload: object) => app.inject({ method: 'PUT', url: '/api/v1/duty/roster', headers, payload })
    expect((await put(t.desk, { day: '2026-06-16', shift: '08:00-20:00', officers: ['王芳', '李强'], leader: '陈局长' })).statusCode).toBe(200)
    expect((await put(t.desk, { day: '2026-06-16', shift: 1, officers: ['赵磊'], leader: null })).statusCode).toBe(200)
    expect((await put(t.leader, { day: '2026-06-16', shift: 0, officers: ['x'], leader: null })).statusCode).toBe(403)
    expect((await put(t.display, { day: '2026-06-16', shift: 0, officers: ['x'], leader: null })).statusCode).toBe(403)
    expect((await put(t.desk, { day: '2026-06-16', shift: 2, officers: ['x'], leader: null })).statusCode).toBe(400)
    expect((await put(t.desk, { day: '2026-06-16', shift: 0, officers: [], leader: null })).statusCode).toBe(400)
    expect((await put(t.desk, { day: '2026-06-16', shift: 0, officers: ['x'], leader: null, region: '330411' })).statusCode).toBe(403)

    const now = (await t.get('/api/v1/duty/now?region=330111001', t.display)).json() as DutyNow
    expect(now.shift).toMatchObject({ index: 0, label: '08:00-20:00', day: '2026-06-16', start: '2026-06-16T08:00:00.000+08:00', end: '2026-06-16T20:00:00.000+08:00' })
    expect(now.roster).toMatchObject({ regionCode: '330111', officers: ['王芳', '李强'], leader: '陈局长', updatedBy: 'desk' })
    expect(now.shifts).toEqual(['08:00-20:00', '20:00-08:00'])

    // At 20:30 the night shift of the 16th is on (until 08:00 on the 17th).
    t.setNow(Date.parse('2026-06-16T20:30:00+08:00'))
    const night = (await t.get('/api/v1/duty/now', t.desk)).json() as DutyNow
    expect(night.shift).toMatchObject({ index: 1, day: '2026-06-16' })
    expect(night.roster).toMatchObject({ officers: ['赵磊'], leader: null })
    expect(((await t.get('/api/v1/duty/now', t.other)).json() as DutyNow).roster).toBeNull()

    const roster = (await t.get('/api/v1/duty/roster?from=2026-06-16', t.leader)).json() as { items: unknown[] }
    expect(roster.items).toHaveLength(2)
  })
})

describe('the handover (交接班)', () => {
  it('records the shift as the server computes it: alarms raised, acknowledged, still open, cases turned red, open instructions, notable entries', async () => {
    const t = await setup()
    await app.inject({ method: 'PUT', url: '/api/v1/duty/roster', headers: t.desk, payload: { day: '2026-06-16', shift: 0, officers: ['王芳'], leader: '陈局长' } })
    const alarms = ((await t.get('/api/v1/alarms?region=330111', t.desk)).json() as { items: Alarm[] }).items
    expect(alarms).toHaveLength(2)
    t.setNow(t.now() + 30 * MIN)
    expect((await t.post(`/api/v1/alarms/${alarms.find((a) => a.subjectId === 'R1')!.id}/acknowledge`, t.desk, { note: '已派员' })).statusCode).toBe(200)
    expect((await t.post('/api/v1/instructions', t.desk, { region: '330111001', assignee: 'chunjiang', text: '核查R1现场积水情况' })).statusCode).toBe(201)
    await t.post('/api/v1/duty/log', t.desk, { text: '富阳区防汛Ⅳ级应急响应启动', notable: true })
    await t.post('/api/v1/duty/log', t.desk, { text: '例行巡查' })
    t.setNow(t.now() + H)

    expect((await t.post('/api/v1/duty/handover', t.leader, { note: 'x' })).statusCode).toBe(403)
    expect((await t.post('/api/v1/duty/handover', t.display, { note: 'x' })).statusCode).toBe(403)
    expect((await t.post('/api/v1/duty/handover', t.desk, { note: 'x', day: '2026-06-17', shift: 0 })).statusCode).toBe(400)
    expect((await t.post('/api/v1/duty/handover', t.desk, { note: 'x', day: '2026-06-16' })).statusCode).toBe(400)
    expect((await t.post('/api/v1/duty/handover', t.desk, {})).statusCode).toBe(400)

    const res = await t.post('/api/v1/duty/handover', t.desk, { note: '万市镇彭家村R2仍待确认，请接班同志跟进。' })
    expect(res.statusCode).toBe(201)
    const h = res.json() as Handover
    expect(h).toMatchObject({ regionCode: '330111', regionName: '富阳区', handedOverBy: 'desk', officers: ['王芳'], leader: '陈局长' })
    expect(h.shift).toMatchObject({ day: '2026-06-16', label: '08:00-20:00' })
    expect(h.from).toBe('2026-06-16T08:00:00.000+08:00')
    expect(h.counts).toEqual({ alarmsRaised: 2, alarmsAcknowledged: 1, alarmsOpen: 2, casesTurnedRed: 2, instructionsOpen: 1, notableEntries: 1 })
    expect(h.alarmsOpen.map((a) => [a.title, a.status])).toEqual([
      ['楼道堆放杂物', 'acknowledged'],
      ['楼道堆放杂物', 'raised'],
    ])
    expect(h.instructionsOpen[0]).toMatchObject({ assignee: 'chunjiang', text: '核查R1现场积水情况', status: 'issued' })
    expect(h.notableEntries.map((e) => e.text)).toEqual(['富阳区防汛Ⅳ级应急响应启动'])

    // Listed, readable by leaders in scope, 404 outside it, and audited.
    const list = (await t.get('/api/v1/duty/handovers', t.leader)).json() as { items: Handover[] }
    expect(list.items.map((x) => x.id)).toEqual([h.id])
    expect(((await t.get('/api/v1/duty/handovers', t.other)).json() as { items: Handover[] }).items).toEqual([])
    expect((await t.get(`/api/v1/duty/handovers/${h.id}`, t.other)).statusCode).toBe(404)
    expect((await t.get(`/api/v1/duty/handovers/${h.id}`, t.viewer)).statusCode).toBe(403)
    expect((await t.get(`/api/v1/duty/handovers/9999`, t.admin)).statusCode).toBe(404)
    expect((await t.get(`/api/v1/duty/handovers/${h.id}`, t.leader)).json()).toEqual(h)
    const audit = (await t.get('/api/v1/audit?action=duty.handover', t.admin)).json() as { items: Array<{ target: string; note: string }> }
    expect(audit.items[0]).toMatchObject({ target: `handover:${h.id}` })
    expect(audit.items[0]!.note).toContain('未关闭 2')
  })

  it('prints as one A4 page carrying the figures and lists', async () => {
    const t = await setup()
    // A busy shift: many notable entries must still leave one page.
    for (let i = 0; i < 12; i++) await t.post('/api/v1/duty/log', t.desk, { text: `第${i + 1}条重要记录：富春江水位上涨，持续关注`, notable: true })
    const h = (await t.post('/api/v1/duty/handover', t.desk, { note: '交班说明：R2 仍待确认。' })).json() as Handover
    for (const url of [`/api/v1/duty/handovers/${h.id}.pdf`, `/api/v1/duty/handovers/${h.id}?format=pdf`]) {
      const res = await t.get(url, t.leader)
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-type']).toBe('application/pdf')
      expect(res.headers['content-disposition']).toContain(`handover-${h.id}.pdf`)
      const pages = await pdfLines(res.rawPayload)
      expect(pages).toHaveLength(1)
      const text = pages[0]!.join('\n')
      expect(text).toContain('富阳区 值班交接班记录')
      expect(text).toContain('本班转红案件（2）')
      expect(text).toContain('重要值班记录（12）')
      expect(text).toContain('另有 8 条')
      expect(text).toContain('交班说明：R2 仍待确认。')
      expect(pages[0]!.some((l) => /^2 0 2 2 0 12$/.test(l.replace(/\s+/g, ' ')))).toBe(true)
    }
    expect((await t.get(`/api/v1/duty/handovers/${h.id}.pdf`, t.other)).statusCode).toBe(404)
  })
})
