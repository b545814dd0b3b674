/**
 * Screenshots of 视频联动 against a real demo server, for looking at (not a test: vitest runs
 * *.test.ts only). `npm run build && npx tsx test/browser/camera-screenshots.ts [outDir]` starts a
 * demo server in-process (fresh temp data dir, demo data), names the demo's placeholder video
 * gateway in YIPING_VIDEO_ORIGINS and answers it inside the browser with the test card of
 * fixtures/camera; imports a few contacts, raises an alarm at the 富阳 risk point nearest to an HLS
 * camera, and takes: the desk's alarm panel (contacts, nearby cameras), the player open on it, the
 * water page's map with its camera layer (the district at 1920×1080 and 3840×2160, the alarm's
 * town) and a camera opened from it.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { buildApp } from '../../server/app'
import { configFromEnv } from '../../server/config'
import type { Alarm } from '../../shared/api/alarms'
import type { RiskView } from '../../shared/api/cases'
import type { CamerasNear } from '../../shared/api/cameras'
import { toShanghaiIso } from '../../shared/time/shanghai'
import { accountSession, bearer } from '../helpers/app'
import { launchChromium } from '../helpers/browser'
import { listen } from '../helpers/live'
import { withGateway } from './cameraGateway'

const REGION = '330111'
const GATEWAY = 'https://video.demo.invalid'

async function main() {
  const [outDir = 'docs/screenshots'] = process.argv.slice(2)
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiping-camera-shots-'))
  const password = 'screenshot-password'
  const ingestKey = 'screenshot-ingest-key-0123456789'
  const config = { ...configFromEnv({}), dataDir, demo: true, demoScale: Number(process.env.SCALE ?? 0.5), simRate: 0, adminPassword: password, ingestKey, logLevel: 'warn', videoOrigins: [GATEWAY] }
  const app = await buildApp({ config, logger: false })
  await app.ready()
  const base = await listen(app)
  const admin = bearer((await app.inject({ method: 'POST', url: '/api/v1/login', payload: { username: 'admin', password } })).json<{ token: string }>().token)
  await app.demo.ready()
  const seat = await accountSession(app, admin, { username: 'fy-seat-1', role: 'dispatcher', scope: REGION, personalData: true })
  const tokenOf = (h: { authorization: string }) => h.authorization.slice('Bearer '.length)

  // The risk point with an HLS camera nearest to it: its alarm is the story.
  const risks = (await app.inject({ url: `/api/v1/risks?region=${REGION}`, headers: seat })).json<{ items: RiskView[] }>().items
  let best: { risk: RiskView; distance: number } | null = null
  for (const risk of risks.slice(0, 80)) {
    const near = (await app.inject({ url: `/api/v1/cameras/near?riskPointId=${encodeURIComponent(risk.id)}&limit=1`, headers: seat })).json<CamerasNear>()
    const first = near.items[0]
    if (first?.kind === 'hls' && (!best || first.distance < best.distance)) best = { risk, distance: first.distance }
  }
  if (!best) throw new Error('no risk point near an HLS camera in the demo')
  const { risk } = best
  const village = risk.regionCode
  const town = village.slice(0, 9)
  const csv = ['name,phone,role,region,riskPointId', `陈卫东,13812340001,网格长,${village},`, `周丽,13812340002,村书记,${village},`, `王建国,13812340003,应急责任人,${town},${risk.id}`].join('\n')
  await app.inject({ method: 'POST', url: '/api/v1/directory/import', headers: { ...admin, 'content-type': 'text/csv' }, payload: csv })
  await app.inject({
    method: 'POST',
    url: '/api/v1/events',
    headers: bearer(ingestKey),
    payload: { events: [{ id: `shot-alarm-${Date.now()}`, type: 'risk.status', at: toShanghaiIso(Date.now() - 4 * 60_000), riskId: risk.id, status: 'alarm', note: '水位超警戒 0.3 米' }] },
  })
  await app.alarms.settled()
  const alarm = (await app.inject({ url: `/api/v1/alarms?region=${REGION}&limit=50`, headers: seat })).json<{ items: Alarm[] }>().items.find((a) => a.subjectId === risk.id)!

  fs.mkdirSync(outDir, { recursive: true })
  const browser = await launchChromium()
  const shoot = async (name: string, url: string, size: { width: number; height: number }, prepare?: (page: Page) => Promise<void>) => {
    const context = await browser.newContext({ viewport: size })
    await withGateway(context, GATEWAY)
    const page = await context.newPage()
    page.on('console', (m) => m.type() === 'error' && console.error(`[${name}] ${m.text()}`))
    await page.goto(`${base}${url}&token=${tokenOf(seat)}`)
    await page.locator('[data-link-state].live').waitFor({ timeout: 20_000 })
    await page.waitForTimeout(1500)
    if (prepare) await prepare(page)
    const file = path.join(outDir, `${name}.png`)
    await page.screenshot({ path: file, animations: 'disabled' })
    console.warn(file)
    await context.close()
  }
  const playing = async (page: Page) => {
    await page.locator('[data-camera-player][data-camera-player-state="playing"]').waitFor({ timeout: 15_000 })
    await page.waitForTimeout(1200)
  }
  const HD = { width: 1920, height: 1080 }
  try {
    const desk = `/duty?region=${REGION}&alarm=${alarm.id}`
    const listed = async (page: Page) => {
      await page.locator('[data-alarm-cameras] [data-camera-id]').first().waitFor({ timeout: 10_000 })
      await page.locator('[data-alarm-contacts] [data-contact-id]').first().waitFor({ timeout: 10_000 })
    }
    await shoot('desk-cameras', desk, HD, listed)
    await shoot('desk-cameras-player', desk, HD, async (page) => {
      await listed(page)
      await page.locator('[data-alarm-cameras] [data-camera-play]').first().click()
      await playing(page)
    })
    const wall = `/?region=${REGION}&page=water`
    const layer = async (page: Page) => {
      await page.locator('[data-panel="map"]:not([data-map-cameras="0"])').waitFor({ timeout: 15_000 })
      await page.waitForTimeout(1000)
    }
    await shoot('wall-cameras-1920x1080', wall, HD, layer)
    await shoot('wall-cameras-3840x2160', wall, { width: 3840, height: 2160 }, layer)
    // Close up on the alarm's town: the cameras with their names.
    await shoot('wall-cameras-town-1920x1080', `/?region=${town}&page=water`, HD, layer)
    await shoot('wall-cameras-player', wall, HD, async (page) => {
      await layer(page)
      // A town seat's camera (the demo's HLS ones end in -01).
      await page.locator('[data-map-camera$="-01"]').first().focus()
      await page.keyboard.press('Enter')
      await playing(page)
    })
  } finally {
    await browser.close()
    await app.close()
  }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
