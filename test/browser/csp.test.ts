import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { App } from '../../server/app'
import { adminToken, testApp } from '../helpers/app'
import { launchChromium } from '../helpers/browser'
import { listen } from '../helpers/live'
import { ingest, metricMismatches, restSummary, scenario } from './wall'

let app: App
let base: string
let token: string
let browser: Browser

beforeAll(async () => {
  ;({ app } = await testApp())
  base = await listen(app)
  token = await adminToken(app)
  await ingest(app, scenario())
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await app?.close()
})

interface Watched {
  page: Page
  /** Every CSP violation the page reported, and every console error or uncaught exception. */
  problems: string[]
  csp: string
}

/** Open a page, recording CSP violations (the DOM event, from before any script of the page runs) and console errors. */
async function open(path: string): Promise<Watched> {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
  const problems: string[] = []
  await page.exposeFunction('reportViolation', (v: string) => problems.push(`CSP: ${v}`))
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      void (window as unknown as { reportViolation: (v: string) => void }).reportViolation(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`)
    })
  })
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`))
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
  const res = await page.goto(`${base}${path}`)
  expect(res?.status(), path).toBe(200)
  return { page, problems, csp: res?.headers()['content-security-policy'] ?? '' }
}

describe('the pages run under the Content-Security-Policy', () => {
  it('the wall: figures, charts, the map and its tooltips, with no violation and no console error', async () => {
    const { page, problems, csp } = await open(`/?region=330111&token=${token}`)
    expect(csp).toContain("script-src 'self'")
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/)

    const summary = await restSummary(app, token, '330111')
    await expect.poll(() => page.locator('[data-metric="cases.total"]').first().textContent(), { timeout: 15_000 }).toBe(String(summary.cases.total))
    await expect.poll(() => metricMismatches(page, summary), { timeout: 5000 }).toEqual([])
    expect(await page.locator('[data-link-state].live').count()).toBe(1)
    // The charts drew on their canvases, the map included.
    await page.locator('[data-panel="map"][data-map-region="330111"] canvas').first().waitFor({ timeout: 10_000 })
    expect(await page.locator('canvas').count()).toBeGreaterThan(5)

    // An ECharts tooltip is HTML with style attributes: hovering a town shows it styled.
    const anchor = await page.locator('[data-map-child="330111001"]').boundingBox()
    expect(anchor).not.toBeNull()
    await page.mouse.move(anchor!.x + anchor!.width / 2 - 3, anchor!.y + anchor!.height / 2 - 3)
    await page.mouse.move(anchor!.x + anchor!.width / 2, anchor!.y + anchor!.height / 2, { steps: 4 })
    const title = page.locator('div[style*="font-weight"]', { hasText: '春江街道' }).first()
    await title.waitFor({ timeout: 5000 })
    expect(await title.evaluate((el) => getComputedStyle(el).fontWeight)).toBe('600')

    expect(problems).toEqual([])
    await page.close()
  })

  it('the duty desk: alarms and cases listed, with no violation and no console error', async () => {
    const { page, problems } = await open(`/duty?region=330111&token=${token}`)
    await page.locator('[data-link-state].live').waitFor({ timeout: 15_000 })
    // The scenario's risk point in alarm raised one.
    await page.locator('[data-alarm-list] [data-alarm-id]').first().waitFor({ timeout: 10_000 })
    await page.locator('[data-alarm-list] [data-alarm-id]').first().click()
    await expect.poll(() => page.url()).toContain('alarm=')
    expect(problems).toEqual([])
    await page.close()
  })

  it('the comparison page: regions side by side, with no violation and no console error', async () => {
    const { page, problems } = await open(`/compare?regions=330111,330411&period=year&token=${token}`)
    await page.locator('[data-compare-table] [data-metric="cases.total"]').first().waitFor({ timeout: 15_000 })
    expect(problems).toEqual([])
    await page.close()
  })

  it('the API docs under their own policy', async () => {
    const { page, problems, csp } = await open('/docs')
    expect(csp).toContain("script-src 'self'")
    await page.locator('.opblock').first().waitFor({ timeout: 15_000 })
    await page.locator('.opblock-summary').first().click()
    await page.locator('.opblock-body').first().waitFor()
    expect(problems).toEqual([])
    await page.close()
  })

  it('and the policy is really enforced: an injected inline script is blocked and reported', async () => {
    const { page, problems } = await open(`/?region=330111&token=${token}`)
    await page.locator('[data-link-state].live').waitFor({ timeout: 15_000 })
    const ran = await page.evaluate(() => {
      const s = document.createElement('script')
      s.textContent = 'window.injected = true'
      document.body.appendChild(s)
      return (window as unknown as { injected?: boolean }).injected ?? false
    })
    expect(ran).toBe(false)
    await expect.poll(() => problems.filter((p) => p.startsWith('CSP: script-src')).length).toBe(1)
    await page.close()
  })
})
