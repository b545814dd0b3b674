/**
 * Screenshots of the themed pages (not a test): `npm run build && npx tsx test/browser/theme-screenshots.ts [outDir]`
 * starts a demo server in-process at scale 1, waits until the demo is loaded, then takes each page
 * on the region whose story it tells (信访 富阳, 反诈 龙岗镇, 消防 秀洲, 涉水 淳安) at 1920×1080 and
 * 3840×2160 into `docs/screenshots/theme-<page>-<size>.png`.
 */
import path from 'node:path'
import { demoRegions } from '../../server/demo/regions'
import { launchChromium } from '../helpers/browser'
import { shotPage, startDemoServer } from '../helpers/demoServer'

const SIZES = [
  [1920, 1080],
  [3840, 2160],
] as const
const longgang = demoRegions().find((r) => r.name === '龙岗镇')!.code
const SHOTS = [
  { page: 'petition', region: '330111' },
  { page: 'safety', region: longgang },
  { page: 'fire', region: '330411' },
  { page: 'water', region: '330127' },
]

async function main() {
  const outDir = process.argv[2] ?? 'docs/screenshots'
  const { base, token, close } = await startDemoServer({ scale: Number(process.env.SCALE ?? 1), simRate: 0, name: 'theme-shots' })
  const browser = await launchChromium()
  try {
    for (const shot of SHOTS) {
      for (const [width, height] of SIZES) {
        const page = await shotPage(browser, width, height, shot.page)
        await page.goto(`${base}/?region=${shot.region}&page=${shot.page}&token=${token}`)
        await page.locator('[data-theme-ready]').first().waitFor({ timeout: 30_000 })
        await page.waitForTimeout(3000) // charts finish their entry animation, the map its points
        const file = path.join(outDir, `theme-${shot.page}-${width}x${height}.png`)
        await page.screenshot({ path: file, animations: 'disabled' })
        console.warn(file)
        await page.close()
      }
    }
  } finally {
    await browser.close()
    await close()
  }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
