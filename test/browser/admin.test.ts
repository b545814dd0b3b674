import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { App } from '../../server/app'
import type { Account } from '../../shared/api/accounts'
import type { AuditPage } from '../../shared/api/audit'
import { accountSession, ADMIN_PASSWORD, adminToken, bearer, login, testApp } from '../helpers/app'
import { armAndConfirm, holdRequests, launchChromium } from '../helpers/browser'
import { listen } from '../helpers/live'

let app: App
let base: string
let admin: { authorization: string }
let browser: Browser

beforeAll(async () => {
  ;({ app } = await testApp())
  base = await listen(app)
  admin = bearer(await adminToken(app))
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await app?.close()
})

/** A fresh browser context (its own localStorage), recording console errors and page errors (CSP violations among them). */
async function open(path: string): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('console', (m) => m.type() === 'error' && !/status of 40[0-9]/.test(m.text()) && errors.push(m.text()))
  page.on('pageerror', (e) => errors.push(e.message))
  const res = await page.goto(`${base}${path}`)
  expect(res?.status()).toBe(200)
  return { page, errors }
}

const text = async (page: Page, selector: string) => (await page.locator(selector).first().textContent())?.trim() ?? ''
const accountOf = async (username: string) => {
  const res = await app.inject({ url: '/api/v1/accounts', headers: admin })
  return (res.json() as { items: Account[] }).items.find((a) => a.username === username)
}
const auditActions = async () => {
  const res = await app.inject({ url: '/api/v1/audit?limit=500', headers: admin })
  return (res.json() as AuditPage).items.map((e) => e.action)
}

describe('the admin page at /admin', () => {
  it('an administrator logs in, creates a scoped dispatcher, issues and revokes a display token, creates and revokes an ingest key, and reads it all in the audit trail', async () => {
    const { page, errors } = await open('/admin')
    await page.locator('input[name="username"]').fill('admin')
    await page.locator('input[name="password"]').fill(ADMIN_PASSWORD)
    await page.locator('form.login button[type="submit"]').click()
    await page.locator('[data-account-form]').waitFor({ timeout: 15_000 })
    expect(await text(page, '[data-admin-who]')).toContain('admin · 管理员 · 全部区域')
    // The form shows at once, the list once it is read: counted when it is there.
    await page.locator('[data-account-list] tr').first().waitFor()
    expect(await page.locator('[data-account-list] [data-account="admin"]').count()).toBe(1)

    // 账号: the form says what is wrong before asking the server; then the server's own refusals in Chinese.
    const form = page.locator('[data-account-form]')
    await form.locator('input[name="username"]').fill('fuyang.dispatcher')
    await form.locator('input[name="password"]').fill('short')
    await form.locator('input[name="confirm"]').fill('short')
    await form.locator('button[type="submit"]').click()
    expect(await text(page, '[data-account-form] .why')).toBe('密码至少 10 位')
    await form.locator('input[name="password"]').fill('fuyang-dispatch-1')
    await form.locator('input[name="confirm"]').fill('fuyang-dispatch-1')
    await form.locator('select[name="role"]').selectOption('dispatcher')
    await form.locator('select[name="scope"]').selectOption('330111')
    await form.locator('button[type="submit"]').click()
    await expect.poll(() => text(page, '[data-account-form] [data-form-done]')).toContain('已创建账号 fuyang.dispatcher（调度员 · 富阳区）')
    const row = page.locator('[data-account-list] [data-account="fuyang.dispatcher"]')
    await row.waitFor()
    for (const part of ['调度员', '富阳区', '使用中']) expect(await row.textContent()).toContain(part)
    expect(await accountOf('fuyang.dispatcher')).toMatchObject({ role: 'dispatcher', scope: '330111', personalData: false, disabled: false })

    // The same name again: 409 from the server, in Chinese next to the form.
    await form.locator('input[name="username"]').fill('fuyang.dispatcher')
    await form.locator('input[name="password"]').fill('another-password')
    await form.locator('input[name="confirm"]').fill('another-password')
    await form.locator('button[type="submit"]').click()
    await expect.poll(() => text(page, '[data-account-form] [data-form-error]')).toBe('该用户名已存在')

    // Change it: scope narrowed to a town, personal data granted, then disabled and enabled again.
    await row.click()
    const edit = page.locator('[data-account-edit]')
    await edit.locator('select[name="scope"]').selectOption('330111001')
    await edit.locator('input[name="personalData"]').check()
    // After a change the list is read again and the form refreshed from it: a new password typed
    // while that answer is on its way (held back here) is kept, not cleared when it comes.
    const list = await holdRequests(page, '/api/v1/accounts', 'GET')
    const reread = page.waitForRequest((r) => r.method() === 'GET' && new URL(r.url()).pathname === '/api/v1/accounts')
    await edit.locator('button[type="submit"]').click()
    await reread
    await page.locator('[data-account-reset] input[name="newPassword"]').fill('reset-by-admin-1')
    list.release()
    await expect.poll(() => text(page, '[data-form-done]')).toBe('已保存')
    expect(await accountOf('fuyang.dispatcher')).toMatchObject({ scope: '330111001', personalData: true })
    await page.locator('[data-account-reset] button[type="submit"]').click()
    await expect.poll(() => text(page, '[data-form-done]')).toContain('已重置 fuyang.dispatcher 的密码')
    const dispatcherToken = await login(app, 'fuyang.dispatcher', 'reset-by-admin-1')
    expect(await armAndConfirm(page.locator('[data-disable]'))).toEqual({ armed: true, label: '确认停用' })
    await expect.poll(() => text(page, '[data-form-done]')).toContain('已停用 fuyang.dispatcher')
    expect((await app.inject({ url: '/api/v1/me', headers: bearer(dispatcherToken) })).statusCode).toBe(401)
    await page.locator('[data-enable]').click()
    await expect.poll(() => text(page, '[data-form-done]')).toBe('已启用 fuyang.dispatcher')
    expect(await accountOf('fuyang.dispatcher')).toMatchObject({ disabled: false })

    // 大屏令牌: issued for a town (and a wall name), with its address (copyable) and a QR code; listed; revoked.
    await page.locator('[data-tab="tokens"]').click()
    const tokenForm = page.locator('[data-token-form]')
    await tokenForm.locator('input[name="label"]').fill('春江街道大厅')
    await tokenForm.locator('select[name="region"]').selectOption('330111001')
    await tokenForm.locator('input[name="wall"]').fill('hall')
    await tokenForm.locator('button[type="submit"]').click()
    await page.locator('[data-issued] [data-qr] path').waitFor({ timeout: 5000 })
    const address = await page.locator('[data-issued] [data-copy-value]').inputValue()
    expect(address.startsWith(`${base}/?region=330111001&token=`)).toBe(true)
    const wallToken = new URL(address).searchParams.get('token')!
    // The wall's name for presenter mode rides in the same address.
    expect(new URL(address).searchParams.get('wall')).toBe('hall')
    const asWall = await app.inject({ url: '/api/v1/me', headers: bearer(wallToken) })
    expect(asWall.json()).toMatchObject({ kind: 'kiosk', scope: '330111001', permissions: ['read'] })
    const tokenRow = page.locator('[data-token-list] tr', { hasText: '春江街道大厅' })
    await tokenRow.waitFor()
    for (const part of ['春江街道', 'admin', '从未', '长期']) expect(await tokenRow.textContent()).toContain(part)
    expect(await armAndConfirm(tokenRow.locator('[data-revoke]'))).toEqual({ armed: true, label: '确认吊销' })
    await expect.poll(() => page.locator('[data-token-list] tr', { hasText: '春江街道大厅' }).count()).toBe(0)
    expect((await app.inject({ url: '/api/v1/me', headers: bearer(wallToken) })).statusCode).toBe(401)

    // 接入密钥: the secret shown once, the key listed, then revoked.
    await page.locator('[data-tab="keys"]').click()
    const keyForm = page.locator('[data-key-form]')
    await keyForm.locator('input[name="name"]').fill('env')
    await keyForm.locator('button[type="submit"]').click()
    expect(await text(page, '[data-key-form] [data-form-error]')).toBe('名称 env 已保留，请换一个')
    await keyForm.locator('input[name="name"]').fill('12345热线')
    await keyForm.locator('select[name="scope"]').selectOption('330111')
    await keyForm.locator('button[type="submit"]').click()
    const secret = await page.locator('[data-key-secret] [data-copy-value]').inputValue()
    expect(secret.length).toBeGreaterThan(20)
    const keyRow = page.locator('[data-key-list] tr', { hasText: '12345热线' })
    await keyRow.waitFor()
    expect(await keyRow.textContent()).toContain('富阳区')
    const events = (key: string) => app.inject({ method: 'POST', url: '/api/v1/events', headers: bearer(key), payload: { events: [] } })
    expect((await events(secret)).statusCode).not.toBe(401)
    expect(await armAndConfirm(keyRow.locator('[data-revoke]'))).toEqual({ armed: true, label: '确认吊销' })
    await expect.poll(() => page.locator('[data-key-list] tr', { hasText: '12345热线' }).count()).toBe(0)
    expect((await events(secret)).statusCode).toBe(401)

    // 审计: every step above, in Chinese, newest first; filtered by family.
    const actions = await auditActions()
    for (const a of ['login', 'account.created', 'account.updated', 'account.password.reset', 'token.issued', 'token.revoked', 'ingestKey.created', 'ingestKey.revoked'])
      expect(actions).toContain(a)
    await page.locator('[data-tab="audit"]').click()
    await page.locator('[data-audit-list] tr').first().waitFor()
    const audit = await text(page, '[data-audit-list]')
    for (const words of ['登录', '创建账号', '修改账号', '重置密码', '签发大屏令牌', '吊销令牌', '创建接入密钥', '吊销接入密钥', '账号 fuyang.dispatcher'])
      expect(audit).toContain(words)
    expect(await text(page, '[data-audit-list] tr')).toContain('吊销接入密钥')
    await page.locator('[data-audit-filter] select[name="action"]').selectOption('token')
    await page.locator('[data-audit-filter] button[type="submit"]').click()
    await expect.poll(async () => [...new Set(await page.locator('[data-audit-list] tr').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-audit-action'))))].sort()).toEqual([
      'token.issued',
      'token.revoked',
    ])
    expect(page.url()).toContain('tab=audit')
    expect(errors).toEqual([])
  }, 60_000)

  it('pages the audit trail with 加载更多 and filters it by actor', async () => {
    // 61 entries by a second administrator: its login and 60 ingest keys created.
    const second = await accountSession(app, admin, { username: 'second.admin', role: 'admin' })
    for (let i = 0; i < 60; i++) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/ingest-keys', headers: second, payload: { name: `网格系统${i}` } })
      expect(res.statusCode).toBe(201)
    }
    const { page, errors } = await open(`/admin?tab=audit&token=${await adminToken(app)}`)
    await page.locator('[data-audit-list] tr').first().waitFor({ timeout: 15_000 })
    await page.locator('[data-audit-filter] input[name="actor"]').fill('second.admin')
    await page.locator('[data-audit-filter] button[type="submit"]').click()
    await expect.poll(() => page.locator('[data-audit-list] tr').count()).toBe(50)
    await page.locator('[data-audit-more]').click()
    await expect.poll(() => page.locator('[data-audit-list] tr').count()).toBe(61)
    expect(await page.locator('[data-audit-more]').count()).toBe(0)
    expect(await text(page, '[data-audit-list] tr:last-child')).toContain('登录')
    expect(errors).toEqual([])
  }, 60_000)

  it('a scoped administrator cannot grant beyond itself: the server’s 403 is shown in Chinese', async () => {
    const scoped = await accountSession(app, admin, { username: 'fuyang.admin', role: 'admin', scope: '330111' })
    await accountSession(app, admin, { username: 'fuyang.unmasker', role: 'dispatcher', scope: '330111', personalData: true })
    const { page } = await open(`/admin?token=${scoped.authorization.slice('Bearer '.length)}`)
    await page.locator('[data-account-list] [data-account="fuyang.unmasker"]').click()
    expect(await page.locator('[data-account-list] [data-account="admin"]').count()).toBe(0)
    await page.locator('[data-account-edit] select[name="role"]').selectOption('viewer')
    await page.locator('[data-account-edit] button[type="submit"]').click()
    await expect.poll(() => text(page, '[data-form-error]')).toBe('不能授予超出自身范围的权限')
    expect(await accountOf('fuyang.unmasker')).toMatchObject({ role: 'dispatcher' })
  })

  it('a dispatcher sees only 轮播方案 (which it may edit); a display token gets a plain refusal in Chinese', async () => {
    const dispatcher = await accountSession(app, admin, { username: 'desk.only', role: 'dispatcher', scope: '330111' })
    const asDispatcher = await open(`/admin?token=${dispatcher.authorization.slice('Bearer '.length)}`)
    await asDispatcher.page.locator('[data-new-playlist]').waitFor({ timeout: 15_000 })
    expect(await asDispatcher.page.locator('[data-tab]').allTextContents()).toEqual(['轮播方案'])
    expect(await text(asDispatcher.page, '[data-admin-limited]')).toBe('账号、令牌、密钥和审计仅限管理员使用')
    expect(await asDispatcher.page.locator('[data-account-list], [data-admin-refused]').count()).toBe(0)
    expect(asDispatcher.errors).toEqual([])

    const issued = await app.inject({ method: 'POST', url: '/api/v1/kiosk-tokens', headers: admin, payload: { region: '330111', label: '测试大屏' } })
    const asWall = await open(`/admin?token=${(issued.json() as { token: string }).token}`)
    await asWall.page.locator('[data-admin-refused]').waitFor({ timeout: 15_000 })
    expect(await text(asWall.page, '[data-admin-refused]')).toContain('显示令牌，只能用于查看')
    expect(asWall.errors).toEqual([])
  })
})
