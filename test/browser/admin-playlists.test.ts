import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { App } from '../../server/app'
import type { Playlist } from '../../shared/api/playlists'
import { accountSession, adminToken, bearer, testApp } from '../helpers/app'
import { armAndConfirm, launchChromium } from '../helpers/browser'
import { listen } from '../helpers/live'

/**
 * The admin page's 轮播方案 tab in Chromium: an administrator builds a playlist row by row, edits
 * it, opens it on the wall; a viewer reads the list without any control to change it.
 */
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

async function open(path: string): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('console', (m) => m.type() === 'error' && !/status of 40[0-9]/.test(m.text()) && errors.push(m.text()))
  page.on('pageerror', (e) => errors.push(e.message))
  expect((await page.goto(`${base}${path}`))?.status()).toBe(200)
  return { page, errors }
}
const text = async (page: Page, selector: string) => (await page.locator(selector).first().textContent())?.trim() ?? ''
const saved = async () => {
  const res = await app.inject({ url: '/api/v1/playlists', headers: bearer(token) })
  return (res.json() as { items: Playlist[] }).items
}

describe('the 轮播方案 tab of the admin page', () => {
  it('an administrator creates a playlist of two items, edits a dwell, sees it listed and opens it on the wall', async () => {
    const { page, errors } = await open(`/admin?tab=playlists&token=${token}`)
    await page.locator('[data-new-playlist]').click()
    const form = page.locator('[data-playlist-form]')
    const item = (i: number) => form.locator(`[data-item="${i}"]`)

    // Checked in Chinese before sending: no name, a dwell too short, half a window.
    await item(0).locator('input[name="dwell"]').fill('3')
    await item(0).locator('input[name="from"]').fill('08:00')
    await form.locator('button[type="submit"]').click()
    expect(await text(page, '[data-playlist-form] label .why')).toBe('请填写方案名称')
    expect(await item(0).locator('.why').allTextContents()).toEqual(['停留时间应为 5–3600 秒的整数', '时段需同时填写开始和结束时间'])
    expect(await saved()).toEqual([])

    await form.locator('input[name="name"]').fill('大厅日间轮播')
    await item(0).locator('select[name="region"]').selectOption('330411')
    await item(0).locator('select[name="page"]').selectOption({ label: '消防安全' })
    await item(0).locator('input[name="dwell"]').fill('40')
    await item(0).locator('input[name="to"]').fill('20:00')
    await form.locator('[data-add-item]').click()
    await item(1).locator('select[name="region"]').selectOption('330111')
    await item(1).locator('select[name="period"]').selectOption({ label: '本月' })
    await item(1).locator('input[name="dwell"]').fill('20')
    // A third row, removed again; the second moved up to be first.
    await form.locator('[data-add-item]').click()
    await item(2).locator('[data-remove]').click()
    expect(await form.locator('[data-item]').count()).toBe(2)
    await item(1).locator('[data-up]').click()
    expect(await item(0).locator('select[name="region"]').inputValue()).toBe('330111')
    await form.locator('button[type="submit"]').click()
    await expect.poll(() => text(page, '[data-form-done]')).toBe('已创建「大厅日间轮播」')

    const [p] = await saved()
    expect(p).toMatchObject({
      name: '大厅日间轮播',
      schedule: null,
      region: '330000',
      items: [
        { region: '330111', page: 'overview', period: 'month', dwell: 20 },
        { region: '330411', page: 'fire', dwell: 40, schedule: { from: '08:00', to: '20:00' } },
      ],
    })
    const row = page.locator(`[data-playlist-list] [data-playlist-id="${p!.id}"]`)
    expect(await row.locator('[data-count]').textContent()).toBe('2 项')
    expect(await row.locator('[data-lap]').textContent()).toBe('1 分')

    // Edit: the form holds the saved playlist; the first dwell goes from 20 to 25.
    await row.locator('[data-edit]').click()
    expect(await text(page, '[data-playlist-form] h2')).toContain('修改方案 · 大厅日间轮播')
    await item(0).locator('input[name="dwell"]').fill('25')
    await form.locator('button[type="submit"]').click()
    await expect.poll(() => text(page, '[data-form-done]')).toBe('已保存「大厅日间轮播」')
    expect((await saved())[0]!.items.map((i) => i.dwell)).toEqual([25, 40])
    await expect.poll(() => row.locator('[data-lap]').textContent()).toBe('1 分 5 秒')

    // 打开: the wall in a new tab, with the page's session, playing the first item's region.
    expect(await row.locator('[data-open]').getAttribute('href')).toBe(`/?playlist=${p!.id}`)
    const [wall] = await Promise.all([page.context().waitForEvent('page'), row.locator('[data-open]').click()])
    await wall.locator('[data-breadcrumb][data-region-code="330111"]').waitFor({ timeout: 20_000 })
    expect(await wall.locator('[data-playlist="running"]').textContent()).toContain('大厅日间轮播')
    await wall.close()

    // Delete asks once more in place.
    expect(await armAndConfirm(row.locator('[data-delete]'))).toEqual({ armed: true, label: '确认删除' })
    await expect.poll(() => text(page, '[data-form-done]')).toBe('已删除「大厅日间轮播」')
    expect(await saved()).toEqual([])
    expect(errors).toEqual([])
  }, 90_000)

  it('says the server’s 400 details item by item in Chinese', async () => {
    const { page, errors } = await open(`/admin?tab=playlists&token=${token}`)
    // A body the form never sends (its second item's region swapped on the way for one that does
    // not exist), so the server's own validation answers.
    await page.route('**/api/v1/playlists', async (route) => {
      if (route.request().method() !== 'POST') return route.continue()
      const body = route.request().postDataJSON() as { items: { region: string }[] }
      body.items[1]!.region = '339999'
      await route.continue({ postData: JSON.stringify(body) })
    })
    await page.locator('[data-new-playlist]').click()
    const form = page.locator('[data-playlist-form]')
    await form.locator('input[name="name"]').fill('夜间')
    await form.locator('[data-add-item]').click()
    await form.locator('button[type="submit"]').click()
    await expect.poll(() => text(page, '[data-form-error]')).toBe('第 2 项 区域：区域 339999 不存在')
    expect(await saved()).toEqual([])
    expect(errors).toEqual([])
  })

  it('a viewer sees the list without controls to change it, and can open a playlist', async () => {
    await app.inject({ method: 'POST', url: '/api/v1/playlists', headers: bearer(token), payload: { name: '富阳总览', items: [{ region: '330111', page: 'overview', dwell: 30 }] } })
    const viewer = await accountSession(app, bearer(token), { username: 'fuyang.viewer', role: 'viewer', scope: '330111' })
    const { page, errors } = await open(`/admin?token=${viewer.authorization.slice('Bearer '.length)}`)
    await page.locator('[data-playlist-list] tr').first().waitFor({ timeout: 15_000 })
    expect(await page.locator('[data-tab]').allTextContents()).toEqual(['轮播方案'])
    expect(await text(page, '[data-admin-limited]')).toBe('账号、令牌、密钥和审计仅限管理员使用')
    expect(await text(page, '[data-readonly]')).toContain('只能查看')
    expect(await text(page, '[data-playlist-list] tr')).toContain('富阳总览')
    expect(await page.locator('[data-playlist-list] [data-open]').count()).toBe(1)
    for (const control of ['[data-new-playlist]', '[data-edit]', '[data-delete]', '[data-playlist-form]']) expect(await page.locator(control).count(), control).toBe(0)
    expect(errors).toEqual([])
  })
})
