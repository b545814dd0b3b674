import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { App } from '../../server/app'
import type { ThemeAnswer } from '../../shared/api/themes'
import type { YipingEvent } from '../../shared/events/schema'
import { toShanghaiIso } from '../../shared/time/shanghai'
import { adminToken, testApp } from '../helpers/app'
import { launchChromium } from '../helpers/browser'
import { reported, riskRegistered } from '../helpers/events'
import { listen } from '../helpers/live'
import { ingest } from './wall'

/**
 * The themed pages in Chromium: each renders its figures as REST answers them for the same region
 * and period; the rotation visits its items in order, page and region, by its dwell.
 */
let app: App
let base: string
let token: string
let browser: Browser
const H = 3600_000

function events(now: number): YipingEvent[] {
  const at = now - 5 * H
  const petition = { source: 'petition' as const, category: '征地拆迁', size: 'major' as const, title: '征地补偿款未到位' }
  let k = 0
  const status = (riskId: string, s: 'normal' | 'rectifying', extra: Record<string, unknown>) =>
    ({ id: `bt-st-${++k}`, type: 'risk.status', at: toShanghaiIso(now - (4 - k * 0.1) * H), riskId, status: s, ...extra }) as YipingEvent
  const reg = (e: YipingEvent, extra: Record<string, unknown>) => ({ ...e, at: toShanghaiIso(at), ...extra }) as YipingEvent
  return [
    reported('BP1', '330111001001', at, { ...petition, visit: 'first' }),
    reported('BP2', '330111001002', at, { ...petition, visit: 'repeat', overLevel: true }),
    reported('BP3', '330111002001', at, { ...petition, visit: 'first', backlogLevel: 'provincial', caseLeader: '常务副区长', clearBy: toShanghaiIso(now + 40 * 24 * H) }),
    reported('BF1', '330111002002', at, { source: 'police', category: '电信诈骗', fraudType: 'rebate', loss: 23000 }),
    reported('BF2', '330111002002', at + H, { source: 'police', category: '电信诈骗', fraudType: 'investment', loss: 180000 }),
    reg(riskRegistered('BS1', '330111001001', 'fire'), { inspectionSite: true }),
    reg(riskRegistered('BW1', '330111001002', 'water'), { rescueSets: 4 }),
    status('BS1', 'rectifying', { round: 1, hazard: 2 }),
    status('BW1', 'normal', { patrol: true, rescueReady: 3 }),
  ]
}

beforeAll(async () => {
  ;({ app } = await testApp())
  base = await listen(app)
  token = await adminToken(app)
  await ingest(app, events(Date.now()))
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await app?.close()
})

async function rest(page: string, region: string): Promise<ThemeAnswer> {
  const res = await app.inject({ url: `/api/v1/themes/${page}?region=${region}&period=year`, headers: { authorization: `Bearer ${token}` } })
  expect(res.statusCode).toBe(200)
  return res.json() as ThemeAnswer
}

const fmt = (n: number) => new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 }).format(Math.round(n))

/** Figures shown that differ from REST (the paths that are REST's own figures; derived ones are checked by name). */
async function mismatches(page: Page, answer: ThemeAnswer): Promise<string[]> {
  const shown = await page.$$eval('[data-theme-metric]', (els) => els.map((e) => [e.getAttribute('data-theme-metric') ?? '', e.textContent ?? '']))
  if (shown.length === 0) return ['no figures']
  return shown.flatMap(([path, text]) => {
    const v = path!.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], answer)
    if (typeof v !== 'number' && v !== null) return []
    const want = v === null ? '—' : path === 'safety.loss' ? (v / 10_000).toFixed(1) : path === 'fire.coverage' ? (v * 100).toFixed(1) : fmt(v)
    return text === want ? [] : [`${path}: shows "${text}", REST ${JSON.stringify(v)}`]
  })
}

describe('themed pages', () => {
  for (const name of ['petition', 'safety', 'fire', 'water'] as const) {
    it(`/?page=${name} shows the figures REST answers`, async () => {
      const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
      await page.goto(`${base}/?region=330111&page=${name}&token=${token}`)
      await page.locator(`main[data-page="${name}"] [data-theme-ready]`).waitFor({ timeout: 20_000 })
      const answer = await rest(name, '330111')
      await expect.poll(() => mismatches(page, answer), { timeout: 10_000 }).toEqual([])
      expect(await page.locator('[data-theme-metric]').count()).toBeGreaterThanOrEqual(4)
      expect(await page.locator('[data-theme-panel]').count()).toBeGreaterThanOrEqual(2)
      expect(await page.locator('[data-panel="map"]').count()).toBe(1)
      if (name === 'petition') await expect.poll(() => page.locator('[data-backlog-list]').textContent()).toContain('常务副区长')
      if (name !== 'petition') {
        // The children's ranking leads with the child REST counts most of the page's main figure.
        const key = { safety: 'cases', fire: 'hazards', water: 'points' }[name]
        const top = [...answer.children].sort((x, y) => (y.figures[key] ?? 0) - (x.figures[key] ?? 0))[0]!
        const first = page.locator('[data-theme-panel="towns"] [data-rank-code]').first()
        await expect.poll(() => first.getAttribute('data-rank-code')).toBe(top.code)
      }
      await page.close()
    })
  }

  it('a pushed batch moves the page’s figures (refetched on the summary push)', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    await page.goto(`${base}/?region=330111&page=safety&token=${token}`)
    await page.locator('[data-theme-metric="safety.cases"]').waitFor()
    const before = (await rest('safety', '330111')).safety!.cases
    await expect.poll(() => page.locator('[data-theme-metric="safety.cases"]').textContent()).toBe(fmt(before))
    await ingest(app, [reported('BF9', '330111002002', Date.now() - H, { source: 'police', category: '电信诈骗', fraudType: 'loan', loss: 5000 })])
    await expect.poll(() => page.locator('[data-theme-metric="safety.cases"]').textContent(), { timeout: 10_000 }).toBe(fmt(before + 1))
    await page.close()
  })

  it('rotates through its items in order, page and region, by its dwell, forever', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    await page.goto(`${base}/?rotate=330111:petition,330411:fire,330111001&dwell=1&token=${token}`)
    const at = (region: string, wallPage: string) =>
      page.waitForFunction(
        ([r, p]) => document.querySelector('[data-breadcrumb]')?.getAttribute('data-region-code') === r && document.querySelector('main')?.getAttribute('data-page') === p,
        [region, wallPage] as const,
        { timeout: 15_000 },
      )
    for (let lap = 0; lap < 2; lap++) {
      await at('330111', 'petition')
      await at('330411', 'fire')
      await at('330111001', 'overview')
    }
    // A key pauses it, discreetly.
    await page.keyboard.press('Space')
    await page.locator('[data-rotation="paused"]').waitFor()
    await page.close()
  })
})
