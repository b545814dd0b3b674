import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { App } from '../../server/app'
import type { Alarm, AuditEntry } from '../../shared/api/alarms'
import type { Me } from '../../shared/api/me'
import { LIVE_NAMESPACE } from '../../shared/live/protocol'
import { toShanghaiIso } from '../../shared/time/shanghai'
import { adminToken, testApp } from '../helpers/app'
import { launchChromium } from '../helpers/browser'
import { reported, stage, urged } from '../helpers/events'
import { listen } from '../helpers/live'
import { ingest } from './wall'

let app: App
let base: string
let token: string
let browser: Browser

beforeAll(async () => {
  ;({ app } = await testApp())
  base = await listen(app)
  token = await adminToken(app)
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await app?.close()
})

const H = 3600_000
const auth = () => ({ authorization: `Bearer ${token}` })

async function open(path: string, as = token): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
  const errors: string[] = []
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
  page.on('pageerror', (e) => errors.push(e.message))
  const res = await page.goto(`${base}${path}${path.includes('?') ? '&' : '?'}token=${as}`)
  expect(res?.status()).toBe(200)
  await page.locator('[data-link-state].live').waitFor({ timeout: 15_000 })
  return { page, errors }
}

const text = async (page: Page, selector: string) => (await page.locator(selector).first().textContent())?.trim() ?? ''
const inGroup = (page: Page, group: 'raised' | 'acknowledged', id?: number) =>
  page.locator(`[data-alarm-group="${group}"] [data-alarm-id${id === undefined ? '' : `="${id}"`}]`).count()

describe('the duty desk at /duty', () => {
  it('lives an alarm through: raised by the clock, listed live, acknowledged with a note, the wall follows by push', async () => {
    const wall = await open('/?region=330111')
    const openOnWall = () => text(wall.page, '[data-metric="alarms.open"]')
    await expect.poll(openOnWall, { timeout: 5000 }).toBe('0')

    const duty = await open('/duty?region=330111')
    const { page } = duty
    expect(await text(page, '[data-region-name]')).toBe('富阳区')
    expect(await page.locator('[data-wall-link]').getAttribute('href')).toBe('/?region=330111')
    expect(page.url()).not.toContain('token=')
    expect(await text(page, '[data-alarm-list]')).toContain('当前没有未关闭的告警')

    // A minor case due in three seconds: no event turns it red, the server's deadline timer does.
    const due = Date.now() + 3000
    await ingest(app, [
      reported('D1', '330111001001', due - 24 * H, { title: '河道漂浮垃圾', reporter: { name: '张三丰', phone: '13812345678' } }),
      stage('D1', 'assign', Date.now() - 10 * 60_000),
      urged('D1', Date.now() - 5 * 60_000),
      reported('D2', '330111001002', Date.now() - H, { size: 'major', title: '道路破损' }),
    ])
    await expect.poll(() => inGroup(page, 'raised'), { timeout: 8000, interval: 50 }).toBe(1)
    await expect.poll(openOnWall, { timeout: 2000 }).toBe('1')
    const row = page.locator('[data-alarm-group="raised"] [data-alarm-id]').first()
    const id = Number(await row.getAttribute('data-alarm-id'))
    const rowText = (await row.textContent()) ?? ''
    for (const part of ['红色督办', '河道漂浮垃圾', '春江村', '待确认']) expect(rowText).toContain(part)
    // The red case is listed too (the list follows the region's red count), the green one is not.
    await page.locator('[data-case-list] [data-case-id="D1"]').waitFor({ timeout: 3000 })
    // The row's clock ticks once a second: it may still say 剩 0分 for the first moment.
    await expect.poll(() => text(page, '[data-case-list] [data-case-id="D1"]'), { timeout: 2000 }).toContain('超期')
    expect(await page.locator('[data-case-list] [data-case-id="D2"]').count()).toBe(0)

    // Selecting the alarm shows its audit trail and its case: timeline, stages, a running countdown.
    await row.click()
    await page.locator(`[data-alarm-detail="${id}"]`).waitFor({ timeout: 3000 })
    expect(page.url()).toContain(`alarm=${id}`)
    expect(await text(page, '[data-alarm-detail-status]')).toBe('待确认')
    expect(await text(page, '[data-audit]')).toContain('告警产生')
    expect(await text(page, '[data-audit]')).toContain('系统')
    await page.locator('[data-case-detail="D1"]').waitFor({ timeout: 3000 })
    const timeline = await text(page, '[data-timeline]')
    for (const step of ['受理登记', '进入审核交办', '催办']) expect(timeline).toContain(step)
    expect(await page.locator('[data-stages] [data-stage="assign"].now').count()).toBe(1)
    const clock = page.locator('[data-countdown="overdue"] [data-countdown-value]')
    const first = (await clock.textContent()) ?? ''
    expect(first).toMatch(/^\d\d:\d\d:\d\d$/)
    expect(await clock.evaluate((e) => getComputedStyle(e).color)).toBe('rgb(240, 90, 90)')
    await expect.poll(() => clock.textContent(), { timeout: 2500 }).not.toBe(first)

    // Reporters only ever masked.
    const body = (await page.locator('body').textContent()) ?? ''
    expect(body).toContain('张*丰')
    expect(body).toContain('138****5678')
    expect(body).not.toContain('张三丰')
    expect(body).not.toContain('13812345678')

    // Acknowledge with a note: the row leaves the unacknowledged group at once, the wall's count drops by push.
    await page.locator('[data-alarm-form] textarea').fill('已电话联系春江村网格员，现场核实')
    const clicked = Date.now()
    await page.locator('[data-alarm-action="acknowledge"]').click()
    // How soon is the bench's to measure; here: the desk moves it and the wall follows by push
    // (the wall never polls), without a reload.
    await expect.poll(() => inGroup(page, 'raised'), { interval: 20 }).toBe(0)
    expect(await inGroup(page, 'acknowledged', id)).toBe(1)
    await expect.poll(openOnWall, { interval: 20 }).toBe('0')
    await expect.poll(() => text(page, '[data-alarm-detail-status]'), { timeout: 2000 }).toBe('已确认')
    await expect.poll(() => text(page, '[data-audit]'), { timeout: 2000 }).toContain('已电话联系春江村网格员')
    expect(await text(page, '[data-audit]')).toContain('admin')

    const trail = (await app.inject({ url: `/api/v1/alarms/${id}`, headers: auth() })).json() as { alarm: Alarm; audit: AuditEntry[] }
    expect(trail.alarm).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'admin', acknowledgeNote: '已电话联系春江村网格员，现场核实' })
    const ack = trail.audit.find((e) => e.action === 'alarm.acknowledged')
    expect(ack).toMatchObject({ actor: 'admin', note: '已电话联系春江村网格员，现场核实' })
    expect(Math.abs(Date.parse(ack!.at) - clicked)).toBeLessThan(5000)

    // Then closed: it leaves the desk's list, and the trail says who closed it.
    await page.locator('[data-alarm-form] textarea').fill('已督办')
    await page.locator('[data-alarm-action="close"]').click()
    await expect.poll(() => page.locator('[data-alarm-list] [data-alarm-id]').count(), { timeout: 2000 }).toBe(0)
    await expect.poll(() => text(page, '[data-alarm-detail-status]'), { timeout: 2000 }).toBe('已关闭')
    const closed = (await app.inject({ url: `/api/v1/alarms/${id}`, headers: auth() })).json() as { audit: AuditEntry[] }
    expect(closed.audit.map((e) => `${e.action}:${e.actor}`)).toEqual(['alarm.raised:system', 'alarm.acknowledged:admin', 'alarm.closed:admin'])

    expect(duty.errors, duty.errors.join('\n')).toEqual([])
    await page.close()
    await wall.page.close()
  })

  it('refetches after a reconnect, so an alarm raised while cut off is listed', async () => {
    const { page, errors } = await open('/duty?region=330111')
    app.io.of(LIVE_NAMESPACE).disconnectSockets()
    await page.locator('[data-link-state].offline').waitFor({ timeout: 3000 })
    // Supervised red while the desk is offline: its push went nowhere.
    const now = Date.now()
    await ingest(app, [
      reported('D3', '330111002001', now - H, { title: '违章搭建' }),
      { id: `sup-D3-${now}`, type: 'case.supervised', at: toShanghaiIso(now - 1000), caseId: 'D3', color: 'red' },
    ])
    await page.locator('[data-link-state].live').waitFor({ timeout: 10_000 })
    await expect.poll(() => text(page, '[data-alarm-group="raised"]'), { timeout: 3000 }).toContain('违章搭建')
    await expect.poll(() => page.locator('[data-case-list] [data-case-id="D3"]').count(), { timeout: 3000 }).toBe(1)
    expect(errors, errors.join('\n')).toEqual([])
    await page.close()
  })

  it('lets a display (kiosk) token watch but not acknowledge, and says so in Chinese', async () => {
    const kiosk = (await app.inject({ method: 'POST', url: '/api/v1/kiosk-tokens', headers: auth(), payload: {} })).json() as { token: string }
    const now = Date.now()
    await ingest(app, [
      reported('D4', '330111002002', now - H, { title: '夜间施工噪音' }),
      { id: `sup-D4-${now}`, type: 'case.supervised', at: toShanghaiIso(now - 1000), caseId: 'D4', color: 'red' },
    ])
    const { page } = await open('/duty?region=330111', kiosk.token)
    const row = page.locator('[data-alarm-group="raised"] [data-alarm-id]', { hasText: '夜间施工噪音' })
    await row.click()
    await page.locator('[data-case-detail="D4"]').waitFor({ timeout: 3000 })
    // Supervised red, still inside its time: the countdown runs down, not up.
    expect(await page.locator('[data-countdown="left"]').count()).toBe(1)
    // The desk knows from GET /api/v1/me that a display token may not act: no button, a plain note instead.
    await expect.poll(() => text(page, '[data-alarm-readonly]'), { timeout: 2000 }).toContain('只能查看')
    expect(await page.locator('[data-alarm-action]').count()).toBe(0)
    expect(await row.getAttribute('data-alarm-status')).toBe('raised')
    await page.close()
  })

  it('unmasks a reporter on request for a person with the personal-data permission, logs who, and offers nothing to others', async () => {
    // The admin is created with the personal-data permission (server/plugins/app/auth.ts).
    const me = (await app.inject({ url: '/api/v1/me', headers: auth() })).json() as Me
    expect(me).toMatchObject({ account: { username: 'admin', personalData: true }, kind: 'session' })
    const now = Date.now()
    await ingest(app, [
      reported('D5', '330111001002', now - H, { title: '楼道堆放杂物', reporter: { name: '李海涛', phone: '13900001111' } }),
      reported('D6', '330111001002', now - H, { title: '路灯不亮' }),
      ...['D5', 'D6'].map((c) => ({ id: `sup-${c}-${now}`, type: 'case.supervised' as const, at: toShanghaiIso(now - 1000), caseId: c, color: 'red' as const })),
    ])
    const { page, errors } = await open('/duty?region=330111')
    await page.locator('[data-desk-account="admin"][data-desk-kind="session"]').waitFor({ timeout: 3000 })
    await page.locator('[data-case-list] [data-case-id="D5"]').click()
    const reveal = page.locator('[data-case-detail="D5"] [data-reporter] [data-reporter-reveal]')
    await reveal.waitFor({ timeout: 3000 })
    expect(await reveal.textContent()).toContain('查看联系人')
    const before = await page.content()
    expect(before).toContain('李*涛')
    expect(before).toContain('139****1111')
    expect(before).not.toContain('13900001111')
    expect(before).not.toContain('李海涛')
    expect(await app.store.duty.auditOf('case:D5')).toEqual([])

    const clicked = Date.now()
    await reveal.click()
    const plain = page.locator('[data-reporter-unmasked]')
    await expect.poll(() => plain.textContent(), { timeout: 2000 }).toContain('13900001111')
    expect(await plain.textContent()).toContain('李海涛')
    expect(await text(page, '[data-reporter-note]')).toContain('已记录查看（账号 admin，时间')
    const audit = await app.store.duty.auditOf('case:D5')
    expect(audit).toMatchObject([{ actor: 'admin', action: 'case.reporter.unmasked', target: 'case:D5' }])
    expect(Math.abs(audit[0]!.at - clicked)).toBeLessThan(5000)

    // Another case selected: gone at once; back on D5 it is masked again, behind the button.
    await page.locator('[data-case-list] [data-case-id="D6"]').click()
    await page.locator('[data-case-detail="D6"]').waitFor({ timeout: 3000 })
    expect(await page.content()).not.toContain('13900001111')
    expect(await text(page, '[data-case-detail="D6"] [data-reporter]')).toContain('未留')
    expect(await page.locator('[data-reporter-reveal]').count()).toBe(0)
    await page.locator('[data-case-list] [data-case-id="D5"]').click()
    await reveal.waitFor({ timeout: 3000 })
    expect(await page.content()).not.toContain('13900001111')

    // Shown for 30 seconds only: the page's clock is moved on, not waited for.
    await page.clock.install()
    await reveal.click()
    await expect.poll(() => plain.count(), { timeout: 2000 }).toBe(1)
    await page.clock.fastForward(29_000)
    expect(await plain.count()).toBe(1)
    await page.clock.fastForward(2_000)
    await expect.poll(() => plain.count(), { timeout: 2000 }).toBe(0)
    expect(await page.content()).not.toContain('13900001111')
    expect(await reveal.count()).toBe(1)
    expect(await app.store.duty.auditOf('case:D5')).toHaveLength(2)
    expect(errors, errors.join('\n')).toEqual([])
    await page.close()

    // A viewer without the permission, and a display token, see the masked reporter and no button.
    await app.inject({ method: 'POST', url: '/api/v1/accounts', headers: auth(), payload: { username: 'seat-fy', password: 'seat-fy-password', scope: '330111' } })
    const seat = (await app.inject({ method: 'POST', url: '/api/v1/login', payload: { username: 'seat-fy', password: 'seat-fy-password' } })).json() as { token: string }
    const kiosk = (await app.inject({ method: 'POST', url: '/api/v1/kiosk-tokens', headers: auth(), payload: { region: '330111' } })).json() as { token: string }
    for (const [as, who, kind] of [[seat.token, 'seat-fy', 'session'], [kiosk.token, 'admin', 'kiosk']] as const) {
      const other = await open('/duty?region=330111', as)
      await other.page.locator(`[data-desk-account="${who}"][data-desk-kind="${kind}"]`).waitFor({ timeout: 3000 })
      await other.page.locator('[data-case-list] [data-case-id="D5"]').click()
      await other.page.locator('[data-case-detail="D5"] [data-reporter-masked]').waitFor({ timeout: 3000 })
      expect(await text(other.page, '[data-case-detail="D5"] [data-reporter]')).toContain('李*涛　139****1111')
      expect(await other.page.locator('[data-reporter-reveal]').count()).toBe(0)
      expect(await other.page.content()).not.toContain('13900001111')
      expect(other.errors, other.errors.join('\n')).toEqual([])
      await other.page.close()
    }
    expect(await app.store.duty.auditOf('case:D5')).toHaveLength(2)
  })

  it('opens what a deep link names: &case= and &alarm= survive the first rewrite of the address', async () => {
    await ingest(app, [reported('DL1', '330111002001', Date.now() - 2 * H, { size: 'major', title: '深链案件' })])
    const { page, errors } = await open('/duty?region=330111&case=DL1')
    await page.locator('[data-case-detail="DL1"]').waitFor({ timeout: 5000 })
    expect(new URL(page.url()).searchParams.get('case')).toBe('DL1')
    const [alarm] = ((await app.inject({ url: '/api/v1/alarms?region=330111&status=all', headers: auth() })).json() as { items: Alarm[] }).items
    if (alarm) {
      await page.goto(`${base}/duty?region=330111&alarm=${alarm.id}`)
      await expect.poll(() => new URL(page.url()).searchParams.get('alarm'), { timeout: 5000 }).toBe(String(alarm.id))
    }
    expect(errors).toEqual([])
    await page.close()
  })
})
