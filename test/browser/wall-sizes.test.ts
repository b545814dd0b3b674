import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { App } from '../../server/app'
import { adminToken, testApp } from '../helpers/app'
import { launchChromium } from '../helpers/browser'
import { listen } from '../helpers/live'
import { ingest, metricMismatches, restSummary, scenario, WALL_SIZES } from './wall'

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

/** Boxes of the grid's panels and of every figure, read in one go. */
function layoutFacts(page: Page) {
  return page.evaluate(() => {
    const box = (e: Element) => {
      const r = e.getBoundingClientRect()
      return { x: r.left, y: r.top, w: r.width, h: r.height }
    }
    const doc = document.documentElement
    const panels = [...document.querySelectorAll('.grid > *')].map((e) => ({ name: e.getAttribute('aria-label') ?? e.className, ...box(e) }))
    // A figure must sit wholly inside what would clip it (its tile or panel).
    const figures = [...document.querySelectorAll('[data-metric]')].map((e) => {
      const frame = e.closest('.tile, section') ?? doc
      return { metric: e.getAttribute('data-metric'), ...box(e), frame: box(frame) }
    })
    // Words beside the figures (what they count, their changes, the period's days, the ranking, the
    // risk kinds) must be whole: inside their frame and not cut by an ellipsis.
    const texts = [...document.querySelectorAll('[data-counts], [data-change], [data-period-range], [data-compare-range], [data-rank-value], [data-risk-kinds] li, [data-map-schematic-note]')].map((e) => {
      const frame = e.closest('.tile, section, [data-period-bar]') ?? doc
      const cut = (el: Element) => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflow !== 'visible'
      return { text: e.textContent, ...box(e), frame: box(frame), cut: cut(e) || (!!e.parentElement && cut(e.parentElement) && e.parentElement !== frame) }
    })
    const title = [...document.querySelectorAll('h1, [data-clock]')].map(box)
    // Each chart's canvas must hold drawn pixels, not just exist.
    const charts = [...document.querySelectorAll('[data-chart]')].map((el) => {
      const canvas = el.querySelector('canvas')
      if (!canvas || canvas.width === 0) return { label: el.getAttribute('aria-label'), painted: 0, width: 0, cssWidth: 0 }
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data
      let painted = 0
      for (let i = 3; i < data.length; i += 4 * 7) if (data[i]! > 0) painted++
      return { label: el.getAttribute('aria-label'), painted, width: canvas.width, cssWidth: canvas.getBoundingClientRect().width }
    })
    return {
      scroll: { sw: doc.scrollWidth, sh: doc.scrollHeight, cw: doc.clientWidth, ch: doc.clientHeight, bw: document.body.scrollWidth, bh: document.body.scrollHeight },
      panels,
      figures,
      texts,
      title,
      charts,
      dpr: window.devicePixelRatio,
      asOf: document.querySelectorAll('[data-as-of]').length,
      panelTimes: document.querySelectorAll('[data-panel-time]').length,
    }
  })
}

const overlap = (a: { x: number; y: number; w: number; h: number }, b: typeof a) =>
  Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x)) * Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y))

describe('the wall fits every wall size', () => {
  it.each(WALL_SIZES)('at %i×%i: figures equal the REST summary, no scrollbars, no overlap, charts drawn, no console errors', { timeout: 90_000 }, async (width, height) => {
    const page = await browser.newPage({ viewport: { width, height } })
    const errors: string[] = []
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(`${base}/?region=330000&token=${token}`)
    await page.locator('[data-link-state].live').waitFor({ timeout: 15_000 })
    const rest = await restSummary(app, token, '330000')
    await expect.poll(() => metricMismatches(page, rest), { timeout: 5000 }).toEqual([])
    expect(await page.locator('[data-metric]').count()).toBeGreaterThanOrEqual(11)
    // Charts have finished their first layout once every canvas has pixels; the map's comes a
    // little after the figures (its chunk is fetched once they are painted).
    await expect
      .poll(
        async () => {
          const charts = (await layoutFacts(page)).charts
          return charts.length < 8 ? [`${charts.length} charts so far`] : charts.filter((c) => c.painted < 200).map((c) => c.label)
        },
        { timeout: 10_000 },
      )
      .toEqual([])

    const facts = await layoutFacts(page)
    expect(facts.scroll.sw).toBeLessThanOrEqual(facts.scroll.cw)
    expect(facts.scroll.sh).toBeLessThanOrEqual(facts.scroll.ch)
    expect(facts.scroll.bw).toBeLessThanOrEqual(width)
    expect(facts.scroll.bh).toBeLessThanOrEqual(height)

    // Thirteen panels, the title bar and the period bar.
    expect(facts.panels.length).toBe(15)
    for (const p of facts.panels) {
      expect(p.x, p.name).toBeGreaterThanOrEqual(0)
      expect(p.y, p.name).toBeGreaterThanOrEqual(0)
      expect(p.x + p.w, p.name).toBeLessThanOrEqual(width + 0.5)
      expect(p.y + p.h, p.name).toBeLessThanOrEqual(height + 0.5)
    }
    for (let i = 0; i < facts.panels.length; i++)
      for (let j = i + 1; j < facts.panels.length; j++)
        expect(overlap(facts.panels[i]!, facts.panels[j]!), `${facts.panels[i]!.name} / ${facts.panels[j]!.name}`).toBeLessThan(1)
    for (const f of facts.figures) {
      expect(f.w, f.metric!).toBeGreaterThan(0)
      expect(f.x, f.metric!).toBeGreaterThanOrEqual(f.frame.x - 0.5)
      expect(f.y, f.metric!).toBeGreaterThanOrEqual(f.frame.y - 0.5)
      expect(f.x + f.w, f.metric!).toBeLessThanOrEqual(f.frame.x + f.frame.w + 0.5)
      expect(f.y + f.h, f.metric!).toBeLessThanOrEqual(f.frame.y + f.frame.h + 0.5)
    }
    for (const t of facts.texts) {
      expect(t.w, t.text!).toBeGreaterThan(0)
      expect(t.x + t.w, t.text!).toBeLessThanOrEqual(t.frame.x + t.frame.w + 0.5)
      expect(t.y + t.h, t.text!).toBeLessThanOrEqual(t.frame.y + t.frame.h + 0.5)
      expect(t.cut, t.text!).toBe(false)
    }
    // Three 1920×1080 screens spliced: no panel straddles a bezel; the title and the clock sit on the middle one.
    if (width === 5760 && height === 1080) {
      for (const seam of [1920, 3840]) for (const p of facts.panels) expect(p.x < seam && p.x + p.w > seam, `${p.name} straddles x=${seam}`).toBe(false)
      for (const t of facts.title) {
        expect(t.x).toBeGreaterThanOrEqual(1920)
        expect(t.x + t.w).toBeLessThanOrEqual(3840)
      }
    }
    // Crisp: canvases are drawn at the device's pixels, not a scaled-up smaller bitmap.
    expect(facts.charts.length).toBeGreaterThanOrEqual(8)
    for (const c of facts.charts) expect(c.width, c.label!).toBeGreaterThanOrEqual(Math.floor(c.cssWidth * facts.dpr) - 1)
    // One time for the data, in the title bar, not one per panel.
    expect(facts.asOf).toBe(1)
    expect(facts.panelTimes).toBe(0)
    // No transform scaling of the page to fake a fixed canvas size.
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('.wall')!).transform)).toBe('none')
    expect(errors, errors.join('\n')).toEqual([])
    await page.close()
  })

  it('re-lays itself out on a real size change: columns follow the aspect, charts follow their boxes', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    await page.goto(`${base}/?region=330000&token=${token}`)
    await page.locator('[data-link-state].live').waitFor({ timeout: 15_000 })
    const columns = () => page.evaluate(() => getComputedStyle(document.querySelector('.grid')!).gridTemplateColumns.split(' ').length)
    const chartFit = () =>
      page.$$eval('[data-chart]', (els) =>
        els.every((el) => {
          const c = el.querySelector('canvas')
          return !!c && Math.abs(c.getBoundingClientRect().width - el.getBoundingClientRect().width) <= 2
        }),
      )
    expect(await columns()).toBe(4)
    await page.setViewportSize({ width: 5760, height: 1080 })
    await expect.poll(columns).toBe(6)
    await expect.poll(chartFit, { timeout: 3000 }).toBe(true)
    await page.setViewportSize({ width: 2560, height: 1440 })
    await expect.poll(columns).toBe(4)
    await expect.poll(chartFit, { timeout: 3000 }).toBe(true)
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth && document.documentElement.scrollHeight <= innerHeight)).toBe(true)
    await page.close()
  })
})
