import { afterEach, describe, expect, it } from 'vitest'
import type { App } from '../../server/app'
import type { Playlist, PlaylistAnswer, PlaylistInput } from '../../shared/api/playlists'
import { accountSession, adminToken, testApp } from '../helpers/app'

let app: App
afterEach(async () => app?.close())

/** 2026-06-16 09:30 in Shanghai. */
const NINE_THIRTY = Date.parse('2026-06-16T09:30:00+08:00')
type Headers = { authorization: string }

const FUYANG: PlaylistInput = {
  name: '富阳 白班',
  items: [
    { region: '330111', page: 'overview', period: 'month', dwell: 20 },
    { region: '330111001', page: 'petition', period: { from: '2026-06-01', to: '2026-06-15' }, dwell: 10, schedule: { from: '08:00', to: '09:00' } },
    { region: '330111002', page: 'fire', dwell: 15, schedule: { from: '22:00', to: '10:00' } },
  ],
}

async function setup() {
  const clock = { now: NINE_THIRTY }
  ;({ app } = await testApp({ clock: () => clock.now }))
  const admin = { authorization: `Bearer ${await adminToken(app)}` }
  const desk = await accountSession(app, admin, { username: 'desk', role: 'dispatcher', scope: '330111' })
  const xiuzhou = await accountSession(app, admin, { username: 'xiuzhou', role: 'dispatcher', scope: '330411' })
  const leader = await accountSession(app, admin, { username: 'boss', role: 'leader', scope: '330111' })
  const viewer = await accountSession(app, admin, { username: 'watch', role: 'viewer', scope: '330111' })
  const kiosk = await app.inject({ method: 'POST', url: '/api/v1/kiosk-tokens', headers: admin, payload: { label: '大屏', region: '330111' } })
  const display = { authorization: `Bearer ${(kiosk.json() as { token: string }).token}` }
  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, headers: Headers, payload?: unknown) =>
    app.inject({ method, url: `/api/v1/playlists${url}`, headers, ...(payload !== undefined ? { payload: payload as object } : {}) })
  const names = async (headers: Headers) => ((await call('GET', '', headers)).json() as { items: Playlist[] }).items.map((p) => p.name)
  const audit = async () =>
    ((await app.inject({ url: '/api/v1/audit?action=playlist', headers: admin })).json() as { items: Array<{ actor: string; action: string; target: string }> }).items
  return { clock, admin, desk, xiuzhou, leader, viewer, display, call, names, audit }
}

describe('saved playlists (轮播方案)', () => {
  it('creates, reads with the items active by the server clock, replaces and deletes; every change audited', async () => {
    const t = await setup()
    const created = await t.call('POST', '', t.desk, FUYANG)
    expect(created.statusCode, created.body).toBe(201)
    const p = created.json() as Playlist
    expect(p).toMatchObject({ name: '富阳 白班', region: '330111', schedule: null, createdBy: 'desk', updatedBy: 'desk', items: FUYANG.items })

    const read = (await t.call('GET', `/${p.id}`, t.display)).json() as PlaylistAnswer
    expect(read).toMatchObject({ id: p.id, items: FUYANG.items, now: '2026-06-16T09:30:00.000+08:00' })
    // 09:30: the 08:00–09:00 item is out, the night one (22:00–10:00, across midnight) still in.
    expect(read.active).toEqual([0, 2])
    t.clock.now += 3600_000
    expect(((await t.call('GET', `/${p.id}`, t.desk)).json() as PlaylistAnswer).active).toEqual([0])

    const night = { name: '春江 夜班', items: [{ region: '330111001001', page: 'water', dwell: 5 }], schedule: { from: '20:00', to: '08:00' } }
    const put = await t.call('PUT', `/${p.id}`, t.admin, night)
    expect(put.statusCode, put.body).toBe(200)
    expect(put.json()).toMatchObject({ id: p.id, name: '春江 夜班', region: '330111001001', schedule: night.schedule, createdBy: 'desk', updatedBy: 'admin' })
    // 10:30 is outside the playlist's own window: nothing shows.
    expect(((await t.call('GET', `/${p.id}`, t.desk)).json() as PlaylistAnswer).active).toEqual([])

    expect((await t.call('DELETE', `/${p.id}`, t.desk)).statusCode).toBe(204)
    expect((await t.call('GET', `/${p.id}`, t.desk)).statusCode).toBe(404)
    expect((await t.call('DELETE', `/${p.id}`, t.desk)).statusCode).toBe(404)
    expect((await t.audit()).map((e) => [e.actor, e.action, e.target])).toEqual([
      ['desk', 'playlist.deleted', `playlist:${p.id}`],
      ['admin', 'playlist.updated', `playlist:${p.id}`],
      ['desk', 'playlist.created', `playlist:${p.id}`],
    ])
  })

  it('names its version in an ETag: 304 without a body while unchanged, the new one after any edit, even at the same instant', async () => {
    const t = await setup()
    const p = (await t.call('POST', '', t.desk, FUYANG)).json() as Playlist
    const first = await t.call('GET', `/${p.id}`, t.display)
    const tag = first.headers.etag as string
    expect(tag).toMatch(/^"[\w-]+"$/)
    const ask = (etag: string, headers: Headers = t.display) =>
      app.inject({ method: 'GET', url: `/api/v1/playlists/${p.id}`, headers: { ...headers, 'if-none-match': etag } })
    const same = await ask(tag)
    expect([same.statusCode, same.body, same.headers.etag]).toEqual([304, '', tag])
    expect((await ask(`"other", W/${tag}`)).statusCode).toBe(304)
    // The server's clock moved: `now` and `active` are the wall's own business, the playlist is the same.
    t.clock.now += 3600_000
    expect((await ask(tag)).statusCode).toBe(304)

    // Two edits at the very same instant: a new version each time.
    expect((await t.call('PUT', `/${p.id}`, t.desk, { ...FUYANG, items: FUYANG.items.slice(0, 2) })).statusCode).toBe(200)
    const after = await ask(tag)
    expect(after.statusCode).toBe(200)
    expect((after.json() as PlaylistAnswer).items).toHaveLength(2)
    expect((await t.call('PUT', `/${p.id}`, t.desk, FUYANG)).statusCode).toBe(200)
    const again = await ask(after.headers.etag as string)
    expect(again.statusCode).toBe(200)
    expect(new Set([tag, after.headers.etag, again.headers.etag]).size).toBe(3)
    // Scope first: a tag does not open a playlist the caller may not see.
    expect((await ask(tag, t.xiuzhou)).statusCode).toBe(404)
  })

  it('answers 400 with details and writes nothing for a bad playlist', async () => {
    const t = await setup()
    const bad = async (body: unknown) => {
      const res = await t.call('POST', '', t.admin, body)
      expect(res.statusCode, res.body).toBe(400)
      return (res.json() as { details: Array<{ path: string }> }).details.map((d) => d.path)
    }
    const item = FUYANG.items[0]!
    expect(await bad({ name: 'x', items: [] })).toContain('/items')
    expect(await bad({ name: 'x', items: [{ ...item, dwell: 1 }] })).toContain('/items/0/dwell')
    expect(await bad({ name: 'x', items: [{ ...item, page: 'weather' }] })).toContain('/items/0/page')
    expect(await bad({ name: 'x', items: [{ ...item, period: 'decade' }] })).toContain('/items/0/period')
    expect(await bad({ name: 'x', items: [{ ...item, schedule: { from: '8:00', to: '09:00' } }] })).toContain('/items/0/schedule/from')
    expect(await bad({ name: 'x', items: [item, { ...item, region: '999999' }] })).toEqual(['/items/1/region'])
    expect(await bad({ name: 'x', items: [{ ...item, schedule: { from: '09:00', to: '09:00' } }] })).toEqual(['/items/0/schedule'])
    expect(await bad({ name: 'x', items: [{ ...item, period: { from: '2026-06-10', to: '2026-06-01' } }] })).toEqual(['/items/0/period'])
    expect(await bad({ name: 'x', items: [{ ...item, period: { from: '2026-02-30', to: '2026-03-01' } }] })).toEqual(['/items/0/period'])
    expect(await bad({ name: 'x', items: [item], extra: 1 })).toContain('/')
    expect(await t.names(t.admin)).toEqual([])
    expect(await t.audit()).toEqual([])
  })

  it('is scoped: an account sees and changes only playlists whose regions all lie in its scope; readers only read', async () => {
    const t = await setup()
    const mixed = await t.call('POST', '', t.admin, { name: '全省', items: [FUYANG.items[0], { region: '330411', page: 'overview', dwell: 10 }] })
    expect(mixed.json()).toMatchObject({ region: '330000' })
    const fuyang = (await t.call('POST', '', t.desk, FUYANG)).json() as Playlist
    const xiuzhou = (await t.call('POST', '', t.xiuzhou, { name: '秀洲', items: [{ region: '330411001', page: 'water', dwell: 30 }] })).json() as Playlist
    expect(xiuzhou.region).toBe('330411001')

    expect(await t.names(t.admin)).toEqual(['全省', '富阳 白班', '秀洲'].sort())
    expect(await t.names(t.desk)).toEqual(['富阳 白班'])
    expect(await t.names(t.display)).toEqual(['富阳 白班'])
    expect(await t.names(t.xiuzhou)).toEqual(['秀洲'])
    const mixedId = (mixed.json() as Playlist).id
    expect((await t.call('GET', `/${mixedId}`, t.desk)).statusCode).toBe(404)
    expect((await t.call('GET', `/${xiuzhou.id}`, t.desk)).statusCode).toBe(404)
    expect((await t.call('PUT', `/${xiuzhou.id}`, t.desk, FUYANG)).statusCode).toBe(404)
    expect((await t.call('DELETE', `/${mixedId}`, t.desk)).statusCode).toBe(404)

    // Writing a region outside the scope: 403, nothing written, into a new playlist or an own one.
    const outside = { name: '越界', items: [{ region: '330411', page: 'overview', dwell: 10 }] }
    expect((await t.call('POST', '', t.desk, outside)).statusCode).toBe(403)
    expect((await t.call('PUT', `/${fuyang.id}`, t.desk, outside)).statusCode).toBe(403)
    expect(((await t.call('GET', `/${fuyang.id}`, t.desk)).json() as Playlist).name).toBe('富阳 白班')

    // Leaders, viewers and display tokens read and never write.
    for (const who of [t.leader, t.viewer, t.display]) {
      expect((await t.call('GET', `/${fuyang.id}`, who)).statusCode).toBe(200)
      expect((await t.call('POST', '', who, FUYANG)).statusCode).toBe(403)
      expect((await t.call('PUT', `/${fuyang.id}`, who, FUYANG)).statusCode).toBe(403)
      expect((await t.call('DELETE', `/${fuyang.id}`, who)).statusCode).toBe(403)
    }
    expect((await t.call('GET', '', { authorization: 'Bearer nope' })).statusCode).toBe(401)
    expect(await t.names(t.admin)).toHaveLength(3)
  })

  it('is documented in the OpenAPI', async () => {
    await setup()
    const doc = (await app.inject({ url: '/docs/json' })).json() as { paths: Record<string, Record<string, unknown>> }
    expect(Object.keys(doc.paths['/api/v1/playlists']!)).toEqual(['get', 'post'])
    expect(Object.keys(doc.paths['/api/v1/playlists/{id}']!).sort()).toEqual(['delete', 'get', 'put'])
  })
})
