import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { App } from '../../server/app'
import type { Alarm } from '../../shared/api/alarms'
import type { AuditItem, AuditPage } from '../../shared/api/audit'
import { accountSession, adminToken, bearer, ingestHeaders, testApp } from '../helpers/app'
import { reported, T0 } from '../helpers/events'

let app: App
let now = T0
let root: { authorization: string }
const H = 3600_000
const MIN = 60_000

beforeEach(async () => {
  now = T0 + 2 * H
  ;({ app } = await testApp({ clock: () => now }))
  root = bearer(await adminToken(app))
})
afterEach(async () => app.close())

const audit = async (headers: Record<string, string>, query = '') => {
  const res = await app.inject({ url: `/api/v1/audit${query ? `?${query}` : ''}`, headers })
  expect(res.statusCode).toBe(200)
  return res.json() as AuditPage
}
const ingest = (events: unknown[]) => app.inject({ method: 'POST', url: '/api/v1/events', headers: ingestHeaders, payload: { events } })
const unmask = (headers: Record<string, string>, id: string) => app.inject({ method: 'POST', url: `/api/v1/cases/${id}/reporter`, headers })

/** A morning's work: accounts, a display token, a red case's alarm acknowledged, reporters unmasked, in both districts. */
async function morning() {
  const xiuzhou = await accountSession(app, root, { username: 'xz-admin', role: 'admin', scope: '330411', personalData: false })
  now += MIN
  await accountSession(app, xiuzhou, { username: 'wd-seat', role: 'dispatcher' })
  now += MIN
  const fy = await accountSession(app, root, { username: 'fy-seat', role: 'dispatcher', scope: '330111', personalData: true })
  now += MIN
  const { id } = (await app.inject({ method: 'POST', url: '/api/v1/kiosk-tokens', headers: fy, payload: { label: '春江大厅' } })).json() as { id: string }
  await app.inject({ method: 'DELETE', url: `/api/v1/tokens/${id}`, headers: root })
  now += MIN
  const reporter = { name: '张晓丰', phone: '13812345678' }
  await ingest([reported('FY1', '330111001001', T0, { reporter }), reported('XZ1', '330411001001', T0, { reporter })])
  await ingest([{ id: 'sup-xz1', type: 'case.supervised', at: new Date(T0 + H).toISOString(), caseId: 'XZ1', color: 'red' }])
  await app.alarms.settled()
  now += MIN
  const [alarm] = ((await app.inject({ url: '/api/v1/alarms?region=330411', headers: root })).json() as { items: Alarm[] }).items
  await app.inject({ method: 'POST', url: `/api/v1/alarms/${alarm!.id}/acknowledge`, headers: root, payload: { note: '已联系' } })
  await unmask(fy, 'FY1')
  await unmask(root, 'XZ1')
  return { xiuzhou, fy }
}

describe('GET /api/v1/audit', () => {
  it('lists logins, account, token changes, unmaskings and alarm steps, newest first', async () => {
    await morning()
    const { items, nextCursor } = await audit(root)
    expect(nextCursor).toBeNull()
    const actions = items.map((e) => e.action)
    for (const a of ['login', 'account.created', 'token.issued', 'token.revoked', 'alarm.raised', 'alarm.acknowledged', 'case.reporter.unmasked'])
      expect(actions).toContain(a)
    expect(items.map((e) => e.id)).toEqual([...items.map((e) => e.id)].sort((a, b) => b - a))
    expect(items.find((e) => e.action === 'account.created' && e.target === 'account:wd-seat')).toMatchObject({ actor: 'xz-admin', region: '330411' })
    expect(items.find((e) => e.action === 'case.reporter.unmasked' && e.actor === 'fy-seat')).toMatchObject({ target: 'case:FY1', region: '330111001001' })
    expect(JSON.stringify(items)).not.toContain('13812345678')
  })

  it('filters by actor, action family and time, and pages by cursor without gaps or repeats', async () => {
    const start = now
    await morning()
    const byFy = await audit(root, 'actor=fy-seat')
    expect(new Set(byFy.items.map((e) => e.actor))).toEqual(new Set(['fy-seat']))
    expect(byFy.items.map((e) => e.action)).toEqual(['case.reporter.unmasked', 'token.issued', 'login'])
    expect((await audit(root, 'action=alarm')).items.map((e) => e.action)).toEqual(['alarm.acknowledged', 'alarm.raised'])
    expect((await audit(root, 'action=alarm.raised')).items).toHaveLength(1)
    const window = await audit(root, `from=${encodeURIComponent(new Date(start + MIN).toISOString())}&to=${encodeURIComponent(new Date(start + 3 * MIN).toISOString())}`)
    expect(window.items.length).toBeGreaterThan(0)
    for (const e of window.items) expect(Date.parse(e.at)).toBeGreaterThanOrEqual(start + MIN)
    for (const e of window.items) expect(Date.parse(e.at)).toBeLessThan(start + 3 * MIN)

    const all = (await audit(root)).items
    const paged: AuditItem[] = []
    let cursor: string | null = null
    do {
      const page: AuditPage = await audit(root, `limit=3${cursor ? `&cursor=${cursor}` : ''}`)
      expect(page.items.length).toBeLessThanOrEqual(3)
      paged.push(...page.items)
      cursor = page.nextCursor
    } while (cursor)
    expect(paged).toEqual(all)
  })

  it('shows a scoped administrator only entries of its subtree', async () => {
    const { xiuzhou } = await morning()
    const { items } = await audit(xiuzhou)
    expect(items.length).toBeGreaterThan(0)
    for (const e of items) expect(e.region?.startsWith('330411')).toBe(true)
    expect(items.map((e) => e.action)).toEqual(expect.arrayContaining(['account.created', 'alarm.raised', 'alarm.acknowledged', 'case.reporter.unmasked']))
    expect(items.some((e) => e.actor === 'fy-seat')).toBe(false)
  })

  it('is for administrators only, and refuses a forged cursor or an empty range with 400', async () => {
    const { fy } = await morning()
    expect((await app.inject({ url: '/api/v1/audit', headers: fy })).statusCode).toBe(403)
    const kiosk = (await app.inject({ method: 'POST', url: '/api/v1/kiosk-tokens', headers: root, payload: {} })).json() as { token: string }
    expect((await app.inject({ url: '/api/v1/audit', headers: bearer(kiosk.token) })).statusCode).toBe(403)
    expect((await app.inject({ url: '/api/v1/audit?cursor=abc', headers: root })).statusCode).toBe(400)
    expect((await app.inject({ url: `/api/v1/audit?from=${encodeURIComponent(new Date(now).toISOString())}&to=${encodeURIComponent(new Date(now - 1).toISOString())}`, headers: root })).statusCode).toBe(400)
  })
})

describe('unmasking is throttled per account', () => {
  it('allows 20 in 10 minutes, then answers 429 with a clear message until the window has passed', async () => {
    const reporter = { name: '李海涛', phone: '13900001111' }
    await ingest([reported('U1', '330111001001', T0, { reporter })])
    const seat = await accountSession(app, root, { username: 'seat', role: 'dispatcher', personalData: true })
    for (let i = 0; i < 20; i++) {
      expect((await unmask(seat, 'U1')).statusCode).toBe(200)
      now += 10_000
    }
    const refused = await unmask(seat, 'U1')
    expect(refused.statusCode).toBe(429)
    expect((refused.json() as { error: string }).error).toMatch(/at most 20 .* per 10 minutes/)
    expect(refused.body).not.toContain('13900001111')
    // Another account is not affected; the seat may again once the first unmaskings are 10 minutes old.
    expect((await unmask(root, 'U1')).statusCode).toBe(200)
    now += 10 * MIN - 200_000 + 10_000
    expect((await unmask(seat, 'U1')).statusCode).toBe(200)
    expect((await app.store.duty.countAudit({ actor: 'seat', action: 'case.reporter.unmasked', since: 0 }))).toBe(21)
  })
})
