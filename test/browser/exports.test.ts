import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { App } from '../../server/app'
import type { CaseView } from '../../shared/api/cases'
import { adminToken, testApp } from '../helpers/app'
import { launchChromium } from '../helpers/browser'
import { reported } from '../helpers/events'
import { listen } from '../helpers/live'
import { pdfLines } from '../helpers/pdf'
import { readXlsx } from '../helpers/xlsx'
import { ingest } from './wall'

let app: App
let base: string
let token: string
let browser: Browser
const H = 3600_000

beforeAll(async () => {
  // A limit of 40 rows, so that 全部案件 of the province is refused and the desk says why.
  ;({ app } = await testApp({ config: { exportMaxRows: 40 } }))
  base = await listen(app)
  token = await adminToken(app)
  browser = await launchChromium()
  const now = Date.now()
  const events = []
  // 30 red (overdue minor) cases in 富阳区, 15 green ones in 秀洲区.
  for (let i = 0; i < 30; i++) events.push(reported(`R${i}`, i % 2 ? '330111001001' : '330111002001', now - 30 * H - i * 60_000, { title: `积水${i}`, reporter: { name: '王五六', phone: '13700001234' } }))
  for (let i = 0; i < 15; i++) events.push(reported(`G${i}`, '330411001001', now - H - i * 60_000, { size: 'major', title: `路灯${i}` }))
  await ingest(app, events)
  await app.alarms.settled()
})
afterAll(async () => {
  await browser?.close()
  await app?.close()
})

async function desk(as = token): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 }, acceptDownloads: true })
  await page.goto(`${base}/duty?region=330111&token=${as}`)
  await page.locator('[data-link-state].live').waitFor({ timeout: 15_000 })
  return page
}

const status = (page: Page) => page.locator('[data-export-status]').textContent()

describe('exports from the duty desk', () => {
  it('downloads the red case list with its progress, the same cases as the list', async () => {
    const page = await desk()
    await page.locator('[data-export-open="cases"]').click()
    const form = page.locator('[data-export-form="cases"]')
    expect(await form.locator('h3').textContent()).toBe('案件清单（Excel） · 富阳区')
    expect(await form.locator('[data-export-cases]').inputValue()).toBe('red')
    const [download] = await Promise.all([page.waitForEvent('download'), form.locator('[data-export-run]').click()])
    expect(download.suggestedFilename()).toMatch(/^案件清单-富阳区-\d{8}-\d{4}\.xlsx$/)
    const sheet = await readXlsx(fs.readFileSync((await download.path())!))
    const list = (await app.inject({ url: '/api/v1/cases?region=330111&color=red&sort=urgent&limit=100', headers: { authorization: `Bearer ${token}` } })).json() as { items: CaseView[] }
    expect(list.items).toHaveLength(30)
    expect(sheet.rows.slice(3, -2).map((r) => r[0])).toEqual(list.items.map((c) => c.id))
    expect(JSON.stringify(sheet.rows)).not.toContain('13700001234')
    await expect.poll(() => status(page)).toContain('（30 行）')
    expect(await page.locator('[data-export-progress] i').evaluate((el) => (el as HTMLElement).style.width)).toBe('100%')
    await page.close()
  })

  it('downloads the 研判简报 of the region and period', async () => {
    const page = await desk()
    await page.locator('[data-export-open="briefing"]').click()
    const form = page.locator('[data-export-form="briefing"]')
    await form.locator('[data-export-period]').selectOption('year')
    const [download] = await Promise.all([page.waitForEvent('download'), form.locator('[data-export-run]').click()])
    expect(download.suggestedFilename()).toMatch(/^研判简报-富阳区-\d{8}-\d{8}\.pdf$/)
    const lines = (await pdfLines(fs.readFileSync((await download.path())!))).flat()
    expect(lines[1]).toMatch(/^富阳区 \d{4}年1月1日至.*（本年）$/)
    await expect.poll(() => status(page)).toMatch(/^已下载 研判简报-富阳区-/)
    await page.close()
  })

  it('says plainly when an export is refused, and offers nothing on a display screen', async () => {
    const page = await desk()
    await page.goto(`${base}/duty?region=330000`)
    await page.locator('[data-link-state].live').waitFor({ timeout: 15_000 })
    await page.locator('[data-export-open="cases"]').click()
    const form = page.locator('[data-export-form="cases"]')
    await form.locator('[data-export-cases]').selectOption('all')
    await form.locator('[data-export-run]').click()
    await expect.poll(() => status(page)).toBe('匹配的案件有 45 件，超过单次导出上限 40 行，请缩小区域、统计期或筛选条件')
    expect(await page.locator('[data-export-status]').getAttribute('data-export-phase')).toBe('failed')
    await page.close()

    const kiosk = (await app.inject({ method: 'POST', url: '/api/v1/kiosk-tokens', headers: { authorization: `Bearer ${token}` }, payload: { region: '330111' } })).json() as { token: string }
    const screen = await desk(kiosk.token)
    await screen.locator('[data-desk-kind="kiosk"]').waitFor()
    expect(await screen.locator('[data-export-open]').count()).toBe(0)
    await screen.close()
  })
})
