/**
 * Screenshots of saved playlists and presenter mode at 1920×1080 against a real demo server, for
 * looking at (not a test: vitest runs *.test.ts only). `npm run build && npx tsx
 * test/browser/present-screenshots.ts [outDir]` starts a demo server in-process, saves a playlist of
 * 淳安县, opens it on a wall named `hall` and pauses it with a key (playlist-paused, also at 3840×2160,
 * 1366×768 and 5760×1080), then drives
 * the wall from the seat at /present (present-seat, and the driven wall: present-wall).
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import type { Playlist } from '../../shared/api/playlists'
import { accountSession, bearer } from '../helpers/app'
import { launchChromium } from '../helpers/browser'
import { startDemoServer } from '../helpers/demoServer'

const showing = (page: Page, region: string, wallPage: string) =>
  page.waitForFunction(
    ([r, p]) => document.querySelector('[data-breadcrumb]')?.getAttribute('data-region-code') === r && document.querySelector('main')?.getAttribute('data-page') === p,
    [region, wallPage] as const,
    { timeout: 30_000 },
  )

async function main() {
  const [outDir = 'docs/screenshots'] = process.argv.slice(2)
  const { app, base, token } = await startDemoServer({ scale: Number(process.env.SCALE ?? 0.3), simRate: 1, name: 'present-shots' })
  const admin = bearer(token)
  const leader = await accountSession(app, admin, { username: 'ca-leader', role: 'leader', scope: '330127' })
  const kiosk = (await app.inject({ method: 'POST', url: '/api/v1/kiosk-tokens', headers: admin, payload: { label: '指挥大厅', region: '330127' } })).json<{ token: string }>().token
  const playlist = (
    await app.inject({
      method: 'POST',
      url: '/api/v1/playlists',
      headers: admin,
      payload: {
        name: '淳安 白班轮播',
        schedule: null,
        items: [
          { region: '330127', page: 'overview', period: 'quarter', dwell: 60 },
          { region: '330127', page: 'petition', period: 'year', dwell: 30 },
          { region: '330127', page: 'water', dwell: 30 },
        ],
      },
    })
  ).json<Playlist>()

  fs.mkdirSync(outDir, { recursive: true })
  const browser = await launchChromium()
  const shot = async (page: Page, name: string) => {
    const { width, height } = page.viewportSize()!
    const file = path.join(outDir, `${name}-${width}x${height}.png`)
    await page.screenshot({ path: file, animations: 'disabled' })
    console.warn(file)
  }
  try {
    const wall = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    wall.on('console', (m) => m.type() === 'error' && console.error(`[wall] ${m.text()}`))
    await wall.goto(`${base}/?wall=hall&playlist=${playlist.id}&token=${kiosk}`)
    await showing(wall, '330127', 'overview')
    await wall.locator('[data-link-state].live').waitFor({ timeout: 20_000 })
    await wall.waitForTimeout(4000)
    await wall.keyboard.press('Space')
    await wall.locator('[data-playlist="paused"]').waitFor()
    await shot(wall, 'playlist-paused')
    // The mark sits in the title bar: at a 4K wall, at 1366×768 and on a splice too (the pause holds a minute).
    for (const [width, height] of [[3840, 2160], [1366, 768], [5760, 1080]] as const) {
      await wall.setViewportSize({ width, height })
      await wall.waitForTimeout(1500)
      await shot(wall, 'playlist-paused')
    }
    await wall.setViewportSize({ width: 1920, height: 1080 })

    const seat = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    seat.on('console', (m) => m.type() === 'error' && console.error(`[seat] ${m.text()}`))
    await seat.goto(`${base}/present?wall=hall&token=${leader.authorization.slice('Bearer '.length)}`)
    await seat.locator('[data-present-region]').selectOption('330127')
    await seat.locator('[data-present-page="petition"]').click()
    await seat.locator('[data-present-period="year"]').click()
    await seat.locator('[data-present-take]').click()
    await seat.locator('[data-present-state]').filter({ hasText: '本席主控中' }).waitFor()
    await showing(wall, '330127', 'petition')
    await seat.waitForTimeout(500)
    await shot(seat, 'present-seat')
    await wall.waitForTimeout(3000)
    await shot(wall, 'present-wall')
  } finally {
    await browser.close()
    await app.close()
  }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
