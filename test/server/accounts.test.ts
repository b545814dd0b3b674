import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { App } from '../../server/app'
import type { Account } from '../../shared/api/accounts'
import { accountSession, ADMIN_PASSWORD, adminToken, bearer, login, testApp } from '../helpers/app'

let app: App
let root: { authorization: string }
let xiuzhou: { authorization: string }
const XIUZHOU = '330411'
const FUYANG = '330111'

beforeEach(async () => {
  ;({ app } = await testApp())
  root = bearer(await adminToken(app))
  xiuzhou = await accountSession(app, root, { username: 'xz-admin', role: 'admin', scope: XIUZHOU })
})
afterEach(async () => app.close())

const create = (headers: Record<string, string>, payload: object) => app.inject({ method: 'POST', url: '/api/v1/accounts', headers, payload })
const patch = (headers: Record<string, string>, username: string, payload: object) => app.inject({ method: 'PATCH', url: `/api/v1/accounts/${username}`, headers, payload })
const accountNames = async () => ((await app.store.access.listAccounts()) as Account[]).map((a) => a.username).sort()

describe('an administrator limited to 秀洲区', () => {
  it('cannot create an unlimited admin, an account for 富阳区, or one with personal data it does not hold', async () => {
    const before = await accountNames()
    for (const payload of [
      { username: 'evil-root', password: 'evil-root-password', role: 'admin', scope: null },
      { username: 'evil-fy', password: 'evil-fy-password', role: 'viewer', scope: FUYANG },
      { username: 'evil-pd', password: 'evil-pd-password', role: 'admin', scope: XIUZHOU, personalData: true },
    ]) {
      const res = await create(xiuzhou, payload)
      expect({ payload, status: res.statusCode }).toEqual({ payload, status: 403 })
      expect((res.json() as { error: string }).error).toMatch(/beyond|personal data/)
    }
    expect(await accountNames()).toEqual(before)
  })

  it('creates inside its scope, by default with its own scope, and lists only its subtree’s accounts', async () => {
    const res = await create(xiuzhou, { username: 'wd-seat', password: 'wd-seat-password', role: 'dispatcher' })
    expect(res.statusCode).toBe(201)
    expect(res.json()).toMatchObject({ username: 'wd-seat', role: 'dispatcher', scope: XIUZHOU, personalData: false, disabled: false })
    expect((await create(xiuzhou, { username: 'wd-town', password: 'wd-town-password', scope: '330411001' })).statusCode).toBe(201)
    await create(root, { username: 'fy-seat', password: 'fy-seat-password', scope: FUYANG })
    const list = (await app.inject({ url: '/api/v1/accounts', headers: xiuzhou })).json() as { items: Account[] }
    expect(list.items.map((a) => a.username).sort()).toEqual(['wd-seat', 'wd-town', 'xz-admin'])
    const all = (await app.inject({ url: '/api/v1/accounts', headers: root })).json() as { items: Account[] }
    expect(all.items.map((a) => a.username).sort()).toEqual(['admin', 'fy-seat', 'wd-seat', 'wd-town', 'xz-admin'])
  })

  it('cannot import a map for 富阳区 (403, nothing written), but reaches its own district', async () => {
    const geojson = { type: 'FeatureCollection', features: [] }
    const res = await app.inject({ method: 'POST', url: '/api/v1/geo', headers: xiuzhou, payload: { region: FUYANG, geojson } })
    expect(res.statusCode).toBe(403)
    expect((res.json() as { error: string }).error).toMatch(/outside/)
    // Inside its scope it gets as far as validating the boundaries.
    expect((await app.inject({ method: 'POST', url: '/api/v1/geo', headers: xiuzhou, payload: { region: XIUZHOU, geojson } })).statusCode).toBe(400)
  })

  it('cannot change an account outside its scope, or widen one inside it', async () => {
    await create(root, { username: 'fy-seat', password: 'fy-seat-password', scope: FUYANG })
    expect((await patch(xiuzhou, 'fy-seat', { disabled: true })).statusCode).toBe(404)
    expect((await patch(xiuzhou, 'admin', { disabled: true })).statusCode).toBe(404)
    await create(xiuzhou, { username: 'wd-seat', password: 'wd-seat-password' })
    expect((await patch(xiuzhou, 'wd-seat', { scope: null })).statusCode).toBe(403)
    expect((await patch(xiuzhou, 'wd-seat', { scope: FUYANG })).statusCode).toBe(403)
    expect((await patch(xiuzhou, 'wd-seat', { personalData: true })).statusCode).toBe(403)
    expect((await app.store.access.findAccount('wd-seat'))?.scope).toBe(XIUZHOU)
    const ok = await patch(xiuzhou, 'wd-seat', { role: 'dispatcher', scope: '330411001' })
    expect(ok.statusCode).toBe(200)
    expect(ok.json()).toMatchObject({ role: 'dispatcher', scope: '330411001' })
  })

  it('cannot take over an account that holds more than itself, even inside its scope', async () => {
    await create(root, { username: 'xz-pd', password: 'xz-pd-password', scope: XIUZHOU, personalData: true })
    expect((await patch(xiuzhou, 'xz-pd', { disabled: true })).statusCode).toBe(403)
    const reset = await app.inject({ method: 'POST', url: '/api/v1/accounts/xz-pd/password', headers: xiuzhou, payload: { newPassword: 'taken-over-password' } })
    expect(reset.statusCode).toBe(403)
    await login(app, 'xz-pd', 'xz-pd-password')
  })
})

describe('roles and the disabled flag', () => {
  it('creates leaders and dispatchers; an account cannot change itself', async () => {
    for (const role of ['leader', 'dispatcher'] as const) {
      const res = await create(root, { username: `a-${role}`, password: 'long-enough-1', role })
      expect(res.json()).toMatchObject({ role })
    }
    expect((await patch(root, 'admin', { role: 'viewer' })).statusCode).toBe(403)
  })

  it('a disabled account cannot log in and its tokens stop working at once; enabled again, it logs in', async () => {
    const seat = await accountSession(app, root, { username: 'seat', role: 'dispatcher', scope: FUYANG })
    const kiosk = await app.inject({ method: 'POST', url: '/api/v1/kiosk-tokens', headers: seat, payload: {} })
    const wall = bearer((kiosk.json() as { token: string }).token)
    expect((await app.inject({ url: '/api/v1/me', headers: wall })).statusCode).toBe(200)

    expect((await patch(root, 'seat', { disabled: true })).json()).toMatchObject({ disabled: true })
    expect((await app.inject({ url: '/api/v1/me', headers: seat })).statusCode).toBe(401)
    expect((await app.inject({ url: '/api/v1/me', headers: wall })).statusCode).toBe(401)
    const refused = await app.inject({ method: 'POST', url: '/api/v1/login', payload: { username: 'seat', password: 'seat-password' } })
    expect(refused.statusCode).toBe(403)
    expect((refused.json() as { error: string }).error).toMatch(/disabled/)

    await patch(root, 'seat', { disabled: false })
    await login(app, 'seat', 'seat-password')
    // Its sessions ended with the disabling; the display token of the wall works again.
    expect((await app.inject({ url: '/api/v1/me', headers: seat })).statusCode).toBe(401)
    expect((await app.inject({ url: '/api/v1/me', headers: wall })).statusCode).toBe(200)
  })
})

describe('passwords', () => {
  const change = (headers: Record<string, string>, username: string, payload: object) =>
    app.inject({ method: 'POST', url: `/api/v1/accounts/${username}/password`, headers, payload })

  it('are at least 10 characters, on creation and on change', async () => {
    const short = await create(root, { username: 'shorty', password: '123456789' })
    expect(short.statusCode).toBe(400)
    expect(JSON.stringify(short.json())).toMatch(/password/)
    expect(await app.store.access.findAccount('shorty')).toBeNull()
    expect((await create(root, { username: 'shorty', password: '1234567890' })).statusCode).toBe(201)
    expect((await change(root, 'admin', { oldPassword: ADMIN_PASSWORD, newPassword: 'too-short' })).statusCode).toBe(400)
    await login(app, 'admin', ADMIN_PASSWORD)
  })

  it('changes one’s own with the old one; other sessions end, this one goes on', async () => {
    const other = bearer(await login(app, 'admin', ADMIN_PASSWORD))
    expect((await change(root, 'admin', { newPassword: 'a-new-admin-password' })).statusCode).toBe(400)
    expect((await change(root, 'admin', { oldPassword: 'not-the-password', newPassword: 'a-new-admin-password' })).statusCode).toBe(403)
    expect((await change(root, 'admin', { oldPassword: ADMIN_PASSWORD, newPassword: 'a-new-admin-password' })).statusCode).toBe(204)
    expect((await app.inject({ url: '/api/v1/me', headers: other })).statusCode).toBe(401)
    expect((await app.inject({ url: '/api/v1/me', headers: root })).statusCode).toBe(200)
    expect((await app.inject({ method: 'POST', url: '/api/v1/login', payload: { username: 'admin', password: ADMIN_PASSWORD } })).statusCode).toBe(401)
    await login(app, 'admin', 'a-new-admin-password')
  })

  it('an administrator resets another’s inside its scope, ending its sessions; a viewer cannot reset anyone', async () => {
    const seat = await accountSession(app, xiuzhou, { username: 'wd-seat' })
    expect((await change(seat, 'xz-admin', { newPassword: 'hijacked-password' })).statusCode).toBe(404)
    expect((await change(xiuzhou, 'wd-seat', { newPassword: 'reset-by-admin-1' })).statusCode).toBe(204)
    expect((await app.inject({ url: '/api/v1/me', headers: seat })).statusCode).toBe(401)
    await login(app, 'wd-seat', 'reset-by-admin-1')
    const audit = await app.store.duty.queryAudit({ action: 'account.password', limit: 10 })
    expect(audit.items.map((e) => [e.actor, e.action, e.target])).toContainEqual(['xz-admin', 'account.password.reset', 'account:wd-seat'])
  })
})
