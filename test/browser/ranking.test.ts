import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { App } from '../../server/app'
import type { Region } from '../../shared/regions/tree'
import type { RegionDetail } from '../../shared/summary/detail'
import { adminToken, testApp } from '../helpers/app'
import { launchChromium } from '../helpers/browser'
import { reported } from '../helpers/events'
import { listen } from '../helpers/live'
import { ingest } from './wall'

/**
 * The ranking of a region of few children: a province of four districts lists them from the top in
 * big rows; a city of three districts with thirty towns shows their best and worst with a line
 * between, not pages.
 */
const HZ_DISTRICTS = ['330111', '330112', '330127']
const towns = HZ_DISTRICTS.flatMap((d) => Array.from({ length: 10 }, (_, i) => `${d}${String(i + 1).padStart(3, '0')}`))
const REGIONS: Region[] = [
  { code: '330000', name: '浙江省', level: 'province', parent: null },
  { code: '330100', name: '杭州市', level: 'city', parent: '330000' },
  { code: '330400', name: '嘉兴市', level: 'city', parent: '330000' },
  ...['富阳区', '临安区', '淳安县'].map((name, i) => ({ code: HZ_DISTRICTS[i]!, name, level: 'district' as const, parent: '330100' })),
  { code: '330411', name: '秀洲区', level: 'district', parent: '330400' },
  ...towns.map((code, i) => ({ code, name: `第${i + 1}镇`, level: 'town' as const, parent: code.slice(0, 6) })),
  { code: '330411001', name: '王店镇', level: 'town', parent: '330411' },
  ...[...towns, '330411001'].map((town) => ({ code: `${town}001`, name: `${town}村`, level: 'village' as const, parent: town })),
]

let app: App
let base: string
let token: string
let browser: Browser

beforeAll(async () => {
  ;({ app } = await testApp({ regions: REGIONS }))
  base = await listen(app)
  token = await adminToken(app)
  // Town i gets i + 1 cases: thirty different totals, so every rank is its own.
  const now = Date.now()
  await ingest(app, [...towns, '330411001'].flatMap((town, i) => Array.from({ length: i + 1 }, (_, k) => reported(`R${i}-${k}`, `${town}001`, now - 60_000 - k * 1000))))
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await app?.close()
})

const detail = async (region: string) =>
  (await app.inject({ url: `/api/v1/summary/detail?region=${region}&rankBy=cases.total&order=desc&grandchildrenBelow=4`, headers: { authorization: `Bearer ${token}` } })).json() as RegionDetail

async function open(width: number, height: number, region: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height }, locale: 'zh-CN' })
  await page.goto(`${base}/?region=${region}&rankBy=cases.total&token=${token}`)
  await page.locator('[data-panel="ranking"] [data-rank-code]').first().waitFor({ timeout: 15_000 })
  return page
}

/** The ranking's rows (and the line between, as `gap`) with their boxes, and the boxes around them. */
const layout = (page: Page) =>
  page.locator('[data-panel="ranking"]').evaluate((panel) => {
    const box = (e: Element) => e.getBoundingClientRect()
    const list = panel.querySelector('[data-rank-rows]')!
    return {
      panel: { top: box(panel).top, bottom: box(panel).bottom },
      head: box(panel.querySelector('.head')!).bottom,
      lines: [...list.children].map((li) => ({ code: li.getAttribute('data-rank-code') ?? 'gap', text: li.textContent!.trim(), top: box(li).top, bottom: box(li).bottom, font: parseFloat(getComputedStyle(li.querySelector('.name') ?? li).fontSize), rowFont: parseFloat(getComputedStyle(li).fontSize) })),
      pager: panel.querySelector('[data-rank-page]') !== null,
      unit: parseFloat(getComputedStyle(document.body).fontSize),
    }
  })

describe('the ranking of a region of few children', () => {
  it.each([
    [1920, 1080],
    [3840, 2160],
  ])('shows a city of three districts its thirty towns as their best and worst, with what lies between, at %ix%i', async (width, height) => {
    const page = await open(width, height, '330100')
    try {
      const ranked = (await detail('330100')).grandchildren!
      expect(ranked).toHaveLength(30)
      const ranking = page.locator('[data-panel="ranking"]')
      expect(await ranking.getAttribute('data-rank-scope')).toBe('grandchildren')
      expect(await ranking.locator('h2').textContent()).toBe('全市乡镇街道排名')
      await expect.poll(async () => (await layout(page)).lines.some((l) => l.code === 'gap'), { timeout: 10_000 }).toBe(true)
      const { lines, panel, pager } = await layout(page)
      const gapAt = lines.findIndex((l) => l.code === 'gap')
      const each = gapAt
      expect(each).toBeGreaterThanOrEqual(3)
      expect(each).toBeLessThanOrEqual(5)
      expect(lines.map((l) => l.code)).toEqual([...ranked.slice(0, each).map((g) => g.code), 'gap', ...ranked.slice(-each).map((g) => g.code)])
      expect(lines[gapAt]!.text).toBe(`中间 ${30 - 2 * each} 个从略`)
      // The last rank is the thirtieth; no pages to turn.
      expect(await ranking.locator(`[data-rank-code="${ranked.at(-1)!.code}"]`).getAttribute('data-rank')).toBe('30')
      expect(pager).toBe(false)
      for (const l of lines) expect(l.bottom, l.code).toBeLessThanOrEqual(panel.bottom + 0.5)
    } finally {
      await page.close()
    }
  })

  it.each([
    [1920, 1080],
    [3840, 2160],
  ])("lists a province's four districts from the top under the header, in bigger type, at %ix%i", async (width, height) => {
    const page = await open(width, height, '330000')
    try {
      const ranked = (await detail('330000')).grandchildren!
      expect(ranked.map((g) => g.code)).toEqual(['330127', '330112', '330111', '330411'])
      await expect.poll(async () => (await layout(page)).lines.map((l) => l.code), { timeout: 10_000 }).toEqual(ranked.map((g) => g.code))
      const { lines, head, panel, unit } = await layout(page)
      expect(unit).toBeCloseTo(height / 67.5, 0) // the wall's type unit: 16 px on 1080 lines
      // From the top: the first row right under the header, each under the one before, none overlapping.
      expect(lines[0]!.top - head).toBeLessThan(unit)
      for (let i = 1; i < lines.length; i++) expect(lines[i]!.top).toBeGreaterThanOrEqual(lines[i - 1]!.bottom - 0.5)
      expect(lines.at(-1)!.bottom).toBeLessThan(panel.bottom)
      // Names bigger than a full panel's rows, rows taller than a full panel's two units.
      expect(lines[0]!.font).toBeGreaterThanOrEqual(1.2 * lines[0]!.rowFont)
      expect(lines[0]!.bottom - lines[0]!.top).toBeGreaterThan(2 * unit)
    } finally {
      await page.close()
    }
  })
})
