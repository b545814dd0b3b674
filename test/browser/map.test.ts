import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { App } from '../../server/app'
import { demoRegions } from '../../server/demo/regions'
import type { YipingEvent } from '../../shared/events/schema'
import { LIVE_NAMESPACE, regionRoom } from '../../shared/live/protocol'
import { RegionTree } from '../../shared/regions/tree'
import { toShanghaiIso } from '../../shared/time/shanghai'
import { adminToken, seedRegions, tempDataDir, testApp } from '../helpers/app'
import { launchChromium } from '../helpers/browser'
import { reported, urged } from '../helpers/events'
import { listen } from '../helpers/live'
import { ingest, metricMismatches, restSummary } from './wall'

/**
 * The map in the wall's centre, on the demo region tree (real district codes, so the offline map
 * files in public/geo cover it): deep links, drill-down by a click on the map, the breadcrumb,
 * browser back, risk points following pushes, and nothing fetched from anywhere but the server.
 */
let app: App
let base: string
let token: string
let browser: Browser
const foreign: string[] = []
const errors: string[] = []
const tree = new RegionTree(demoRegions())

const XIUZHOU = '330411'
const WANGDIAN = '330411005' // 王店镇, a town of 秀洲区
const XINCHENG = '330411001' // 新城街道
const JIAXING = '330400'

const seedDemoTree = (dataDir: string) => seedRegions(dataDir, tree.list())

const villagesOf = (town: string) => tree.list().filter((r) => r.parent === town)

/** Cases spread over 秀洲's towns and one 富阳 village; risk points beside 新城街道's villages. */
function events(now: number): YipingEvent[] {
  const out: YipingEvent[] = []
  const towns = tree.list().filter((r) => r.parent === XIUZHOU)
  towns.forEach((t, i) => {
    villagesOf(t.code)
      .slice(0, 1 + (i % 3))
      .forEach((v, j) => {
        const id = `M-${v.code}-${j}`
        out.push(reported(id, v.code, now - (60 + i * 3 + j) * 60_000))
        if ((i + j) % 2 === 0) out.push(urged(id, now - 30 * 60_000))
      })
  })
  out.push(reported('M-fuyang', '330111001001', now - 90 * 60_000))
  const at = toShanghaiIso(now - 20 * 60_000)
  villagesOf(XINCHENG)
    .slice(0, 4)
    .forEach((v, i) => {
      const riskId = `MR-${i}`
      out.push({ id: `mr-reg-${i}`, type: 'risk.registered', at, riskId, regionCode: v.code, kind: i % 2 ? 'fire' : 'water', name: `${v.name}风险点`, lng: v.lng! + 0.002, lat: v.lat! + 0.001 })
      out.push({ id: `mr-st-${i}`, type: 'risk.status', at, riskId, status: (['warning', 'rectifying', 'normal', 'rectified'] as const)[i]! })
    })
  return out
}

beforeAll(async () => {
  const dataDir = tempDataDir()
  await seedDemoTree(dataDir)
  ;({ app } = await testApp({ dataDir }))
  base = await listen(app)
  token = await adminToken(app)
  await ingest(app, events(Date.now()))
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await app?.close()
})

async function openWall(region: string, size = { width: 1920, height: 1080 }): Promise<Page> {
  const page = await browser.newPage({ viewport: size })
  const origin = new URL(base).origin
  page.on('request', (r) => {
    const url = new URL(r.url())
    if (url.protocol !== 'data:' && url.protocol !== 'blob:' && url.origin !== origin) foreign.push(r.url())
  })
  page.on('websocket', (ws) => new URL(ws.url()).host !== new URL(base).host && foreign.push(ws.url()))
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(`${base}/?region=${region}&token=${token}`)
  await page.locator('[data-link-state].live').waitFor({ timeout: 15_000 })
  return page
}

const map = (page: Page) => page.locator('[data-panel="map"]')
const breadcrumb = (page: Page) => page.$$eval('[data-breadcrumb] [data-region-code]', (els) => els.map((e) => e.getAttribute('data-region-code')))
const lineage = (code: string) => [...tree.path(code)]
const regionInUrl = (page: Page) => new URL(page.url()).searchParams.get('region')

/** Figures, breadcrumb and map all show `code`. */
async function shows(page: Page, code: string) {
  await expect.poll(() => map(page).getAttribute('data-map-region'), { timeout: 5000 }).toBe(code)
  const rest = await restSummary(app, token, code)
  await expect.poll(() => metricMismatches(page, rest), { timeout: 5000 }).toEqual([])
  expect(await page.locator('[data-region-name]').textContent()).toBe(tree.get(code)!.name)
  expect(await breadcrumb(page)).toEqual(lineage(code))
  expect(regionInUrl(page)).toBe(code)
}

/**
 * Clicks the map where a child's name is drawn (a real click on the canvas, not a DOM shortcut),
 * once the chart there answers the pointer with that child (its tooltip names it): the anchor is
 * placed from the layout at once, while the points may still be growing in, or drawn again from
 * scratch as a layer (stations, risk points) arrives. Waited for, never slept on.
 */
async function clickChild(page: Page, code: string) {
  const anchor = page.locator(`[data-map-child="${code}"]`)
  await anchor.waitFor({ state: 'attached', timeout: 5000 })
  const name = tree.get(code)!.name
  let at = { x: 0, y: 0 }
  await expect
    .poll(async () => {
      const box = (await anchor.boundingBox())!
      at = { x: box.x + box.width / 2, y: box.y + box.height / 2 }
      await page.mouse.move(1, 1)
      await page.mouse.move(at.x, at.y)
      return ((await map(page).locator('[data-chart]').textContent()) ?? '').includes(name)
    }, { interval: 100 })
    .toBe(true)
  await page.mouse.click(at.x, at.y)
}

describe('the map in the centre of the wall', () => {
  it.each([
    [JIAXING, 'regions', 'false'],
    [XIUZHOU, 'regions', 'true'],
    [XINCHENG, 'town', 'true'],
  ])('a deep link to %s shows its figures, its breadcrumb and its map (%s, schematic %s)', async (code, kind, schematic) => {
    const page = await openWall(code)
    await shows(page, code)
    expect(await map(page).getAttribute('data-map-kind')).toBe(kind)
    expect(await map(page).getAttribute('data-map-schematic')).toBe(schematic)
    // Every child of the region with a place on the map can be found (and clicked).
    const children = tree.get(code)!.children
    await expect.poll(() => page.locator('[data-map-child]').count(), { timeout: 5000 }).toBe(children.length)
    // The canvas is drawn.
    await expect.poll(() => map(page).locator('canvas').evaluate((c: HTMLCanvasElement) => c.width > 0 && c.height > 0)).toBe(true)
    if (schematic === 'true') {
      // The wording an official expects under drawn boundaries, on one line.
      const note = page.locator('[data-map-schematic-note]')
      expect(await note.textContent()).toBe('示意图：镇街边界仅为示意，不作为行政区域界线依据')
      const lines = await note.evaluate((e) => e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight))
      expect(lines).toBeLessThan(1.5)
      expect(await note.evaluate((e) => e.scrollWidth <= e.clientWidth + 1)).toBe(true)
    }
    await page.close()
  })

  it('draws 秀洲区 with its 23 fire stations and five-minute rescue circles', async () => {
    const page = await openWall(XIUZHOU)
    await expect.poll(() => map(page).getAttribute('data-fire-stations'), { timeout: 5000 }).toBe('23')
    await page.close()
  })

  it('drills into a child by a click on the map, climbs back by the breadcrumb, and follows browser back', async () => {
    const page = await openWall(XIUZHOU)
    await shows(page, XIUZHOU)
    await clickChild(page, WANGDIAN)
    await shows(page, WANGDIAN)
    // The old region's subscription was released: no socket is left in its room.
    await expect.poll(() => app.io.of(LIVE_NAMESPACE).adapter.rooms.get(regionRoom(XIUZHOU))?.size ?? 0).toBe(0)
    expect(app.io.of(LIVE_NAMESPACE).adapter.rooms.get(regionRoom(WANGDIAN))?.size).toBe(1)

    // A village of the town: a point on the town's map.
    const village = villagesOf(WANGDIAN)[0]!.code
    await clickChild(page, village)
    await shows(page, village)
    expect(await map(page).getAttribute('data-map-kind')).toBe('village')

    // The breadcrumb climbs straight back to the city.
    await page.locator(`[data-breadcrumb] [data-region-code="${JIAXING}"]`).click()
    await shows(page, JIAXING)

    await page.goBack()
    await shows(page, village)
    await page.goBack()
    await shows(page, WANGDIAN)
    await page.goBack()
    await shows(page, XIUZHOU)
    await page.close()
  })

  it('shows a risk point going to alarm by push after the ingest', async () => {
    const page = await openWall(XINCHENG)
    await expect.poll(() => map(page).getAttribute('data-risk-points'), { timeout: 5000 }).toBe('4')
    expect(await map(page).getAttribute('data-risk-alarms')).toBe('0')
    expect(await map(page).getAttribute('data-risk-warnings')).toBe('1')
    await ingest(app, [{ id: 'mr-alarm-1', type: 'risk.status', at: toShanghaiIso(Date.now() - 1000), riskId: 'MR-0', status: 'alarm', note: '水位超警戒' }])
    await expect.poll(() => map(page).getAttribute('data-risk-alarms'), { timeout: 10_000, interval: 25 }).toBe('1')
    expect(await map(page).getAttribute('data-risk-warnings')).toBe('0')
    expect(await map(page).getAttribute('data-risk-points')).toBe('4')
    await page.close()
  })

  it('takes a push’s figures into the map it already draws (a merge of the new option): the hovered area tells the new total', async () => {
    const page = await openWall(XIUZHOU)
    await expect.poll(() => map(page).getAttribute('data-map-region'), { timeout: 5000 }).toBe(XIUZHOU)
    const anchor = page.locator(`[data-map-child="${WANGDIAN}"]`)
    await anchor.waitFor({ state: 'attached', timeout: 5000 })
    /** Hovers 王店镇 afresh (off the map, then on its name) and reads its 受理量 from the tooltip. */
    const hoveredTotal = async () => {
      const box = (await anchor.boundingBox())!
      await page.mouse.move(1, 1)
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
      const text = (await map(page).locator('[data-chart]').textContent()) ?? ''
      const m = /王店镇[\s\S]*?受理量\s*(\d+)/.exec(text)
      return m ? Number(m[1]) : null
    }
    await expect.poll(hoveredTotal, { timeout: 5000 }).not.toBeNull()
    const before = (await hoveredTotal())!
    await ingest(app, [reported('M-map-push', villagesOf(WANGDIAN)[0]!.code, Date.now() - 1000)])
    await expect.poll(hoveredTotal, { timeout: 10_000, interval: 200 }).toBe(before + 1)
    await page.close()
  })

  it('fetched nothing from outside the server and logged no errors', () => {
    expect(foreign).toEqual([])
    expect(errors, errors.join('\n')).toEqual([])
  })
})
