import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { App } from '../../server/app'
import { toShanghaiIso } from '../../shared/time/shanghai'
import { accountSession, adminToken, testApp } from '../helpers/app'
import { launchChromium } from '../helpers/browser'
import { reported, stage } from '../helpers/events'
import { listen } from '../helpers/live'
import { ingest } from './wall'

/**
 * Whole stories at the command desk, in Chromium against a real server: seats act on cases, give
 * and answer instructions, see escalations, hand over the shift. The server's clock runs `offset`
 * ahead of the real one when a story needs time to pass (escalation), without waiting for it.
 */
let app: App
let base: string
let browser: Browser
let offset = 0
const H = 3600_000
const MIN = 60_000

beforeAll(async () => {
  ;({ app } = await testApp({ clock: () => Date.now() + offset }))
  base = await listen(app)
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await app?.close()
})

// One login for the whole file: the login route is rate-limited per client.
let adminAuth: Promise<string> | undefined
const admin = async () => ({ authorization: `Bearer ${await (adminAuth ??= adminToken(app))}` })
const tokenOf = (h: { authorization: string }) => h.authorization.slice('Bearer '.length)

/** A desk, live; `prepare` runs on the page before it is opened (a route to hold answers back). */
async function desk(path: string, as: { authorization: string }, prepare?: (page: Page) => Promise<unknown>): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
  const errors: string[] = []
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
  page.on('pageerror', (e) => errors.push(e.message))
  await prepare?.(page)
  await page.goto(`${base}${path}${path.includes('?') ? '&' : '?'}token=${tokenOf(as)}`)
  await page.locator('[data-link-state].live').waitFor({ timeout: 15_000 })
  return { page, errors }
}
const text = async (page: Page, selector: string) => (await page.locator(selector).first().textContent())?.trim() ?? ''

describe('the command desk', () => {
  it('lists a yellow case under 临期, a seat urges it, and every desk’s timeline names the seat', async () => {
    const seat = await accountSession(app, await admin(), { username: 'fy-seat-a', role: 'dispatcher', scope: '330111' })
    const now = Date.now()
    // A small matter reported 20 hours ago: 4 hours of its 24 left, yellow; another with 2 hours left.
    await ingest(app, [
      reported('Y1', '330111001001', now - 20 * H, { title: '楼道消防通道堵塞' }),
      stage('Y1', 'assign', now - 19 * H),
      reported('Y2', '330111001002', now - 22 * H, { title: '小区垃圾清运不及时' }),
    ])
    const watcher = await desk('/duty?region=330111&case=Y1', await admin())
    await watcher.page.locator('[data-case-detail="Y1"]').waitFor({ timeout: 5000 })

    const { page, errors } = await desk('/duty?region=330111', seat)
    const list = page.locator('[data-due-soon-list] [data-case-id]')
    await list.first().waitFor({ timeout: 5000 })
    expect(await list.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-case-id')))).toEqual(['Y2', 'Y1'])
    const row = page.locator('[data-due-soon-list] [data-case-id="Y1"]')
    expect(await row.textContent()).toContain('楼道消防通道堵塞')
    expect(await text(page, '[data-due-soon-list] [data-case-id="Y1"] [data-due-left]')).toMatch(/^0[34]:\d\d:\d\d$/)
    // Red list and 临期 list do not share a case.
    expect(await page.locator('[data-case-list] [data-case-id="Y1"]').count()).toBe(0)

    await row.click()
    await page.locator('[data-case-detail="Y1"]').waitFor({ timeout: 5000 })
    // 退回 needs a unit the case does not have: not offered.
    expect(await page.locator('[data-case-action="return"]').isDisabled()).toBe(true)
    await page.locator('[data-case-action="urge"]').click()
    await page.locator('[data-case-action-note]').fill('请今日 17:00 前反馈办理进展')
    await page.locator('[data-case-action-confirm]').click()
    await page.locator('[data-case-action-done]').waitFor({ timeout: 5000 })
    expect(await text(page, '[data-case-action-done]')).toContain('已催办')
    const line = page.locator('[data-timeline] li', { hasText: '请今日 17:00 前反馈办理进展' })
    await line.waitFor({ timeout: 5000 })
    expect(await line.textContent()).toContain('催办')
    expect(await line.locator('[data-timeline-actor]').textContent()).toBe('fy-seat-a')

    // The other desk, watching the case, follows by push.
    await watcher.page.locator('[data-timeline] [data-timeline-actor]', { hasText: 'fy-seat-a' }).waitFor({ timeout: 5000 })

    // The server has it as the seat's, and counts it.
    const detail = (await app.inject({ url: '/api/v1/cases/Y1', headers: await admin() })).json() as { case: { urgeCount: number }; timeline: Array<{ type: string; actor?: string | null }> }
    expect(detail.case.urgeCount).toBe(1)
    expect(detail.timeline.at(-1)).toMatchObject({ type: 'case.urged', actor: 'fy-seat-a' })
    expect(errors, errors.join('\n')).toEqual([])
    await page.close()
    await watcher.page.close()
  })

  it('says a refused action in Chinese, and gives a leader no action buttons', async () => {
    const now = Date.now()
    await ingest(app, [
      reported('R9', '330111002001', now - 2 * H, { title: '路灯不亮', unit: '城管局' }),
      { id: `res-R9-${now}`, type: 'case.supervised', at: toShanghaiIso(now - 1000), caseId: 'R9', color: 'yellow' },
    ])
    const seat = await accountSession(app, await admin(), { username: 'fy-seat-r', role: 'dispatcher', scope: '330111' })
    const { page } = await desk('/duty?region=330111&case=R9', seat)
    await page.locator('[data-case-detail="R9"]').waitFor({ timeout: 5000 })
    // Transfer to the unit that has it: the server refuses, the desk says why in Chinese.
    await page.locator('[data-case-action="transfer"]').click()
    await page.locator('[data-transfer-to]').fill('城管局')
    await page.locator('[data-case-action-confirm]').click()
    await expect.poll(() => text(page, '[data-case-action-error]'), { timeout: 5000 }).toContain('已由该单位承办')
    await page.close()

    const leader = await accountSession(app, await admin(), { username: 'fy-leader-r', role: 'leader', scope: '330111' })
    const view = await desk('/duty?region=330111&case=R9', leader)
    await view.page.locator('[data-case-readonly]').waitFor({ timeout: 5000 })
    expect(await view.page.locator('[data-case-action]').count()).toBe(0)
    await view.page.close()
  })

  it('carries an instruction from one seat to another: issued, signed, fed back, closed, each desk following live', async () => {
    const issuer = await accountSession(app, await admin(), { username: 'fy-seat-b1', role: 'dispatcher', scope: '330111' })
    const grid = await accountSession(app, await admin(), { username: 'fy-grid-b2', role: 'dispatcher', scope: '330111' })
    // The other desk reads its instruction lists as it opens; their answers, read before the
    // instruction is issued, are held back until its push has come: it is not lost when they land.
    let answerLists = () => {}
    const listsHeld = new Promise<void>((resolve) => (answerLists = resolve))
    const listsRead: Promise<unknown>[] = []
    const holdLists = (p: Page) =>
      p.route(
        (url) => url.pathname === '/api/v1/instructions',
        async (route) => {
          if (route.request().method() !== 'GET') return route.continue()
          const read = route.fetch()
          listsRead.push(read)
          const response = await read
          await listsHeld
          await route.fulfill({ response })
        },
      )
    const other = await desk('/duty?region=330111', grid, holdLists)
    await other.page.locator('[data-desk-account="fy-grid-b2"]').waitFor({ timeout: 5000 })
    // Held: no answer of its lists is shown yet (what its badge says is asserted once they are read).
    expect(await other.page.locator('[data-orders]').getAttribute('data-orders-read')).toBe('0')
    // Its inbox and the region's list (read together, once or twice as it opened) are answered by
    // the server before the issue.
    await expect.poll(() => listsRead.length).toBeGreaterThanOrEqual(2)
    await Promise.all(listsRead)

    const { page, errors } = await desk('/duty?region=330111&tab=orders', issuer)
    await page.locator('[data-instruction-form]').waitFor({ timeout: 5000 })
    await page.locator('[data-instruction-assignee]').fill('fy-grid-b2')
    await page.locator('[data-instruction-text]').fill('请到春江村核实河道漂浮垃圾，1 小时内反馈')
    await page.locator('[data-instruction-issue]').click()
    await page.locator('[data-instruction-issued]').waitFor({ timeout: 5000 })
    const card = page.locator('[data-region-orders] [data-instruction]', { hasText: '河道漂浮垃圾' })
    await card.waitFor({ timeout: 5000 })
    expect(await card.getAttribute('data-instruction-status')).toBe('issued')

    // The other seat's desk: the push first, then the lists' older answers, and still a badge.
    const pushed = other.page.locator('[data-inbox] [data-instruction]', { hasText: '河道漂浮垃圾' })
    await pushed.waitFor({ state: 'attached', timeout: 5000 })
    const loads = listsRead.length / 2
    answerLists()
    await other.page.locator(`[data-orders-read="${loads}"]`).waitFor({ state: 'attached', timeout: 5000 })
    expect(await pushed.count()).toBe(1)
    await expect.poll(() => text(other.page, '[data-orders-waiting]'), { timeout: 5000 }).toBe('1')
    await other.page.locator('[data-desk-tab="orders"]').click()
    const mine = other.page.locator('[data-inbox] [data-instruction]', { hasText: '河道漂浮垃圾' })
    // The push of the signing may draw the feedback box before the signing's own answer comes
    // (held back here): what is typed in it meanwhile is still there when the answer lands.
    let answerSign = () => {}
    const signHeld = new Promise<void>((resolve) => (answerSign = resolve))
    await other.page.route('**/api/v1/instructions/*/sign', async (route) => {
      const response = await route.fetch()
      await signHeld
      await route.fulfill({ response })
    })
    await mine.locator('[data-instruction-sign]').click()
    await expect.poll(() => mine.getAttribute('data-instruction-status'), { timeout: 5000 }).toBe('signed')
    const feedback = mine.locator('[data-instruction-feedback-text]')
    await feedback.fill('已到现场，垃圾已清理')
    const signed = other.page.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/sign'))
    answerSign()
    await signed
    const send = mine.locator('[data-instruction-feedback-send]')
    await expect.poll(async () => [await feedback.inputValue(), await send.isEnabled()], { timeout: 5000 }).toEqual(['已到现场，垃圾已清理', true])
    await send.click()
    await expect.poll(() => mine.getAttribute('data-instruction-status'), { timeout: 5000 }).toBe('fedBack')
    await expect.poll(() => other.page.locator('[data-orders-waiting]').count(), { timeout: 5000 }).toBe(0)

    // Back at the first seat, by push: fed back, with the words; it closes it.
    await expect.poll(() => card.getAttribute('data-instruction-status'), { timeout: 5000 }).toBe('fedBack')
    expect(await card.locator('[data-instruction-feedback]').textContent()).toContain('已到现场，垃圾已清理')
    await card.locator('[data-instruction-close]').click()
    await expect.poll(() => card.getAttribute('data-instruction-status'), { timeout: 5000 }).toBe('closed')
    await expect.poll(() => mine.getAttribute('data-instruction-status'), { timeout: 5000 }).toBe('closed')

    const list = (await app.inject({ url: '/api/v1/instructions?region=330111', headers: await admin() })).json() as { items: Array<{ status: string; assignee: string; issuedBy: string; closedBy: string; feedback: string }> }
    expect(list.items[0]).toMatchObject({ status: 'closed', assignee: 'fy-grid-b2', issuedBy: 'fy-seat-b1', closedBy: 'fy-seat-b1', feedback: '已到现场，垃圾已清理' })
    expect([...errors, ...other.errors]).toEqual([])
    await page.close()
    await other.page.close()
  }, 60_000)

  it('pops up and beeps for a new alarm (not when muted), acknowledges several with one note, and a leader sees an escalated alarm first', async () => {
    const seat = await accountSession(app, await admin(), { username: 'fy-seat-c', role: 'dispatcher', scope: '330111' })
    const leader = await accountSession(app, await admin(), { username: 'fy-leader-c', role: 'leader', scope: '330111' })
    const red = (caseId: string, title: string) => {
      const now = Date.now() + offset
      return ingest(app, [
        reported(caseId, '330111002001', now - H, { title }),
        { id: `sup-${caseId}-${now}`, type: 'case.supervised', at: toShanghaiIso(now - 1000), caseId, color: 'red' },
      ])
    }
    const alarmOf = async (caseId: string) =>
      ((await app.inject({ url: '/api/v1/alarms?region=330111&status=all&limit=500', headers: await admin() })).json() as { items: Array<{ id: number; subjectId: string }> }).items.find(
        (a) => a.subjectId === caseId,
      )!.id

    const boss = await desk('/duty?region=330111', leader)
    const { page, errors } = await desk('/duty?region=330111', seat)
    await page.locator('[data-alarm-list]').waitFor()
    await red('E1', '山塘水位超警戒')
    const e1 = await alarmOf('E1')
    await page.locator(`[data-alarm-popup="${e1}"]`).waitFor({ timeout: 5000 })
    expect(await page.locator('[data-alarm-popups]').getAttribute('data-alarm-sounds')).toBe('1')

    // Muted: the popup still comes, the beep does not.
    await page.locator('[data-sound-toggle]').click()
    await red('E2', '企业仓库消防通道堵塞')
    const e2 = await alarmOf('E2')
    await page.locator(`[data-alarm-popup="${e2}"]`).waitFor({ timeout: 5000 })
    expect(await page.locator('[data-alarm-popups]').getAttribute('data-alarm-sounds')).toBe('1')
    await page.locator(`[data-alarm-popup="${e2}"] [data-alarm-popup-dismiss]`).click()
    await expect.poll(() => page.locator(`[data-alarm-popup="${e2}"]`).count(), { timeout: 2000 }).toBe(0)

    // E1 is left unacknowledged past the escalation time: the leader's desk puts it first, marked 已升级.
    offset += 11 * MIN
    expect(await app.alarms.escalateDue()).toBeGreaterThanOrEqual(1)
    const first = boss.page.locator('[data-alarm-group="raised"] [data-alarm-id]').first()
    await expect.poll(() => first.getAttribute('data-alarm-id'), { timeout: 5000 }).toBe(String(e1))
    expect(await first.locator('[data-alarm-escalated]').textContent()).toBe('已升级')
    await boss.page.locator(`[data-alarm-popup="${e1}"]`, { hasText: '告警已升级' }).waitFor({ timeout: 5000 })
    // A dispatcher's desk keeps newest first; the mark shows there too.
    await page.locator(`[data-alarm-id="${e1}"] [data-alarm-escalated]`).waitFor({ timeout: 5000 })
    expect(await page.locator('[data-alarm-group="raised"] [data-alarm-id]').first().getAttribute('data-alarm-id')).toBe(String(e2))
    // A leader only watches: nothing to tick.
    expect(await boss.page.locator('[data-alarm-pick]').count()).toBe(0)

    // From the alarm: the wall's map on its village, in a tab of its own.
    await page.locator(`[data-alarm-id="${e1}"]`).click()
    await page.locator(`[data-alarm-detail="${e1}"] [data-alarm-detail-escalated]`).waitFor({ timeout: 5000 })
    expect(await page.locator('[data-alarm-locate]').getAttribute('href')).toBe('/?region=330111002001')

    // Both acknowledged at once with one note.
    await page.locator(`[data-alarm-pick="${e1}"]`).check()
    await page.locator(`[data-alarm-pick="${e2}"]`).check()
    await page.locator('[data-alarm-bulk-note]').fill('已通知青龙村网格员到场处置')
    await page.locator('[data-alarm-bulk-ack]').click()
    await expect.poll(() => page.locator('[data-alarm-group="acknowledged"] [data-alarm-id]').count(), { timeout: 5000 }).toBe(2)
    for (const id of [e1, e2]) {
      const one = (await app.inject({ url: `/api/v1/alarms/${id}`, headers: await admin() })).json() as { alarm: { acknowledgedBy: string; acknowledgeNote: string } }
      expect(one.alarm).toMatchObject({ acknowledgedBy: 'fy-seat-c', acknowledgeNote: '已通知青龙村网格员到场处置' })
    }

    // The filter: risk alarms only hides them, and is kept for the seat across a reload.
    await page.locator('[data-alarm-filter="kind"]').selectOption('risk.alarm')
    await expect.poll(() => page.locator('[data-alarm-list] [data-alarm-id]').count(), { timeout: 2000 }).toBe(0)
    await page.reload()
    await page.locator('[data-link-state].live').waitFor({ timeout: 15_000 })
    expect(await page.locator('[data-alarm-filter="kind"]').inputValue()).toBe('risk.alarm')
    expect(await page.locator('[data-sound-toggle]').textContent()).toContain('关')
    await page.locator('[data-alarm-filter-reset]').click()
    await expect.poll(() => page.locator('[data-alarm-list] [data-alarm-id]').count(), { timeout: 2000 }).toBe(2)
    expect([...errors, ...boss.errors]).toEqual([])
    await page.close()
    await boss.page.close()
  }, 90_000)

  it('hands over the shift: a notable duty-log entry and an alarm of the shift are in the record, and its A4 page is a PDF', async () => {
    const seat = await accountSession(app, await admin(), { username: 'fy-seat-d', role: 'dispatcher', scope: '330111' })
    const now = Date.now() + offset
    await ingest(app, [
      reported('D1', '330111002001', now - H, { title: '春江村堤坝渗水' }),
      { id: `sup-D1-${now}`, type: 'case.supervised', at: toShanghaiIso(now - 1000), caseId: 'D1', color: 'red' },
    ])
    const alarms = (await app.inject({ url: '/api/v1/alarms?region=330111&status=all&limit=500', headers: await admin() })).json() as { items: Array<{ subjectId: string; title: string }> }
    const alarm = alarms.items.find((a) => a.subjectId === 'D1')!

    // The shift page's chunk may come before the region tree (held back here until it is up): it
    // reads the shift of the desk's region once that is known.
    const { page, errors } = await desk('/duty?region=330111&tab=shift', seat, (p) =>
      p.route('**/api/v1/regions', async (route) => {
        await p.locator('[data-shift]').waitFor({ state: 'attached' })
        await route.continue()
      }),
    )
    await page.locator('[data-duty-now] [data-duty-officers]').waitFor({ timeout: 5000 })
    await page.locator('[data-duty-log-text]').fill('19:20 春江村网格员报告堤坝渗水，已通知水利站到场')
    await page.locator('[data-duty-log-notable]').check()
    await page.locator('[data-duty-log-write]').click()
    const entry = page.locator('[data-duty-log] li', { hasText: '已通知水利站到场' })
    await entry.waitFor({ timeout: 5000 })
    expect(await entry.textContent()).toContain('重要')
    expect(await entry.textContent()).toContain('fy-seat-d')

    await page.locator('[data-handover-note]').fill('堤坝渗水仍在跟进，请接班人员关注')
    await page.locator('[data-handover-create]').click()
    const record = page.locator('[data-handover]', { hasText: '堤坝渗水仍在跟进' })
    await record.waitFor({ timeout: 5000 })
    const id = await record.getAttribute('data-handover')
    await page.locator(`[data-handovers] [data-handover-id="${id}"]`).waitFor({ timeout: 5000 })
    const body = (await record.textContent()) ?? ''
    expect(body).toContain('已通知水利站到场')
    expect(body).toContain(alarm.title)
    expect(Number(await record.locator('[data-handover-count="notableEntries"]').textContent())).toBeGreaterThanOrEqual(1)
    expect(Number(await record.locator('[data-handover-count="alarmsRaised"]').textContent())).toBeGreaterThanOrEqual(1)

    // 打印 / A4: the record's page, answered as a PDF.
    const [pdf] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/api/v1/duty/handovers/${id}.pdf`), { timeout: 15_000 }),
      page.locator('[data-handover-pdf]').click(),
    ])
    expect(pdf.status()).toBe(200)
    expect(pdf.headers()['content-type']).toBe('application/pdf')
    const page1 = await app.inject({ url: `/api/v1/duty/handovers/${id}.pdf`, headers: { authorization: `Bearer ${tokenOf(seat)}` } })
    expect(page1.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-')

    const saved = (await app.inject({ url: `/api/v1/duty/handovers/${id}`, headers: await admin() })).json() as { handedOverBy: string; notableEntries: Array<{ text: string }> }
    expect(saved.handedOverBy).toBe('fy-seat-d')
    expect(saved.notableEntries.map((e) => e.text)).toContain('19:20 春江村网格员报告堤坝渗水，已通知水利站到场')
    expect(errors, errors.join('\n')).toEqual([])
    for (const p of page.context().pages()) await p.close()
  }, 60_000)

  it('names who to call on the alarm panel, masked, and shows a number through the audited reveal for a personal-data account', async () => {
    const csv = ['name,phone,role,region,riskPointId', '陈卫东,13812340001,网格长,330111002001,', '周丽,13812340002,村书记,330111002001,'].join('\n')
    const imported = await app.inject({ method: 'POST', url: '/api/v1/directory/import', headers: { ...(await admin()), 'content-type': 'text/csv' }, payload: csv })
    expect(imported.statusCode).toBe(200)
    const now = Date.now() + offset
    await ingest(app, [
      reported('F1', '330111002001', now - H, { title: '临江路井盖缺失' }),
      { id: `sup-F1-${now}`, type: 'case.supervised', at: toShanghaiIso(now - 1000), caseId: 'F1', color: 'red' },
    ])
    const alarms = (await app.inject({ url: '/api/v1/alarms?region=330111&status=all&limit=500', headers: await admin() })).json() as { items: Array<{ id: number; subjectId: string }> }
    const f1 = alarms.items.find((a) => a.subjectId === 'F1')!.id

    const plain = await accountSession(app, await admin(), { username: 'fy-seat-f1', role: 'dispatcher', scope: '330111' })
    const one = await desk(`/duty?region=330111&alarm=${f1}`, plain)
    // The account is read (no button to show a number is offered before that, for anyone).
    await one.page.locator('[data-desk-account="fy-seat-f1"]').waitFor({ timeout: 5000 })
    await one.page.locator(`[data-alarm-id="${f1}"]`).click()
    const row = one.page.locator('[data-alarm-contacts] li', { hasText: '陈卫东' })
    await row.waitFor({ timeout: 5000 })
    expect(await row.textContent()).toContain('网格长')
    expect(await row.locator('[data-contact-phone]').textContent()).toBe('138****0001')
    expect(await row.locator('[data-contact-reveal]').count()).toBe(0)
    expect(one.errors).toEqual([])
    await one.page.close()

    const trusted = await accountSession(app, await admin(), { username: 'fy-seat-f2', role: 'dispatcher', scope: '330111', personalData: true })
    const two = await desk(`/duty?region=330111`, trusted)
    await two.page.locator(`[data-alarm-id="${f1}"]`).click()
    const row2 = two.page.locator('[data-alarm-contacts] li', { hasText: '陈卫东' })
    await row2.locator('[data-contact-reveal]').click()
    await expect.poll(() => row2.locator('[data-contact-phone]').textContent(), { timeout: 5000 }).toBe('13812340001')
    const audit = (await app.inject({ url: '/api/v1/audit?limit=20', headers: await admin() })).json() as { items: Array<{ actor: string; action: string }> }
    expect(audit.items.some((e) => e.actor === 'fy-seat-f2' && e.action === 'directory.phone.unmasked')).toBe(true)
    expect(two.errors).toEqual([])
    await two.page.close()
  }, 60_000)
})
