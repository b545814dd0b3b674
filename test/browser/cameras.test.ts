import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { App } from '../../server/app'
import { demoRegions } from '../../server/demo/regions'
import type { Alarm } from '../../shared/api/alarms'
import type { YipingEvent } from '../../shared/events/schema'
import { RegionTree } from '../../shared/regions/tree'
import { toShanghaiIso } from '../../shared/time/shanghai'
import { adminToken, seedRegions, tempDataDir, testApp } from '../helpers/app'
import { launchChromium } from '../helpers/browser'
import { reported } from '../helpers/events'
import { listen } from '../helpers/live'
import { withGateway } from './cameraGateway'
import { ingest } from './wall'

/**
 * 视频联动 in Chromium against a real server on the demo tree (its regions have centres and map
 * files): an alarm at a risk point lists the cameras near it, an HLS one plays in the page through
 * hls.js, a platform one is a link, an alarm with no place is said calmly; the wall's map has a
 * camera layer. The video gateway is
 * `http://cameras.test`, named in YIPING_VIDEO_ORIGINS and answered by the test itself (the machine
 * is offline): a playlist of one three-second fMP4 segment of a test card (fixtures/camera, made by
 * fixtures/make-camera-clip.ts). The desk's quiet hours read 24-hour in an en-US browser.
 */
const GATEWAY = 'http://cameras.test'
const PLAYLIST = `${GATEWAY}/live/xc1/index.m3u8`
const tree = new RegionTree(demoRegions())
const TOWN = '330411001' // 新城街道, 秀洲区
const VILLAGE = tree.get('330411001001')! // 桂花社区
/** A village the tree knows without a centre (as an operator's import may leave one). */
const UNPLACED = { code: '330411001999', name: '新建社区', level: 'village' as const, parent: TOWN }
let app: App
let base: string
let token: string
let browser: Browser
let alarmId: number
let unplacedAlarmId: number

beforeAll(async () => {
  const dataDir = tempDataDir()
  await seedRegions(dataDir, [...tree.list(), UNPLACED])
  ;({ app } = await testApp({ dataDir, config: { videoOrigins: [GATEWAY] } }))
  base = await listen(app)
  token = await adminToken(app)
  const at = toShanghaiIso(Date.now() - 10 * 60_000)
  const v = { lng: VILLAGE.lng!, lat: VILLAGE.lat! }
  const events: YipingEvent[] = [
    { id: 'cr-1', type: 'risk.registered', at, riskId: 'XC-W1', regionCode: VILLAGE.code, kind: 'water', name: '桂花社区河埠头', lng: v.lng + 0.002, lat: v.lat + 0.001 },
    { id: 'cc-1', type: 'camera.registered', at, cameraId: 'XC-CAM-1', regionCode: VILLAGE.code, name: '桂花社区河埠头球机', lng: v.lng - 0.002, lat: v.lat - 0.002, streamUrl: PLAYLIST },
    { id: 'cc-3', type: 'camera.registered', at, cameraId: 'XC-CAM-3', regionCode: VILLAGE.code, name: '外单位球机', lng: v.lng + 0.01, lat: v.lat + 0.01, streamUrl: 'http://elsewhere.test/live/3.m3u8' },
    { id: 'cc-2', type: 'camera.registered', at, cameraId: 'XC-CAM-2', regionCode: VILLAGE.code, name: '桂花社区路口枪机', lng: v.lng + 0.006, lat: v.lat - 0.004, platformUrl: `${GATEWAY}/platform?cam=2` },
    { id: 'cs-1', type: 'risk.status', at: toShanghaiIso(Date.now() - 60_000), riskId: 'XC-W1', status: 'alarm' },
    reported('XC-C1', UNPLACED.code, Date.now() - 3600_000, { title: '新建小区电梯困人' }),
    { id: 'cs-2', type: 'case.supervised', at: toShanghaiIso(Date.now() - 60_000), caseId: 'XC-C1', color: 'red' },
  ]
  await ingest(app, events)
  await app.alarms.settled()
  const alarms = (await app.inject({ url: `/api/v1/alarms?region=${TOWN}`, headers: { authorization: `Bearer ${token}` } })).json() as { items: Alarm[] }
  alarmId = alarms.items.find((a) => a.subjectId === 'XC-W1')!.id
  unplacedAlarmId = alarms.items.find((a) => a.subjectId === 'XC-C1')!.id
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await app?.close()
})

async function open(path: string, locale = 'zh-CN'): Promise<{ page: Page; asked: string[]; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale })
  const asked = await withGateway(context, GATEWAY)
  const page = await context.newPage()
  const errors: string[] = []
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(`${base}${path}${path.includes('?') ? '&' : '?'}token=${token}`)
  await page.locator('[data-link-state].live').waitFor({ timeout: 15_000 })
  return { page, asked, errors }
}

/** The player's video as the page has it. */
const videoState = (page: Page) =>
  page.locator('[data-camera-video]').evaluate((v: HTMLVideoElement) => ({ muted: v.muted, src: v.currentSrc || v.src }))

describe('视频联动', () => {
  it('lists the cameras near a risk point’s alarm, plays the HLS one muted through hls.js, links the platform one, and closes clean', async () => {
    const { page, asked, errors } = await open(`/duty?region=${TOWN}&alarm=${alarmId}`)
    await page.locator(`[data-alarm-id="${alarmId}"]`).click()
    const hls = page.locator('[data-alarm-cameras] [data-camera-id="XC-CAM-1"]')
    await hls.waitFor({ timeout: 5000 })
    expect(await page.locator('[data-alarm-cameras] [data-camera-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-camera-id')))).toEqual(['XC-CAM-1', 'XC-CAM-2', 'XC-CAM-3'])
    expect(await hls.locator('[data-camera-distance]').textContent()).toMatch(/^\d+ 米$/)
    expect(await hls.getAttribute('data-camera-source')).toBe('hls')
    const platform = page.locator('[data-alarm-cameras] [data-camera-id="XC-CAM-2"] [data-camera-open]')
    expect(await platform.textContent()).toBe('打开视频平台')
    expect(await platform.getAttribute('href')).toBe(`${GATEWAY}/platform?cam=2`)
    expect(await platform.getAttribute('target')).toBe('_blank')

    await hls.locator('[data-camera-play]').click()
    const player = page.locator('[data-camera-player="XC-CAM-1"]')
    await player.waitFor({ timeout: 5000 })
    expect(await player.locator('[data-camera-player-name]').textContent()).toBe('桂花社区河埠头球机')
    expect(await player.locator('[data-camera-player-where]').textContent()).toMatch(/^桂花社区 · 距告警点 \d+ 米$/)
    // hls.js (its own chunk) asked the gateway for the playlist and gave the element a MediaSource.
    await expect.poll(() => asked.includes(PLAYLIST), { timeout: 10_000 }).toBe(true)
    await expect.poll(async () => (await videoState(page)).src, { timeout: 10_000 }).toMatch(/^blob:/)
    expect((await videoState(page)).muted).toBe(true)
    expect(await player.getAttribute('data-camera-player-source')).toBe('hls')
    // …and the picture plays.
    await expect.poll(() => player.getAttribute('data-camera-player-state'), { timeout: 10_000 }).toBe('playing')
    expect(asked.some((u) => u.endsWith('/seg0.m4s'))).toBe(true)

    // Esc closes it, and the element goes with it.
    await page.keyboard.press('Escape')
    await expect.poll(() => page.locator('[data-camera-player], [data-camera-video]').count(), { timeout: 5000 }).toBe(0)
    // Opened again and closed with 关闭: a fresh player each time.
    await hls.locator('[data-camera-play]').click()
    await player.locator('[data-camera-player-close]').click()
    await expect.poll(() => page.locator('[data-camera-player]').count(), { timeout: 5000 }).toBe(0)
    expect(errors, errors.join('\n')).toEqual([])

    // A stream from a gateway nobody named: the browser refuses it, and the player says so.
    await page.locator('[data-alarm-cameras] [data-camera-id="XC-CAM-3"] [data-camera-play]').click()
    const refused = page.locator('[data-camera-player="XC-CAM-3"] [data-camera-player-blocked]')
    await refused.waitFor({ timeout: 10_000 })
    expect(await refused.textContent()).toContain('未获准在本页播放')
    expect(asked.some((u) => u.includes('elsewhere.test'))).toBe(false)
    expect(errors.every((e) => e.includes('Content Security Policy') && e.includes('elsewhere.test')), errors.join('\n')).toBe(true)
    await page.context().close()
  }, 60_000)

  it('says calmly that an alarm of a region without a centre has nowhere to look from', async () => {
    const { page, errors } = await open(`/duty?region=${TOWN}&alarm=${unplacedAlarmId}`)
    await page.locator(`[data-alarm-id="${unplacedAlarmId}"]`).click()
    await page.locator(`[data-alarm-detail="${unplacedAlarmId}"] [data-cameras-find]`).click()
    const said = page.locator('[data-alarm-cameras] [data-cameras-unplaced]')
    await said.waitFor({ timeout: 5000 })
    expect(await said.textContent()).toBe('该区域无定位，无法查找附近摄像头')
    expect(await said.getAttribute('role')).toBeNull()
    expect(errors, errors.join('\n')).toEqual([])
    await page.context().close()
  })

  it('shows the quiet hours as 24-hour times in an en-US browser, and reads what is typed as 24-hour', async () => {
    const { page, errors } = await open(`/duty?region=${TOWN}`, 'en-US')
    expect(await page.evaluate(() => navigator.language)).toBe('en-US')
    await page.locator('[data-quiet-on]').check()
    const from = page.locator('[data-quiet-from]')
    const to = page.locator('[data-quiet-to]')
    expect(await from.getAttribute('type')).toBe('text')
    expect([await from.inputValue(), await to.inputValue()]).toEqual(['22:00', '07:00'])
    await from.fill('23:30')
    await from.press('Enter')
    await to.fill('6')
    await to.blur()
    await expect.poll(() => to.inputValue(), { timeout: 2000 }).toBe('06:00')
    // What is not a 24-hour time is marked and not kept.
    await from.fill('25:00')
    await from.press('Enter')
    expect(await from.getAttribute('aria-invalid')).toBe('true')
    await page.reload()
    await page.locator('[data-link-state].live').waitFor({ timeout: 15_000 })
    expect([await from.inputValue(), await to.inputValue()]).toEqual(['23:30', '06:00'])
    expect(errors, errors.join('\n')).toEqual([])
    await page.context().close()
  }, 60_000)

  it('draws the cameras on the water page’s map, not on the overview’s until asked, and a click on one opens its player', async () => {
    const overview = await open(`/?region=${TOWN}`)
    const map = overview.page.locator('[data-panel="map"]')
    await expect.poll(() => map.getAttribute('data-map-region'), { timeout: 10_000 }).toBe(TOWN)
    expect(await map.getAttribute('data-map-cameras')).toBe('0')
    await overview.page.locator('[data-map-cameras-toggle]').click()
    await expect.poll(() => map.getAttribute('data-map-cameras'), { timeout: 5000 }).toBe('2')
    await overview.page.context().close()

    const { page, asked, errors } = await open(`/?region=${TOWN}&page=water`)
    const water = page.locator('[data-panel="map"]')
    await expect.poll(() => water.getAttribute('data-map-cameras'), { timeout: 10_000 }).toBe('2')
    expect(await page.locator('[data-map-cameras-toggle]').getAttribute('aria-pressed')).toBe('true')
    // A real click on the canvas where the camera is drawn.
    const spot = page.locator('[data-map-camera="XC-CAM-1"]')
    await spot.waitFor({ state: 'attached', timeout: 5000 })
    const box = (await spot.boundingBox())!
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
    const player = page.locator('[data-camera-player="XC-CAM-1"]')
    await player.waitFor({ timeout: 5000 })
    expect(await player.locator('[data-camera-player-name]').textContent()).toBe('桂花社区河埠头球机')
    await expect.poll(() => asked.includes(PLAYLIST), { timeout: 10_000 }).toBe(true)
    await player.locator('[data-camera-player-close]').click()
    await expect.poll(() => page.locator('[data-camera-player]').count(), { timeout: 5000 }).toBe(0)
    expect(errors, errors.join('\n')).toEqual([])
    await page.context().close()
  }, 60_000)
})
