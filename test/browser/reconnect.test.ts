import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import type { App } from '../../server/app'
import { adminToken, testApp } from '../helpers/app'
import { launchChromium } from '../helpers/browser'
import { reported, riskRegistered, riskStatus, urged } from '../helpers/events'
import { listen } from '../helpers/live'
import { ingest, metricMismatches, restSummary, scenario } from './wall'

let app: App
let browser: Browser

beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await app?.close()
})

describe('when the server goes away', () => {
  it('says so at once, keeps the last data dimmed, then reconnects by itself with what happened meanwhile', async () => {
    const first = await testApp()
    app = first.app
    const base = await listen(app)
    const { port } = app.server.address() as AddressInfo
    const token = await adminToken(app)
    await ingest(app, scenario())

    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(`${base}/?region=330000&token=${token}`)
    await page.locator('[data-link-state].live').waitFor({ timeout: 15_000 })
    const before = await restSummary(app, token, '330000')
    await expect.poll(() => metricMismatches(page, before), { timeout: 5000 }).toEqual([])

    await app.close()
    const banner = page.locator('[data-offline-banner]')
    await banner.waitFor({ timeout: 2000 })
    expect(await banner.textContent()).toMatch(/连接已断开.*显示的是 \d\d:\d\d:\d\d 的数据/)
    expect(await page.locator('[data-link-state]').textContent()).toContain('已断开')
    // The last figures stay on screen, dimmed.
    expect(await metricMismatches(page, before)).toEqual([])
    const opacity = () => page.locator('.grid > .p').first().evaluate((e) => Number(getComputedStyle(e).opacity))
    await expect.poll(opacity, { timeout: 2000 }).toBeLessThan(0.6)

    // While the wall is cut off, new cases arrive and a risk point goes into alarm.
    app = (await testApp({ dataDir: first.dataDir })).app
    const now = Date.now()
    await ingest(app, [
      reported('OUT1', '330111002001', now - 5000),
      reported('OUT2', '330411001001', now - 4000),
      urged('OUT1', now - 3000),
      riskRegistered('ROUT', '330111001002'),
      riskStatus('ROUT', 'alarm'),
    ])
    const after = await restSummary(app, token, '330000')
    expect(after.cases.total).toBe(before.cases.total + 2)
    expect(after.risks.byStatus.alarm).toBe(before.risks.byStatus.alarm + 1)
    await app.listen({ port, host: '127.0.0.1' })

    await page.locator('[data-link-state].live').waitFor({ timeout: 20_000 })
    expect(await banner.count()).toBe(0)
    await expect.poll(() => metricMismatches(page, after), { timeout: 5000 }).toEqual([])
    expect(errors, errors.join('\n')).toEqual([])
    await page.close()
  })
})
