/**
 * Screenshots of the wall at the sizes it must fit, for looking at (not a test: vitest runs
 * *.test.ts only). `npx vite build && npx tsx test/browser/screenshots.ts [outDir] [region ...]`
 * starts a demo server in-process (a fresh temp data dir, demo data at scale 1, the simulator on),
 * or uses a running one when YIPING_URL and YIPING_TOKEN are set. `SIZES=1920x1080,1366x768`
 * picks sizes; `QUERY='period=month'` adds to every address (a period, a ranking); `COMPARE=A,B,…`
 * also takes the comparison page of those regions. `npm run build` first.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { launchChromium } from '../helpers/browser'
import { shotPage, startDemoServer } from '../helpers/demoServer'

export const WALL_SIZES = [
  [1366, 768],
  [1920, 1080],
  [2560, 1440],
  [3840, 2160],
  [5760, 1080],
  [7680, 2160],
] as const

/** The demo at scale 1, then 20 s of the simulator so that the ticker has lines. */
async function demoServer() {
  const server = await startDemoServer()
  await new Promise((r) => setTimeout(r, 20_000))
  return server
}

/** The wall's map panel drawn (a canvas) or showing what stands in for a map, not 地图加载中. */
async function mapSettled(page: Page) {
  await page.waitForFunction(() => {
    const panel = document.querySelector('[data-panel="map"]')
    if (!panel) return false
    if (panel.querySelector('.box canvas') || panel.querySelector('.box .cards')) return true
    const none = panel.querySelector('.box .none')
    return !!none && !(none.textContent ?? '').includes('地图加载中')
  }, undefined, { timeout: 30_000 })
}

async function main() {
  const [outDir = 'docs/screenshots/tmp', ...regionArgs] = process.argv.slice(2)
  const regions = regionArgs.length ? regionArgs : ['330000']
  const server = process.env.YIPING_URL && process.env.YIPING_TOKEN
    ? { base: process.env.YIPING_URL.replace(/\/$/, ''), token: process.env.YIPING_TOKEN, close: async () => {} }
    : await demoServer()
  const sizes = process.env.SIZES
    ? process.env.SIZES.split(',').map((s) => s.split('x').map(Number) as [number, number])
    : WALL_SIZES
  fs.mkdirSync(outDir, { recursive: true })
  const browser = await launchChromium()
  try {
    const query = process.env.QUERY ? `&${process.env.QUERY}` : ''
    const pages = [
      ...regions.map((region) => ({ name: `wall-${region}`, url: `/?region=${region}${query}`, ready: '[data-link-state].live', map: true })),
      ...(process.env.COMPARE ? [{ name: 'compare', url: `/compare?regions=${process.env.COMPARE}${query}`, ready: '[data-compare-table] [data-metric]', map: false }] : []),
    ]
    for (const shot of pages) {
      for (const [width, height] of sizes) {
        const page = await shotPage(browser, width, height, shot.name)
        await page.goto(`${server.base}${shot.url}&token=${server.token}`)
        await page.locator(shot.ready).first().waitFor({ timeout: 20_000 })
        // A busy machine can take longer than the charts' entry to fetch and draw the map: wait for
        // the map panel to leave 地图加载中 (its canvas, or a card list or note instead of a map).
        if (shot.map) await mapSettled(page)
        await page.waitForTimeout(2500) // charts finish their entry animation
        const file = path.join(outDir, `${shot.name}-${width}x${height}.png`)
        await page.screenshot({ path: file, animations: 'disabled' })
        console.warn(file)
        // TILES=1: also native-pixel pieces of big walls, to judge them at the size they are seen.
        if (process.env.TILES) {
          const tw = Math.min(width, 1920)
          const th = Math.min(height, 1080)
          for (let y = 0; y < height; y += th)
            for (let x = 0; x < width; x += tw)
              await page.screenshot({ path: file.replace('.png', `-tile-${x}-${y}.png`), clip: { x, y, width: tw, height: th }, animations: 'disabled' })
        }
        await page.close()
      }
    }
  } finally {
    await browser.close()
    await server.close()
  }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
