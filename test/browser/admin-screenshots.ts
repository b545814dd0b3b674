/**
 * Screenshots of the admin page (accounts and audit tabs) at 1920×1080 and 3840×2160, for looking
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

  fs.mkdirSync(outDir, { recursive: true })
  const browser = await launchChromium()
  try {
    for (const tab of ['accounts', 'audit'] as const) {
      for (const [width, height] of SIZES) {
        const page = await browser.newPage({ viewport: { width, height }, locale: 'zh-CN' })
        page.on('console', (m) => m.type() === 'error' && console.error(`[${tab} ${width}x${height}] ${m.text()}`))
        await page.goto(`${base}/admin?tab=${tab}&token=${token}`)
        await page.locator(tab === 'accounts' ? '[data-account-list] tr' : '[data-audit-list] tr').first().waitFor({ timeout: 20_000 })
        if (tab === 'accounts' && !process.env.NO_PICK) await page.locator('[data-account="chunjiang.duty"]').click()
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
