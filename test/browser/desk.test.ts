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
 * and answer instructions, see escalations, hand over the shift.
 */
let app: App
let base: string
let browser: Browser
const H = 3600_000

beforeAll(async () => {
  ;({ app } = await testApp())
  base = await listen(app)
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await app?.close()
})

const admin = async () => ({ authorization: `Bearer ${await adminToken(app)}` })
const tokenOf = (h: { authorization: string }) => h.authorization.slice('Bearer '.length)

async function desk(path: string, as: { authorization: string }): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
  const errors: string[] = []
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
  page.on('pageerror', (e) => errors.push(e.message))
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
})
