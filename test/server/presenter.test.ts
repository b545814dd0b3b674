import { afterEach, describe, expect, it } from 'vitest'
import type { App } from '../../server/app'
import type { PresenterPush, PresenterTake } from '../../shared/live/presenter'
import { accountSession, adminToken, login, testApp } from '../helpers/app'
import { connect, connected, listen, type LiveClient } from '../helpers/live'

let app: App
const clients: LiveClient[] = []
afterEach(async () => {
  for (const c of clients.splice(0)) c.close()
  await app?.close()
})

const NOW = Date.parse('2026-06-16T09:30:00+08:00')
const tokenOf = (h: { authorization: string }) => h.authorization.slice('Bearer '.length)

async function setup(config: { presenterIdleMinutes?: number } = {}, restartOf?: { dataDir: string; clock: { now: number } }) {
  const clock = restartOf?.clock ?? { now: NOW }
  let dataDir: string
  ;({ app, dataDir } = await testApp({ clock: () => clock.now, config, ...(restartOf ? { dataDir: restartOf.dataDir } : {}) }))
  const base = await listen(app)
  const admin = { authorization: `Bearer ${await adminToken(app)}` }
  const leader = restartOf ? { authorization: `Bearer ${await login(app, 'boss', 'boss-password')}` } : await accountSession(app, admin, { username: 'boss', role: 'leader', scope: '330111' })
  const viewer = restartOf ? admin : await accountSession(app, admin, { username: 'watch', role: 'viewer', scope: '330111' })
  const kiosk = async (region: string) =>
    ((await app.inject({ method: 'POST', url: '/api/v1/kiosk-tokens', headers: admin, payload: { label: '大屏', region } })).json() as { token: string }).token
  const client = async (token: string) => {
    const c = connect(base, token)
    clients.push(c)
    await connected(c)
    return c
  }
  const watch = async (c: LiveClient, wall: string) => c.timeout(5000).emitWithAck('presenter:watch', { wall })
  const take = (c: LiveClient, req: PresenterTake) => c.timeout(5000).emitWithAck('presenter:take', req)
  const release = (c: LiveClient, wall: string) => c.timeout(5000).emitWithAck('presenter:release', { wall })
  const next = (c: LiveClient) => new Promise<PresenterPush>((resolve) => c.once('presenter:state', resolve))
  const audit = async () =>
    ((await app.inject({ url: '/api/v1/audit?action=presenter', headers: admin })).json() as { items: Array<{ actor: string; action: string; target: string }> }).items
  return { clock, dataDir, admin, leader, viewer, kiosk, client, watch, take, release, next, audit }
}

describe('presenter mode (主控)', () => {
  it('relays a seat’s take to every wall of that name, changes it, and hands it back on release; audited', async () => {
    const t = await setup()
    const wall = await t.client(await t.kiosk('330111'))
    const other = await t.client(await t.kiosk('330111'))
    expect(await t.watch(wall, 'hall')).toEqual({ ok: true, state: null })
    expect(await t.watch(other, 'lobby')).toEqual({ ok: true, state: null })
    const seat = await t.client(tokenOf(t.leader))

    const pushed = t.next(wall)
    const took = await t.take(seat, { wall: 'hall', region: '330111001', page: 'petition', period: 'month' })
    expect(took).toMatchObject({ ok: true, state: { wall: 'hall', region: '330111001', page: 'petition', period: 'month', asOf: null, by: 'boss' } })
    expect((await pushed).state).toMatchObject({ region: '330111001', page: 'petition', idleUntil: '2026-06-16T09:35:00.000+08:00' })

    // A wall opened afterwards learns the state from its watch; a change reaches both.
    const late = await t.client(await t.kiosk('330111'))
    expect(await t.watch(late, 'hall')).toMatchObject({ ok: true, state: { region: '330111001' } })
    const changed = Promise.all([t.next(wall), t.next(late)])
    const asOf = '2026-06-16T08:00:00+08:00'
    await t.take(seat, { wall: 'hall', region: '330111', page: 'overview', period: { from: '2026-06-01', to: '2026-06-10' }, asOf })
    for (const p of await changed) expect(p.state).toMatchObject({ region: '330111', page: 'overview', period: { from: '2026-06-01', to: '2026-06-10' }, asOf })

    const released = Promise.all([t.next(wall), t.next(late)])
    expect(await t.release(seat, 'hall')).toEqual({ ok: true })
    for (const p of await released) expect(p).toEqual({ wall: 'hall', state: null })
    // The lobby heard nothing of the hall.
    expect(await t.watch(other, 'lobby')).toEqual({ ok: true, state: null })
    expect((await t.audit()).map((e) => [e.actor, e.action, e.target])).toEqual([
      ['boss', 'presenter.release', 'wall:hall'],
      ['boss', 'presenter.take', 'wall:hall'],
      ['boss', 'presenter.take', 'wall:hall'],
    ])
  })

  it('refuses display tokens, viewers and regions outside the seat’s scope; a wall is told only what it may read', async () => {
    const t = await setup()
    const display = await t.client(await t.kiosk('330111'))
    const viewer = await t.client(tokenOf(t.viewer))
    const seat = await t.client(tokenOf(t.leader))
    for (const c of [display, viewer]) {
      const refused = await t.take(c, { wall: 'hall', region: '330111', page: 'overview' })
      expect(refused.ok).toBe(false)
      expect(await t.release(c, 'hall')).toMatchObject({ ok: false })
      expect(await c.timeout(5000).emitWithAck('presenter:walls', {})).toMatchObject({ ok: false })
    }
    expect(await t.take(seat, { wall: 'hall', region: '330411', page: 'overview' })).toMatchObject({ ok: false, error: expect.stringContaining('outside') })
    expect(await t.take(seat, { wall: 'bad name!', region: '330111', page: 'overview' })).toMatchObject({ ok: false, error: expect.stringContaining('invalid take') })
    expect(await t.take(seat, { wall: 'hall', region: '330111', page: 'overview', period: { from: '2026-06-10', to: '2026-06-01' } })).toMatchObject({
      ok: false,
      error: 'invalid take: /period the range ends before it starts',
    })
    expect(await t.take(seat, { wall: 'hall', region: '330111', page: 'overview', period: { from: '2026-02-30', to: '2026-03-01' } })).toMatchObject({
      ok: false,
      error: 'invalid take: /period not a calendar day',
    })
    expect(await t.take(seat, { wall: 'hall', region: '330111', page: 'overview', asOf: '2026-06-17T00:00:00+08:00' })).toMatchObject({ ok: false })

    // An admin drives the hall to 秀洲: 富阳's display may not read it and is told the wall is handed back.
    const adminSeat = await t.client(tokenOf(t.admin))
    const xiuzhouWall = await t.client(await t.kiosk('330411'))
    await t.watch(display, 'hall')
    await t.watch(xiuzhouWall, 'hall')
    const [toFuyang, toXiuzhou] = [t.next(display), t.next(xiuzhouWall)]
    await t.take(adminSeat, { wall: 'hall', region: '330411', page: 'water' })
    expect(await toFuyang).toEqual({ wall: 'hall', state: null })
    expect((await toXiuzhou).state).toMatchObject({ region: '330411', page: 'water', by: 'admin' })
    // 富阳's leader cannot release a wall driven outside its scope.
    expect(await t.release(seat, 'hall')).toMatchObject({ ok: false, error: expect.stringContaining('outside') })
    expect(await adminSeat.timeout(5000).emitWithAck('presenter:walls', {})).toEqual({ ok: true, walls: ['hall'] })
    expect((await t.audit()).map((e) => e.action)).toEqual(['presenter.take'])
  })

  it('hands the wall back after the idle minutes by the app clock, unless the seat changed it meanwhile', async () => {
    const t = await setup({ presenterIdleMinutes: 2 })
    const wall = await t.client(await t.kiosk('330111'))
    await t.watch(wall, 'hall')
    const seat = await t.client(tokenOf(t.leader))
    await t.take(seat, { wall: 'hall', region: '330111001', page: 'fire' })
    t.clock.now += 90_000
    await t.take(seat, { wall: 'hall', region: '330111002', page: 'fire' })
    t.clock.now += 90_000
    await app.presenter.expireIdle()
    expect(await t.watch(wall, 'hall')).toMatchObject({ ok: true, state: { region: '330111002' } })

    const back = t.next(wall)
    t.clock.now += 30_000
    await app.presenter.expireIdle()
    expect(await back).toEqual({ wall: 'hall', state: null })
    expect(await t.watch(wall, 'hall')).toEqual({ ok: true, state: null })
    const audit = await t.audit()
    expect(audit[0]).toMatchObject({ actor: 'system', action: 'presenter.release', target: 'wall:hall' })
  })

  it('keeps what is held across a restart of the node (read back from the audit trail), and hands it back when idle', async () => {
    const before = await setup()
    const seat = await before.client(tokenOf(before.leader))
    const asOf = '2026-06-16T08:00:00+08:00'
    await before.take(seat, { wall: 'old', region: '330111', page: 'water' })
    await before.take(seat, { wall: 'lobby', region: '330111', page: 'fire', period: 'week' })
    await before.release(seat, 'lobby')
    before.clock.now += 4 * 60_000
    const took = await before.take(seat, { wall: 'hall', region: '330111001', page: 'petition', period: { from: '2026-06-01', to: '2026-06-10' }, asOf })
    expect(took.ok).toBe(true)
    for (const c of clients.splice(0)) c.close()
    await app.close()

    // Two minutes later the node is back: the hall is still held, the lobby was released, the old take has idled out.
    before.clock.now += 2 * 60_000
    const t = await setup({}, { dataDir: before.dataDir, clock: before.clock })
    const wall = await t.client(await t.kiosk('330111'))
    // The test clock stands still, so the audit line's instant is the take's own.
    expect(await t.watch(wall, 'hall')).toEqual({ ok: true, state: (took as { state: unknown }).state })
    expect(await t.watch(wall, 'lobby')).toEqual({ ok: true, state: null })
    expect(await t.watch(wall, 'old')).toEqual({ ok: true, state: null })
    // The seat sees it held by itself, and may hand it back.
    const again = await t.client(tokenOf(t.leader))
    expect(await t.watch(again, 'hall')).toMatchObject({ ok: true, state: { by: 'boss', region: '330111001' } })

    // Idle by the clock: handed back, by the node that restored it (alone, it audits too).
    const back = t.next(wall)
    t.clock.now += 3 * 60_000
    await app.presenter.expireIdle()
    expect(await back).toEqual({ wall: 'hall', state: null })
    expect((await t.audit())[0]).toMatchObject({ actor: 'system', action: 'presenter.release', target: 'wall:hall' })
  })
})
