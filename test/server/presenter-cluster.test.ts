import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PresenterPush } from '../../shared/live/presenter'
import { getJson, TestCluster, type Node } from '../helpers/cluster'
import { connect, connected, type LiveClient } from '../helpers/live'

/**
 * Presenter mode across nodes: a seat on A drives a wall on B through the Redis Streams adapter, and
 * B and C hand their walls back when idle even after A is gone, one of them auditing it. Idle time 15 s here (a real clock: separate
 * processes), far more than the first story needs.
 */
const IDLE = { YIPING_PRESENTER_IDLE_MINUTES: '0.25' }
const cluster = new TestCluster()
let a: Node
let b: Node
let c: Node
const clients: LiveClient[] = []

beforeAll(async () => {
  await cluster.seed()
  a = await cluster.start('node-a', IDLE)
  b = await cluster.start('node-b', IDLE)
  c = await cluster.start('node-c', IDLE)
}, 180_000)
afterAll(async () => {
  for (const c of clients) c.close()
  await cluster.stop()
})

async function client(n: Node): Promise<LiveClient> {
  const c = connect(n.base, n.token)
  clients.push(c)
  await connected(c)
  return c
}
const next = (c: LiveClient) => new Promise<PresenterPush>((resolve) => c.once('presenter:state', resolve))

describe('presenter mode on several nodes', () => {
  it('relays a take on A to a wall on B, tells B of it for walls opened later, and the release too', async () => {
    const wall = await client(b)
    expect(await wall.timeout(5000).emitWithAck('presenter:watch', { wall: 'hall' })).toEqual({ ok: true, state: null })
    const seat = await client(a)
    // B's wall is in the list A gives (the adapter asks every node).
    expect(await seat.timeout(5000).emitWithAck('presenter:walls', {})).toEqual({ ok: true, walls: ['hall'] })

    const pushed = next(wall)
    expect(await seat.timeout(5000).emitWithAck('presenter:take', { wall: 'hall', region: '330411', page: 'water' })).toMatchObject({ ok: true })
    expect((await pushed).state).toMatchObject({ wall: 'hall', region: '330411', page: 'water', by: 'admin' })
    const late = await client(b)
    expect(await late.timeout(5000).emitWithAck('presenter:watch', { wall: 'hall' })).toMatchObject({ ok: true, state: { region: '330411' } })

    const released = next(wall)
    expect(await seat.timeout(5000).emitWithAck('presenter:release', { wall: 'hall' })).toEqual({ ok: true })
    expect(await released).toEqual({ wall: 'hall', state: null })
  }, 60_000)

  it('hands B’s and C’s walls back when the take idles out, though A, which took it, was killed, and audits it once', async () => {
    const walls = [await client(b), await client(c)]
    for (const w of walls) await w.timeout(5000).emitWithAck('presenter:watch', { wall: 'lobby' })
    const seat = await client(a)
    const pushed = walls.map(next)
    await seat.timeout(5000).emitWithAck('presenter:take', { wall: 'lobby', region: '330111', page: 'fire' })
    for (const p of await Promise.all(pushed)) expect(p.state).toMatchObject({ region: '330111', page: 'fire' })
    const back = walls.map(next)
    await cluster.kill(a)
    expect(await Promise.all(back)).toEqual([
      { wall: 'lobby', state: null },
      { wall: 'lobby', state: null },
    ])
    // A node audits before it tells its own screens: with both walls told, every line there is to be is written.
    const trail = await getJson<{ items: { actor: string; target: string; note: string }[] }>(b, '/api/v1/audit?action=presenter.release')
    expect(trail.items.filter((e) => e.target === 'wall:lobby')).toEqual([
      expect.objectContaining({ actor: 'system', note: expect.stringContaining('admin 无操作') }),
    ])
  }, 60_000)
})
