import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, CDPSession, Page } from 'playwright-core'
import type { App } from '../../server/app'
import type { YipingEvent } from '../../shared/events/schema'
import { adminToken, testApp } from '../helpers/app'
import { launchChromium } from '../helpers/browser'
import { reported, resolved, stage, urged } from '../helpers/events'
import { listen } from '../helpers/live'
import { ingest, scenario } from './wall'

let app: App
let browser: Browser

beforeAll(async () => {
  ;({ app } = await testApp())
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await app?.close()
})

const RATE = 10 // events per second
const WARM_UP_S = 15
const RUN_S = 60
const VILLAGES = ['330111001001', '330111001002', '330111002001', '330111002002', '330411001001']

/** The n-th event of a steady, varied stream: new cases, their stages, chasing and resolution. */
function nth(n: number): YipingEvent {
  const now = Date.now() - 1000
  const id = `H${Math.floor(n / 4)}`
  switch (n % 4) {
    case 0:
      return reported(id, VILLAGES[n % VILLAGES.length]!, now, { reporter: { name: '李四光', phone: '13900001111' } })
    case 1:
      return stage(id, 'assign', now)
    case 2:
      return urged(id, now)
    default:
      return resolved(id, 'grid', now)
  }
}

/** Pushes `seconds` of events at RATE per second, one request per event, as integrators do. */
async function stream(from: number, seconds: number): Promise<number> {
  const start = Date.now()
  let n = from
  for (let tick = 0; tick < seconds * RATE; tick++) {
    await ingest(app, [nth(n++)])
    const due = start + ((tick + 1) * 1000) / RATE
    await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())))
  }
  return n
}

async function heapAfterGc(cdp: CDPSession, page: Page): Promise<number> {
  for (let i = 0; i < 3; i++) {
    await cdp.send('HeapProfiler.collectGarbage')
    await page.waitForTimeout(200)
  }
  return (await cdp.send('Runtime.getHeapUsage')).usedSize
}

describe('24/7', () => {
  it(`keeps a flat heap under ${RATE} events per second for ${RUN_S} s`, { timeout: (WARM_UP_S + RUN_S + 60) * 1000 }, async () => {
    const base = await listen(app)
    const token = await adminToken(app)
    await ingest(app, scenario())
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(`${base}/?region=330000&token=${token}`)
    await page.locator('[data-link-state].live').waitFor({ timeout: 15_000 })
    const cdp = await page.context().newCDPSession(page)

    // Warm-up: fills the ticker to its cap, lets every chart and code path allocate what it keeps.
    let n = await stream(0, WARM_UP_S)
    const start = await heapAfterGc(cdp, page)
    n = await stream(n, RUN_S)
    await page.waitForTimeout(1000)
    const end = await heapAfterGc(cdp, page)

    const growthMb = (end - start) / 1024 / 1024
    console.warn(`heap after GC: ${(start / 1048576).toFixed(1)} MB → ${(end / 1048576).toFixed(1)} MB (${growthMb >= 0 ? '+' : ''}${growthMb.toFixed(2)} MB) over ${n} events`)
    expect(growthMb).toBeLessThan(3)
    // The wall kept up: it shows the last figures, and the ticker stayed capped.
    const total = (await app.inject({ url: '/api/v1/summary?region=330000', headers: { authorization: `Bearer ${token}` } })).json().cases.total
    await expect.poll(() => page.locator('[data-metric="cases.total"]').textContent(), { timeout: 3000 }).toBe(total.toLocaleString('en-US'))
    expect(await page.locator('[data-feed] li').count()).toBeLessThanOrEqual(30)
    expect(errors, errors.join('\n')).toEqual([])
    await page.close()
  })
})
