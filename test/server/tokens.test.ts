import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { App } from '../../server/app'
import type { TokenView } from '../../shared/api/tokens'
import { accountSession, adminToken, bearer, ingestHeaders, login, testApp } from '../helpers/app'
import { reported } from '../helpers/events'
import { connect, connected, listen, subscribe, type LiveClient } from '../helpers/live'

let app: App
let base: string
let now = Date.parse('2026-07-01T08:00:00+08:00')
let root: { authorization: string }
const sockets: LiveClient[] = []
const H = 3600_000

beforeEach(async () => {
  now = Date.parse('2026-07-01T08:00:00+08:00')
  ;({ app } = await testApp({ clock: () => now }))
  base = await listen(app)
  root = bearer(await adminToken(app))
})
afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect()
  await app.close()
})

const me = (headers: Record<string, string>) => app.inject({ url: '/api/v1/me', headers })
const kiosk = async (headers: Record<string, string>, payload: object = {}) => {
  const res = await app.inject({ method: 'POST', url: '/api/v1/kiosk-tokens', headers, payload })
  return res
}
const tokensOf = async (headers: Record<string, string>) => ((await app.inject({ url: '/api/v1/tokens', headers })).json() as { items: TokenView[] }).items
const open = async (token: string) => {
  const s = connect(base, token)
  sockets.push(s)
  await connected(s)
  return s
}
/** Resolves with the reason when the server disconnects the socket. */
const disconnected = (s: LiveClient) => new Promise<string>((resolve) => s.once('disconnect', resolve))
/**
 * The disconnect, waited for as an event (called right after the revoking answer or the clock's
 * step). The deadline only tells "never" apart: the sweep runs every 250 ms, and how soon it acts
 * is not a test's to time on a shared machine.
 */
const soon = (gone: Promise<string>) =>
  new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('still connected after 10 s')), 10_000)
    void gone.then((reason) => {
      clearTimeout(timer)
      resolve(reason)
    })
  })

describe('tokens with a life', () => {
  it('logout ends the calling session token only', async () => {
    const other = bearer(await adminToken(app))
    const res = await app.inject({ method: 'POST', url: '/api/v1/logout', headers: root })
    expect(res.statusCode).toBe(204)
    expect((await me(root)).statusCode).toBe(401)
    expect((await me(other)).statusCode).toBe(200)
  })

  it('lists the caller’s tokens with kind, label, times, never a secret; an admin sees every token in its scope', async () => {
    const seat = await accountSession(app, root, { username: 'seat', role: 'dispatcher', scope: '330111' })
    const issued = await kiosk(seat, { label: '春江街道大厅', region: '330111001', expiresAt: new Date(now + 24 * H).toISOString() })
    expect(issued.statusCode).toBe(201)
    const { token, id } = issued.json() as { token: string; id: string }
    await me(bearer(token))

    const mine = await tokensOf(seat)
    expect(mine.map((t) => t.kind).sort()).toEqual(['kiosk', 'session'])
    const wall = mine.find((t) => t.kind === 'kiosk')!
    expect(wall).toMatchObject({ id, username: 'seat', label: '春江街道大厅', scope: '330111001', current: false })
    expect(Date.parse(wall.expiresAt!)).toBe(now + 24 * H)
    expect(Date.parse(wall.createdAt)).toBe(now)
    expect(Date.parse(wall.lastSeenAt!)).toBe(now)
    expect(mine.find((t) => t.kind === 'session')?.current).toBe(true)
    const body = JSON.stringify(mine)
    expect(body).not.toContain(token)
    expect(body).not.toMatch(/hash/i)

    const all = await tokensOf(root)
    expect(all.filter((t) => t.username === 'seat')).toHaveLength(2)
    const xiuzhou = await accountSession(app, root, { username: 'xz-admin', role: 'admin', scope: '330411' })
    expect((await tokensOf(xiuzhou)).map((t) => t.username)).toEqual(['xz-admin'])
  })

  it('a revoked token answers 401 and its socket is disconnected', async () => {
    const { token, id } = (await kiosk(root, { label: '大厅' })).json() as { token: string; id: string }
    const s = await open(token)
    expect(await subscribe(s, '330000')).toMatchObject({ ok: true })
    const gone = disconnected(s)
    expect((await app.inject({ method: 'DELETE', url: `/api/v1/tokens/${id}`, headers: root })).statusCode).toBe(204)
    expect(await soon(gone)).toBe('io server disconnect')
    expect((await me(bearer(token))).statusCode).toBe(401)
    await expect(open(token)).rejects.toThrow(/unauthorized/)
    expect((await app.inject({ method: 'DELETE', url: `/api/v1/tokens/${id}`, headers: root })).statusCode).toBe(404)
  })

  it('an expired display token is disconnected once it expires by the server clock, and answers 401', async () => {
    const { token } = (await kiosk(root, { expiresAt: new Date(now + H).toISOString() })).json() as { token: string }
    const s = await open(token)
    expect(await subscribe(s, '330000')).toMatchObject({ ok: true })
    now += H - 1000
    expect((await me(bearer(token))).statusCode).toBe(200)
    expect(s.connected).toBe(true)
    const gone = disconnected(s)
    now += 1000
    expect(await soon(gone)).toBe('io server disconnect')
    expect((await me(bearer(token))).statusCode).toBe(401)
  })

  it('logging out disconnects that session’s sockets; a password change those of the other sessions', async () => {
    const first = await adminToken(app)
    const s = await open(first)
    const gone = disconnected(s)
    await app.inject({ method: 'POST', url: '/api/v1/logout', headers: bearer(first) })
    await soon(gone)
    const seat = await accountSession(app, root, { username: 'seat' })
    const elsewhere = await login(app, 'seat', 'seat-password')
    const t = await open(elsewhere)
    const ended = disconnected(t)
    const change = await app.inject({
      method: 'POST',
      url: '/api/v1/accounts/seat/password',
      headers: seat,
      payload: { oldPassword: 'seat-password', newPassword: 'seat-new-password' },
    })
    expect(change.statusCode).toBe(204)
    await soon(ended)
  })

  it('every subscribe checks the token again, and a narrowed account narrows its sockets', async () => {
    const seat = await accountSession(app, root, { username: 'seat', scope: '330111' })
    const s = await open(seat.authorization.slice(7))
    expect(await subscribe(s, '330111001')).toMatchObject({ ok: true })
    const gone = disconnected(s)
    await app.inject({ method: 'PATCH', url: '/api/v1/accounts/seat', headers: root, payload: { scope: '330111002' } })
    await soon(gone)
    const again = await open(seat.authorization.slice(7))
    expect(await subscribe(again, '330111001')).toMatchObject({ ok: false })
    expect(await subscribe(again, '330111002')).toMatchObject({ ok: true })
    // Deleted behind the socket's back (another node, the store itself): the next subscribe refuses.
    await app.store.access.deleteTokensOf((await app.store.access.findAccount('seat'))!.id)
    expect(await subscribe(again, '330111002')).toMatchObject({ ok: false, error: expect.stringMatching(/ended/) })
  })

  it('a connection recovered after a network drop starts afresh if its account was narrowed meanwhile', async () => {
    const seat = await accountSession(app, root, { username: 'seat', scope: '330111' })
    const s = await open(seat.authorization.slice(7))
    expect(await subscribe(s, '330111001')).toMatchObject({ ok: true })
    // Recovery resumes after the last push received (its offset): receive one first.
    const pushed = new Promise((resolve) => s.once('summary', resolve))
    await app.inject({ method: 'POST', url: '/api/v1/events', headers: ingestHeaders, payload: { events: [reported('R1', '330111001001', now - H)] } })
    await pushed
    const drop = async () => {
      const dropped = new Promise((resolve) => s.once('disconnect', resolve))
      s.io.engine.close()
      await dropped
    }
    // Unchanged: the connection is recovered with its rooms, as Socket.IO promises.
    await drop()
    s.connect()
    await connected(s)
    expect(s.recovered).toBe(true)

    await drop()
    await app.inject({ method: 'PATCH', url: '/api/v1/accounts/seat', headers: root, payload: { scope: '330111002' } })
    const refused = new Promise((resolve) => s.once('disconnect', resolve))
    s.connect()
    expect(await refused).toBe('io server disconnect')
  })

  it('a display token never sees more than its account does now', async () => {
    const seat = await accountSession(app, root, { username: 'seat', role: 'leader', scope: '330111' })
    const { token } = (await kiosk(seat, { region: '330111001' })).json() as { token: string }
    expect((await app.inject({ url: '/api/v1/summary?region=330111001', headers: bearer(token) })).statusCode).toBe(200)
    expect((await app.inject({ url: '/api/v1/summary?region=330111', headers: bearer(token) })).statusCode).toBe(403)
    // The account moved to another district: the token's town no longer meets it.
    await app.inject({ method: 'PATCH', url: '/api/v1/accounts/seat', headers: root, payload: { scope: '330411' } })
    expect((await app.inject({ url: '/api/v1/summary?region=330111001', headers: bearer(token) })).statusCode).toBe(401)
  })

  it('minting display tokens is limited per account: rate per hour and live count', async () => {
    const seat = await accountSession(app, root, { username: 'seat', role: 'dispatcher' })
    for (let i = 0; i < 20; i++) expect((await kiosk(seat, { label: `墙 ${i}` })).statusCode).toBe(201)
    const limited = await kiosk(seat)
    expect(limited.statusCode).toBe(429)
    expect((limited.json() as { error: string }).error).toMatch(/per hour/)
    now += H
    for (let i = 0; i < 20; i++) expect((await kiosk(seat)).statusCode).toBe(201)
    now += H
    for (let i = 0; i < 10; i++) expect((await kiosk(seat)).statusCode).toBe(201)
    const full = await kiosk(seat)
    expect(full.statusCode).toBe(429)
    expect((full.json() as { error: string }).error).toMatch(/already holds 50/)
  })

  it('a viewer may not put the wall on a screen; a leader may', async () => {
    const viewer = await accountSession(app, root, { username: 'viewer' })
    expect((await kiosk(viewer)).statusCode).toBe(403)
    const leader = await accountSession(app, root, { username: 'leader', role: 'leader', scope: '330411' })
    expect((await kiosk(leader, { region: '330111' })).statusCode).toBe(403)
    expect((await kiosk(leader, { region: '330411001' })).statusCode).toBe(201)
    expect((await kiosk(leader, { expiresAt: new Date(now - 1).toISOString() })).statusCode).toBe(400)
  })
})
