import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { App } from '../../server/app'
import type { Summary } from '../../shared/summary/schema'
import { adminToken, testApp } from '../helpers/app'
import { launchChromium } from '../helpers/browser'
import { listen } from '../helpers/live'
import { ingest, restSummary, scenario, valueAt } from './wall'

/**
 * The comparison page: regions side by side over one period, each figure what REST answers for
 * that region and period; regions added and removed on the page and in the address; reached from
 * the wall with the wall's period.
 */
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

/** Figures of the column of `code` that differ from `summary` (counts exactly, rates to one decimal). */
async function columnMismatches(page: Page, code: string, summary: Summary): Promise<string[]> {
  const shown = await page.$$eval(`[data-compare-table] .cell[data-region-code="${code}"] [data-metric]`, (els) =>
    els.map((e) => [e.getAttribute('data-metric') ?? '', e.textContent ?? '']),
  )
  if (shown.length === 0) return ['no figures shown']
  return shown.flatMap(([path, text]) => {
    const v = valueAt(summary, path!)
    const ok = v === null ? text === '—' : typeof v === 'number' && (/Rate$/.test(path!) ? Math.abs(Number(text) - v * 100) <= 0.05 + 1e-9 : Number(text!.replace(/,/g, '')) === v)
    return ok ? [] : [`${code} ${path}: shows "${text}", REST has ${JSON.stringify(v)}`]
  })
}

describe('/compare', () => {
  it('puts two regions side by side over the period in the address, as REST answers for each', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    await page.goto(`${base}/compare?regions=330111,330411&period=month&token=${token}`)
    for (const code of ['330111', '330411']) {
      const rest = await restSummary(app, token, code, 'period=month')
      await expect.poll(() => columnMismatches(page, code, rest), { timeout: 15_000 }).toEqual([])
    }
    expect(await page.locator('[data-compare-table] .region').allTextContents()).toEqual(['富阳区', '秀洲区'])

    // Another period: every column follows.
    await page.locator('[data-period-option="today"]').click()
    for (const code of ['330111', '330411']) {
      const rest = await restSummary(app, token, code, 'period=today')
      await expect.poll(() => columnMismatches(page, code, rest), { timeout: 10_000 }).toEqual([])
    }
    expect(new URL(page.url()).searchParams.get('period')).toBe('today')

    // A third region added on the page (beside the first), then one taken out.
    await page.locator('[data-compare-add]').selectOption('330100')
    await expect.poll(() => new URL(page.url()).searchParams.get('regions')).toBe('330111,330411,330100')
    await expect.poll(() => page.locator('[data-compare-table] .region').count()).toBe(3)
    await page.locator('[data-compare-regions] [data-region-code="330411"] button').click()
    await expect.poll(() => new URL(page.url()).searchParams.get('regions')).toBe('330111,330100')
    const hz = await restSummary(app, token, '330100', 'period=today')
    await expect.poll(() => columnMismatches(page, '330100', hz), { timeout: 10_000 }).toEqual([])
    // Two is the least: no way to take one more out.
    expect(await page.locator('[data-compare-regions] button').count()).toBe(0)
    await page.close()
  })

  it('asks for a second region rather than showing one column', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    await page.goto(`${base}/compare?regions=330111&token=${token}`)
    await expect.poll(() => page.locator('[role="alert"]').textContent(), { timeout: 10_000 }).toContain('至少')
    expect(await page.locator('[data-compare-table]').count()).toBe(0)
    await page.close()
  })

  it("is reached from the wall with its ranking's regions and its period", async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    await page.goto(`${base}/?region=330000&period=quarter&token=${token}`)
    await page.locator('[data-rank-code]').first().waitFor({ timeout: 15_000 })
    await page.locator('[data-compare-link]').click()
    await page.waitForURL(/\/compare\?/)
    const params = new URL(page.url()).searchParams
    expect(params.get('period')).toBe('quarter')
    expect(params.get('regions')!.split(',').sort()).toEqual(['330100', '330400'])
    await page.locator('[data-compare-table] [data-metric]').first().waitFor({ timeout: 15_000 })
    await page.close()
  })
})
