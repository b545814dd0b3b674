import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import type { App } from '../../server/app'
import { adminToken, bearer, testApp } from '../helpers/app'
import { launchChromium } from '../helpers/browser'
import { listen } from '../helpers/live'

let app: App
let base: string
let browser: Browser

beforeAll(async () => {
  ;({ app } = await testApp())
  base = await listen(app)
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await app?.close()
})

describe('a wall whose display token is revoked', () => {
  it('drops its live link at once and falls back to the login form, saying why', async () => {
    const admin = bearer(await adminToken(app))
    const { token, id } = (await app.inject({ method: 'POST', url: '/api/v1/kiosk-tokens', headers: admin, payload: { label: '春江大厅' } })).json() as {
      token: string
      id: string
    }
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    await page.goto(`${base}/?region=330111&token=${token}`)
    await page.locator('[data-link-state].live').waitFor({ timeout: 15_000 })

    expect((await app.inject({ method: 'DELETE', url: `/api/v1/tokens/${id}`, headers: admin })).statusCode).toBe(204)
    await page.locator('form.login').waitFor({ timeout: 5000 })
    expect(await page.locator('form.login .error').textContent()).toContain('登录已失效')
    expect(await page.evaluate(() => localStorage.getItem('yiping.token'))).toBeNull()
    await page.close()
  })
})
