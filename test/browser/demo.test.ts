import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { Meta } from '../../shared/api/meta'
import { adminToken, tempDataDir, testApp } from '../helpers/app'
import { launchChromium } from '../helpers/browser'
import { listen } from '../helpers/live'

let browser: Browser
const closers: Array<() => Promise<unknown>> = []

beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(async () => {
  for (const close of closers) await close()
  await browser?.close()
})

/** The wall of `region`, live, once it has read /api/v1/meta (optionally answered by `meta`). */
async function openWall(base: string, token: string, region: string, meta?: Meta): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
  closers.push(() => (page.isClosed() ? Promise.resolve() : page.close()))
  if (meta) await page.route('**/api/v1/meta', (route) => route.fulfill({ json: meta }))
  const answered = page.waitForResponse((res) => res.url().endsWith('/api/v1/meta'))
  await page.goto(`${base}/?region=${region}&token=${token}`)
  await answered
  await page.locator('[data-link-state].live').waitFor({ timeout: 30_000 })
  return page
}

describe('the 演示数据 badge', () => {
  it('shows on a demo store, with the districts the data covers above district level', async () => {
    const { app } = await testApp({ dataDir: tempDataDir(), config: { demo: true, demoScale: 0.01, simRate: 0 } })
    closers.push(() => app.close())
    await app.demo.ready()
    const base = await listen(app)
    const token = await adminToken(app)

    const province = await openWall(base, token, '330000')
    const badge = province.locator('[data-demo-badge]')
    await badge.waitFor()
    expect(await badge.locator('.badge').textContent()).toBe('演示数据')
    expect(await province.locator('[data-demo-coverage]').textContent()).toBe('数据范围：富阳区、临安区、淳安县、秀洲区')
    expect(await province.locator('[data-demo-loading]').count()).toBe(0)
    await province.close()

    const hangzhou = await openWall(base, token, '330100')
    await hangzhou.locator('[data-demo-badge]').waitFor()
    expect(await hangzhou.locator('[data-demo-coverage]').textContent()).toBe('数据范围：富阳区、临安区、淳安县')
    await hangzhou.close()

    const chunan = await openWall(base, token, '330127')
    await chunan.locator('[data-demo-badge]').waitFor()
    // The region tree is read (its way back up is drawn): the wall knows 淳安县 is a district.
    await chunan.locator('[data-breadcrumb] button[data-region-code="330100"]').waitFor()
    expect(await chunan.locator('[data-demo-coverage]').count()).toBe(0)
    await chunan.close()
  }, 120_000)

  it('does not show on a store without demo data', async () => {
    const { app } = await testApp()
    closers.push(() => app.close())
    const base = await listen(app)
    const page = await openWall(base, await adminToken(app), '330000')
    expect(await page.locator('[data-breadcrumb]').isVisible()).toBe(true)
    // Its answer is read by the page, not only received: no badge then means no demo data.
    await page.locator('[data-demo-read]').waitFor({ state: 'attached' })
    expect(await page.locator('[data-demo-badge]').count()).toBe(0)
    expect(await page.locator('[data-demo-loading]').count()).toBe(0)
    await page.close()
  }, 60_000)

  it('says 演示数据加载中 with the progress while the demo loads', async () => {
    const { app } = await testApp()
    closers.push(() => app.close())
    const base = await listen(app)
    const coverage = [{ code: '330111', name: '富阳区' }]
    const page = await openWall(base, await adminToken(app), '330000', {
      demo: { active: true, loading: true, loaded: 45_210, total: 121_823, coverage },
      nodeId: null,
    })
    const overlay = page.locator('[data-demo-loading]')
    await overlay.waitFor()
    expect(await overlay.locator('h2').textContent()).toBe('演示数据加载中')
    expect((await overlay.textContent())!.replace(/\s+/g, ' ')).toContain('已载入 45,210 / 121,823 件 37%')
    expect(await page.locator('[data-demo-badge]').isVisible()).toBe(true)
    await page.close()
  }, 60_000)
})
