import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PresenterTake } from '../../shared/live/presenter'
import { TestCluster, type Node } from '../helpers/cluster'
import { connect, connected, type LiveClient } from '../helpers/live'

/**
 * Presenter mode survives its nodes: what is held is in the shared database (the audit trail of
 * takes and releases), so a node restarted (-9) after a take, or started after it, tells its walls
 * what the seat shows. The idle time is the default five minutes: nothing idles during the test.
 */
const cluster = new TestCluster()
let a: Node
const clients: LiveClient[] = []

beforeAll(async () => {
  await cluster.seed()
  a = await cluster.start('node-a')
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

describe('presenter mode across restarts', () => {
  it('a node restarted after the take still tells its walls what is held, and a seat on it may hand it back', async () => {
    let b = await cluster.start('node-b')
    const seat = await client(a)
    const take: PresenterTake = { wall: 'atrium', region: '330111', page: 'water', period: { from: '2026-06-01', to: '2026-06-10' } }
    const took = await seat.timeout(5000).emitWithAck('presenter:take', take)
    expect(took).toMatchObject({ ok: true, state: { ...take, by: 'admin' } })
    const state = (took as { state: unknown }).state
    const before = await client(b)
    expect(await before.timeout(5000).emitWithAck('presenter:watch', { wall: 'atrium' })).toEqual({ ok: true, state })

    await cluster.kill(b)
    b = await cluster.start('node-b')
    // A node that was not there at the take: a third one, started only now.
    const c = await cluster.start('node-c')
    // Read back from the trail: the take as sent, its time that of its audit line (the same instant, give or take a few ms).
    const held = state as { idleUntil: string }
    for (const n of [b, c]) {
      const wall = await client(n)
      const ack = (await wall.timeout(5000).emitWithAck('presenter:watch', { wall: 'atrium' })) as { ok: true; state: { idleUntil: string } }
      expect(ack, n.id).toMatchObject({ ok: true, state: { ...take, by: 'admin' } })
      expect(Math.abs(Date.parse(ack.state.idleUntil) - Date.parse(held.idleUntil)), n.id).toBeLessThan(1000)
    }

    const wall = await client(c)
    await wall.timeout(5000).emitWithAck('presenter:watch', { wall: 'atrium' })
    const released = new Promise((resolve) => wall.once('presenter:state', resolve))
    const seatB = await client(b)
    expect(await seatB.timeout(5000).emitWithAck('presenter:release', { wall: 'atrium' })).toEqual({ ok: true })
    expect(await released).toEqual({ wall: 'atrium', state: null })
    const onA = await client(a)
    expect(await onA.timeout(5000).emitWithAck('presenter:watch', { wall: 'atrium' })).toEqual({ ok: true, state: null })
  }, 240_000)
})
