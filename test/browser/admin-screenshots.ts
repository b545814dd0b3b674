/**
 * Screenshots of the admin page (accounts, 轮播方案 and audit tabs) at 1920×1080 and 3840×2160, for looking
 * at (not a test: vitest runs *.test.ts only). `npm run build && npx tsx test/browser/admin-screenshots.ts [outDir]`
 * starts a test server on the small test region tree and fills it with a few accounts, walls and keys.
 */
import fs from 'node:fs'
import path from 'node:path'
import { accountSession, adminToken, bearer, testApp } from '../helpers/app'
import { launchChromium } from '../helpers/browser'
import { listen } from '../helpers/live'

const SIZES = [
  [1920, 1080],
  [3840, 2160],
] as const

async function main() {
  const outDir = process.argv[2] ?? 'docs/screenshots'
  const { app } = await testApp()
  const base = await listen(app)
  const token = await adminToken(app)
  const admin = bearer(token)
  const people = [
    { username: 'fuyang.admin', role: 'admin', scope: '330111', personalData: true },
    { username: 'fuyang.leader', role: 'leader', scope: '330111' },
    { username: 'chunjiang.duty', role: 'dispatcher', scope: '330111001', personalData: true },
    { username: 'wanshi.duty', role: 'dispatcher', scope: '330111002' },
    { username: 'xiuzhou.viewer', role: 'viewer', scope: '330411' },
  ]
  for (const p of people) await accountSession(app, admin, p)
  await app.inject({ method: 'PATCH', url: '/api/v1/accounts/xiuzhou.viewer', headers: admin, payload: { disabled: true } })
  for (const [region, label] of [['330111001', '春江街道指挥中心大屏'], ['330111', '富阳区社会治理中心']])
    await app.inject({ method: 'POST', url: '/api/v1/kiosk-tokens', headers: admin, payload: { region, label } })
  await app.inject({ method: 'POST', url: '/api/v1/ingest-keys', headers: admin, payload: { name: '12345热线', scope: '330111' } })
  await app.inject({ method: 'POST', url: '/api/v1/login', payload: { username: 'fuyang.leader', password: 'wrong-password' } })
  const playlists = [
    {
      name: '大厅日间轮播',
      schedule: { from: '08:00', to: '20:00' },
      items: [
        { region: '330000', page: 'overview', dwell: 60 },
        { region: '330111', page: 'petition', period: 'month', dwell: 45 },
        { region: '330111001', page: 'safety', period: 'week', dwell: 30 },
        { region: '330411', page: 'fire', dwell: 30, schedule: { from: '09:00', to: '17:30' } },
      ],
    },
    { name: '夜间值守', schedule: { from: '20:00', to: '08:00' }, items: [{ region: '330000', page: 'overview', dwell: 120 }, { region: '330411', page: 'water', period: 'today', dwell: 60 }] },
    { name: '富阳区考核通报', items: [{ region: '330111', page: 'overview', period: 'assessment', dwell: 90 }, { region: '330111002', page: 'petition', period: 'assessment', dwell: 60 }] },
  ]
  for (const payload of playlists) await app.inject({ method: 'POST', url: '/api/v1/playlists', headers: admin, payload })

  fs.mkdirSync(outDir, { recursive: true })
  const browser = await launchChromium()
  try {
    for (const tab of ['accounts', 'playlists', 'audit'] as const) {
      for (const [width, height] of SIZES) {
        const page = await browser.newPage({ viewport: { width, height }, locale: 'zh-CN' })
        page.on('console', (m) => m.type() === 'error' && console.error(`[${tab} ${width}x${height}] ${m.text()}`))
        await page.goto(`${base}/admin?tab=${tab}&token=${token}`)
        const list = { accounts: '[data-account-list] tr', playlists: '[data-playlist-list] tr', audit: '[data-audit-list] tr' }[tab]
        await page.locator(list).first().waitFor({ timeout: 20_000 })
        if (tab === 'accounts' && !process.env.NO_PICK) await page.locator('[data-account="chunjiang.duty"]').click()
        if (tab === 'playlists' && !process.env.NO_PICK) await page.locator('[data-playlist-list] tr', { hasText: '大厅日间轮播' }).locator('[data-edit]').click()
        const file = path.join(outDir, `admin-${tab}-${width}x${height}.png`)
        await page.screenshot({ path: file, animations: 'disabled' })
        console.warn(file)
        await page.close()
      }
    }
  } finally {
    await browser.close()
    await app.close()
  }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
