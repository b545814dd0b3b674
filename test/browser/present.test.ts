import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { App } from '../../server/app'
import type { Playlist } from '../../shared/api/playlists'
import { accountSession, adminToken, testApp } from '../helpers/app'
import { holdRequests, launchChromium } from '../helpers/browser'
import { reported } from '../helpers/events'
import { listen } from '../helpers/live'
import { ingest } from './wall'

/**
 * Saved playlists and presenter mode in Chromium: a wall plays a playlist's items in order, each
 * with its page, period and dwell, and a key pauses it; a seat at /present drives a second page
 * showing the same wall name, and handing it back returns the wall to its playlist.
 */
let app: App
let base: string
let admin: { authorization: string }
let browser: Browser

beforeAll(async () => {
  ;({ app } = await testApp())
  base = await listen(app)
  admin = { authorization: `Bearer ${await adminToken(app)}` }
  await ingest(app, [reported('PL1', '330111001001', Date.now() - 3600_000), reported('PL2', '330411001001', Date.now() - 3600_000)])
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await app?.close()
})

async function kiosk(region: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/kiosk-tokens', headers: admin, payload: { label: '大厅', region } })
  return (res.json() as { token: string }).token
}

async function savePlaylist(items: unknown[]): Promise<Playlist> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/playlists', headers: admin, payload: { name: '大厅轮播', items } })
  expect(res.statusCode, res.body).toBe(201)
  return res.json() as Playlist
}

/** Waits until the wall shows that region's page (the breadcrumb's region, the root's page). */
const showing = (page: Page, region: string, wallPage: string) =>
  page.waitForFunction(
    ([r, p]) => document.querySelector('[data-breadcrumb]')?.getAttribute('data-region-code') === r && document.querySelector('main')?.getAttribute('data-page') === p,
    [region, wallPage] as const,
    { timeout: 20_000 },
  )

describe('saved playlists and presenter mode on the wall', () => {
  it('plays a playlist’s items in order with their page, period and dwell; a key pauses it, calmly marked', async () => {
    const p = await savePlaylist([
      { region: '330111', page: 'petition', period: 'month', dwell: 5 },
      { region: '330411', page: 'overview', dwell: 5 },
      { region: '330111001', page: 'fire', period: { from: '2026-01-01', to: '2026-01-31' }, dwell: 5 },
    ])
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    await page.goto(`${base}/?playlist=${p.id}&token=${await kiosk('330000')}`)
    await showing(page, '330111', 'petition')
    expect(new URL(page.url()).searchParams.get('period')).toBe('month')
    await showing(page, '330411', 'overview')
    // No period of its own: the wall's (the address named none: the year, written as nothing).
    expect(new URL(page.url()).searchParams.get('period')).toBeNull()
    await showing(page, '330111001', 'fire')
    expect(new URL(page.url()).searchParams.get('from')).toBe('2026-01-01')
    // And round again.
    await showing(page, '330111', 'petition')
    expect(await page.locator('[data-playlist="running"]').textContent()).toContain('大厅轮播')
    await page.keyboard.press('Space')
    const mark = page.locator('[data-playlist="paused"]')
    await mark.waitFor()
    expect(await mark.textContent()).toContain('已暂停轮播')
    await page.close()
  })

  it('reads its playlist once, asks each lap only whether it changed (304), and shows an edit within a lap', async () => {
    const p = await savePlaylist([
      { region: '330111', page: 'overview', dwell: 5 },
      { region: '330411', page: 'water', dwell: 5 },
    ])
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    const reads: number[] = []
    page.on('response', (r) => new URL(r.url()).pathname === `/api/v1/playlists/${p.id}` && reads.push(r.status()))
    const unchanged = page.waitForResponse((r) => new URL(r.url()).pathname === `/api/v1/playlists/${p.id}` && r.status() === 304, { timeout: 40_000 })
    await page.goto(`${base}/?playlist=${p.id}&token=${await kiosk('330000')}`)
    await showing(page, '330111', 'overview')
    await showing(page, '330411', 'water')
    // The end of the first lap: the wall asks with the version it holds, and the server has nothing new to send.
    await unchanged
    expect(reads[0]).toBe(200)

    const res = await app.inject({
      method: 'PUT',
      url: `/api/v1/playlists/${p.id}`,
      headers: admin,
      payload: { name: '大厅轮播', items: [{ region: '330111', page: 'overview', dwell: 5 }, { region: '330111002', page: 'fire', dwell: 5 }] },
    })
    expect(res.statusCode, res.body).toBe(200)
    await showing(page, '330111002', 'fire')
    expect(reads.filter((s) => s === 200).length).toBe(2)
    await page.close()
  }, 120_000)

  it('lets a seat at /present drive a named wall, which returns to its playlist when handed back', async () => {
    const p = await savePlaylist([{ region: '330111002', page: 'water', dwell: 600 }])
    const leader = await accountSession(app, admin, { username: 'boss', role: 'leader', scope: null })
    const wall = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    await wall.goto(`${base}/?wall=hall&playlist=${p.id}&token=${await kiosk('330000')}`)
    await showing(wall, '330111002', 'water')

    const seat = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    // Who sits at the seat is asked after the regions load: a region picked before that answer
    // (held back here) is kept, not replaced by the top region when it comes.
    const who = await holdRequests(seat, '/api/v1/me')
    await seat.goto(`${base}/present?wall=hall&token=${leader.authorization.slice('Bearer '.length)}`)
    await seat.locator('[data-present-state]').filter({ hasText: '未被主控' }).waitFor()
    await seat.locator('[data-present-region]').selectOption('330411')
    await seat.locator('[data-present-page="fire"]').click()
    const whoRead = seat.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/me')
    who.release()
    await whoRead
    await seat.locator('[data-present-take]').click()
    await showing(wall, '330411', 'fire')
    expect(await wall.locator('[data-presenter="driving"]').textContent()).toContain('boss')
    await seat.locator('[data-present-state]').filter({ hasText: '本席主控中' }).waitFor()
    // The seat's preview is the wall itself, following too.
    await seat.frameLocator('[data-present-preview] iframe').locator('[data-breadcrumb][data-region-code="330411"]').waitFor({ timeout: 20_000 })

    // While the seat holds it, each change follows at once.
    await seat.locator('[data-present-region]').selectOption('330111001')
    await showing(wall, '330111001', 'fire')
    await seat.locator('[data-present-page="petition"]').click()
    await seat.locator('[data-present-period="week"]').click()
    await showing(wall, '330111001', 'petition')
    await wall.waitForFunction(() => new URL(location.href).searchParams.get('period') === 'week')
    // 自定义 (this month to date at first): a range ending before it starts is not sent, and says
    // so; a whole one follows at once.
    await seat.locator('[data-present-period="custom"]').click()
    await wall.waitForFunction(() => new URL(location.href).searchParams.has('from'))
    await seat.locator('[data-present-from]').fill('2026-11-20')
    await seat.locator('[data-present-to]').fill('2026-11-10')
    await seat.locator('[data-present-range]').filter({ hasText: '结束日期不能早于开始日期' }).waitFor()
    expect(new URL(wall.url()).searchParams.get('to')).not.toBe('2026-11-10')
    await seat.locator('[data-present-from]').fill('2026-11-01')
    await wall.waitForFunction(() => {
      const q = new URL(location.href).searchParams
      return q.get('from') === '2026-11-01' && q.get('to') === '2026-11-10' && !q.has('period')
    })
    await seat.locator('[data-present-state]').filter({ hasText: '2026-11-01 至 2026-11-10' }).waitFor()
    // A replay instant puts the wall in 回放; 实时 brings it back to live figures.
    await seat.locator('[data-present-replay]').click()
    await wall.locator('[data-replay]').waitFor()
    await seat.locator('[data-present-live]').click()
    await wall.locator('[data-replay]').waitFor({ state: 'detached' })
    await showing(wall, '330111001', 'petition')

    await seat.locator('[data-present-release]').click()
    await showing(wall, '330111002', 'water')
    await wall.locator('[data-playlist="running"]').waitFor()
    await seat.locator('[data-present-state]').filter({ hasText: '未被主控' }).waitFor()
    await seat.close()
    await wall.close()
  }, 120_000)

  it('tells a viewer at /present, in Chinese, that it may only watch', async () => {
    const viewer = await accountSession(app, admin, { username: 'watcher', role: 'viewer', scope: '330111' })
    const seat = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    await seat.goto(`${base}/present?wall=hall&token=${viewer.authorization.slice('Bearer '.length)}`)
    expect(await seat.locator('[data-present-refused]').textContent()).toContain('只能查看')
    expect(await seat.locator('[data-present-take]').isDisabled()).toBe(true)
    await seat.close()
  })
})
