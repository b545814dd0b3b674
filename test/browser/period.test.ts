import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { App } from '../../server/app'
import { changeText, figureChange } from '../../shared/figures/change'
import type { YipingEvent } from '../../shared/events/schema'
import type { RegionDetail } from '../../shared/summary/detail'
import { DAY_MS, SHANGHAI_OFFSET_MS } from '../../shared/time/shanghai'
import { adminToken, ingestHeaders, testApp } from '../helpers/app'
import { holdRequests, launchChromium } from '../helpers/browser'
import { followedUp, reported, resolved, urged } from '../helpers/events'
import { listen } from '../helpers/live'
import { ingest, metricMismatches, restSummary, scenario } from './wall'

/**
 * The period on the wall: switching it (今日, 本月, a custom range) makes every headline figure equal
 * the REST summary of that period, the address keeps it, the live subscription follows it, and the
 * 同比/环比 beside a figure are the ones the REST comparison gives.
 */
let app: App
let base: string
let token: string
let browser: Browser
const now = Date.now()
const VILLAGES = ['330111001001', '330111002001', '330411001001']

/** Cases spread over the past 400 days, so today, this month, a custom range and a year ago all differ. */
function history(): YipingEvent[] {
  const out: YipingEvent[] = []
  const daysAgo = [0, 1, 2, 5, 9, 14, 20, 33, 47, 61, 90, 130, 200, 300, 366, 370, 380, 395]
  daysAgo.forEach((d, i) => {
    for (let k = 0; k < 1 + (i % 3); k++) {
      const id = `P${i}-${k}`
      const at = now - d * DAY_MS - (k + 1) * 3600_000
      out.push(reported(id, VILLAGES[(i + k) % VILLAGES.length]!, at, { category: k % 2 ? '环境卫生' : '邻里纠纷' }))
      if ((i + k) % 3 === 0) out.push(urged(id, at + 600_000))
      if ((i + k) % 2 === 0 && d > 0) out.push(resolved(id, (i + k) % 4 === 0 ? 'grid' : 'town', at + 1800_000))
      if ((i + k) % 4 === 0 && d > 0) out.push(followedUp(id, (i + k) % 8 === 0 ? 'satisfied' : 'unsatisfied', at + 3600_000))
    }
  })
  return out
}

/** YYYY-MM-DD of the Shanghai day `days` before today. */
const dayAgo = (days: number) => new Date(now + SHANGHAI_OFFSET_MS - days * DAY_MS).toISOString().slice(0, 10)

beforeAll(async () => {
  ;({ app } = await testApp())
  base = await listen(app)
  token = await adminToken(app)
  await ingest(app, history())
  await ingest(app, scenario(now))
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await app?.close()
})

const metric = (page: Page, path: string) => page.locator(`[data-metric="${path}"]`).first()

/** Every `data-metric` on the page equals REST for `query` (waited for, never slept on). */
async function showsPeriod(page: Page, query: string) {
  const rest = await restSummary(app, token, '330000', query)
  await expect.poll(() => metricMismatches(page, rest), { timeout: 10_000 }).toEqual([])
  return rest
}

describe('the period control', () => {
  it('switches every headline figure to the chosen period, in the address and the live subscription', { timeout: 120_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(`${base}/?region=330000&token=${token}`)
    await page.locator('[data-link-state].live').waitFor({ timeout: 15_000 })
    // No period in the address: the calendar year, as before.
    const year = await showsPeriod(page, 'period=year')
    expect(await page.locator('[data-period-option="year"]').getAttribute('aria-checked')).toBe('true')

    // 今日: fewer cases than the year, every figure as REST says for today.
    await page.locator('[data-period-option="today"]').click()
    const today = await showsPeriod(page, 'period=today')
    expect(today.cases.total).toBeLessThan(year.cases.total)
    expect(new URL(page.url()).searchParams.get('period')).toBe('today')
    expect(await page.locator('.tile', { has: metric(page, 'cases.total') }).locator('[data-counts]').textContent()).toBe('今日')
    expect(await page.locator('.tile', { has: metric(page, 'cases.open') }).locator('[data-counts]').textContent()).toBe('当前')

    // The live subscription follows the period: a case reported now counts today.
    await app.inject({ method: 'POST', url: '/api/v1/events', headers: ingestHeaders, payload: { events: [reported('LIVE1', '330111001001', Date.now() - 1000)] } })
    await expect.poll(() => metric(page, 'cases.total').textContent(), { timeout: 5000 }).toBe(String(today.cases.total + 1))
    await showsPeriod(page, 'period=today')

    // 本月 with its 同比/环比: the arrows are the REST comparison's.
    await page.locator('[data-period-option="month"]').click()
    await showsPeriod(page, 'period=month')
    const month = await restSummary(app, token, '330000', 'period=month&compare=lastYear,previousToDate')
    const expected = (kind: 'lastYear' | 'previousToDate') => {
      const t = changeText(figureChange('cases.total', month.cases.total, month.compare?.[kind]?.summary.cases.total))
      return `${kind === 'lastYear' ? '同比' : '环比'}${t.arrow}${t.text}`
    }
    const totalTile = page.locator('.tile', { has: metric(page, 'cases.total') })
    await expect.poll(() => totalTile.locator('[data-compare="lastYear"]').textContent(), { timeout: 5000 }).toBe(expected('lastYear'))
    expect(await totalTile.locator('[data-compare="previousToDate"]').textContent()).toBe(expected('previousToDate'))
    // Stocks carry no comparison.
    expect(await page.locator('.tile', { has: metric(page, 'cases.open') }).locator('[data-compare]').count()).toBe(0)

    // 自定义: 40 days ago to yesterday, both included; the address carries the days.
    await page.locator('[data-period-option="custom"]').click()
    await page.locator('[data-period-from]').fill(dayAgo(40))
    await page.locator('[data-period-to]').fill(dayAgo(1))
    await page.locator('[data-period-apply]').click()
    const custom = await showsPeriod(page, `from=${dayAgo(40)}T00:00:00%2B08:00&to=${dayAgo(0)}T00:00:00%2B08:00`)
    expect(custom.cases.total).toBeGreaterThan(0)
    const params = new URL(page.url()).searchParams
    expect([params.get('from'), params.get('to'), params.get('period')]).toEqual([dayAgo(40), dayAgo(1), null])
    expect(await page.locator('[data-period-range]').textContent()).toMatch(/年.*月.*日–/)

    // Back walks to the previous period.
    await page.goBack()
    await showsPeriod(page, 'period=month')
    expect(errors, errors.join('\n')).toEqual([])
    await page.close()
  })

  it('keeps a period chosen while the region tree loads, on a wall whose address names no region', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    // Without a region in the address the wall starts on the account's top region once the tree is
    // read (held back here): a period chosen before that answer is the one it then counts.
    const tree = await holdRequests(page, '/api/v1/regions')
    await page.goto(`${base}/?token=${token}`)
    await page.locator('[data-period-option="today"]').click()
    const treeRead = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/regions')
    tree.release()
    await treeRead
    await showsPeriod(page, 'period=today')
    expect(await page.locator('[data-period-option="today"]').getAttribute('aria-checked')).toBe('true')
    expect(new URL(page.url()).searchParams.get('period')).toBe('today')
    await page.close()
  })

  it('opens on the period of a deep link, and a kiosk link keeps it', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    await page.goto(`${base}/?region=330000&period=week&token=${token}`)
    await showsPeriod(page, 'period=week')
    expect(page.url()).not.toContain('token=')
    expect(new URL(page.url()).searchParams.get('period')).toBe('week')
    await page.reload()
    await showsPeriod(page, 'period=week')
    await page.close()
  })

  it('ranks the districts of a province of two cities by the chosen figure over the period, best first, as /summary/detail does', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    await page.goto(`${base}/?region=330000&period=year&rankBy=cases.urgeRate&token=${token}`)
    const detail = (await app.inject({ url: '/api/v1/summary/detail?region=330000&period=year&rankBy=cases.urgeRate&order=asc&grandchildrenBelow=4', headers: { authorization: `Bearer ${token}` } })).json() as RegionDetail
    const codes = () => page.$$eval('[data-rank-code]', (els) => els.map((e) => e.getAttribute('data-rank-code')))
    expect(detail.grandchildren?.map((g) => g.level)).toEqual(['district', 'district'])
    await expect.poll(codes, { timeout: 10_000 }).toEqual(detail.grandchildren!.map((c) => c.code))
    // Titled so that nobody takes them for the province's children, each named with its city.
    const ranking = page.locator('[data-panel="ranking"]')
    expect(await ranking.getAttribute('data-rank-scope')).toBe('grandchildren')
    expect(await ranking.locator('h2').textContent()).toBe('全省区县排名')
    const first = detail.grandchildren![0]!
    expect(await ranking.locator(`[data-rank-code="${first.code}"] .name`).textContent()).toBe(`${first.parentName.slice(0, -1)}${first.name}`)
    expect(await page.locator('[data-panel="ranking"]').getAttribute('data-rank-by')).toBe('cases.urgeRate')
    // Another figure, chosen on the wall: the address follows.
    await page.locator('[data-panel="ranking"] [data-choice="cases.total"]').click()
    const byTotal = (await app.inject({ url: '/api/v1/summary/detail?region=330000&period=year&rankBy=cases.total&order=desc&grandchildrenBelow=4', headers: { authorization: `Bearer ${token}` } })).json() as RegionDetail
    await expect.poll(codes, { timeout: 10_000 }).toEqual(byTotal.grandchildren!.map((c) => c.code))
    expect(new URL(page.url()).searchParams.get('rankBy')).toBe('cases.total')
    await page.close()
  })
})
