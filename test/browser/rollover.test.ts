import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { App } from '../../server/app'
import { adminToken, testApp } from '../helpers/app'
import { launchChromium } from '../helpers/browser'
import { reported, resolved } from '../helpers/events'
import { listen } from '../helpers/live'
import { ingest, metricMismatches, restSummary } from './wall'

/**
 * A wall left on over midnight: today's figures start again from nothing, the date moves on, and
 * the page is never reloaded. Two fake clocks: the server's (injected; it stands at 23:59:59
 * until released, then runs) and the browser's (Playwright's page.clock).
 */
const MIDNIGHT = Date.parse('2026-06-16T00:00:00+08:00')
const H = 3600_000
let released: number | null = null
const clock = () => (released === null ? MIDNIGHT - 1000 : MIDNIGHT - 1000 + (Date.now() - released))

let app: App
let base: string
let token: string
let browser: Browser

beforeAll(async () => {
  ;({ app } = await testApp({ clock }))
  base = await listen(app)
  token = await adminToken(app)
  await ingest(app, [
    reported('M1', '330111001001', MIDNIGHT - 3 * H),
    reported('M2', '330111002001', MIDNIGHT - 2 * H),
    resolved('M1', 'grid', MIDNIGHT - H),
    // Yesterday's: in the year, not in today.
    reported('M0', '330111001002', MIDNIGHT - 30 * H),
  ])
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await app?.close()
})

const metric = (page: Page, path: string) => page.locator(`[data-metric="${path}"]`).first()

describe('midnight on the wall', () => {
  it("resets today's figures and the date at Shanghai midnight, without a reload", { timeout: 120_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.clock.install({ time: MIDNIGHT - 60_000 })
    await page.goto(`${base}/?region=330111&period=today&token=${token}`)

    // 23:59: the day's two cases, as REST says for today.
    await expect.poll(() => metric(page, 'cases.total').textContent(), { timeout: 15_000 }).toBe('2')
    const before = await restSummary(app, token, '330111', 'period=today')
    expect(before.cases.total).toBe(2)
    await expect.poll(() => metricMismatches(page, before), { timeout: 10_000 }).toEqual([])
    expect(await page.locator('.date').textContent()).toContain('2026年6月15日')
    await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true))

    // Midnight passes on both clocks.
    released = Date.now()
    await page.clock.setSystemTime(MIDNIGHT + 500)

    // 00:00: nothing reported yet today; every headline figure equals REST for the new day.
    await expect.poll(() => metric(page, 'cases.total').textContent(), { timeout: 15_000 }).toBe('0')
    const after = await restSummary(app, token, '330111', 'period=today')
    expect(after.period.from).toBe('2026-06-16T00:00:00.000+08:00')
    expect(after.cases.total).toBe(0)
    await expect.poll(() => metricMismatches(page, after), { timeout: 10_000 }).toEqual([])
    await expect.poll(() => page.locator('.date').textContent(), { timeout: 10_000 }).toContain('2026年6月16日')
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true)

    // The new day counts on: a case reported after midnight is today's first, by push.
    await ingest(app, [reported('M3', '330111001001', clock())])
    await expect.poll(() => metric(page, 'cases.total').textContent(), { timeout: 15_000 }).toBe('1')
    expect(errors).toEqual([])
    await page.close()
  })
})
