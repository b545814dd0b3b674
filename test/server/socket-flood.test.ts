import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { App } from '../../server/app'
import { SOCKET_EVENT_BUDGET, TokenBucket } from '../../server/live/eventBudget'
import type { SummaryPush } from '../../shared/live/protocol'
import { adminToken, ingestHeaders, testApp } from '../helpers/app'
import { reported } from '../helpers/events'
import { connect, connected, listen, subscribe, type LiveClient } from '../helpers/live'

describe('TokenBucket', () => {
  it('allows a burst, then the refill rate, never more than the burst after a pause', () => {
    const bucket = new TokenBucket({ burst: 3, perSecond: 2 }, 0)
    expect([1, 2, 3, 4].map(() => bucket.take(0))).toEqual([true, true, true, false])
    expect(bucket.take(400)).toBe(false) // 0.8 of a token
    expect(bucket.take(500)).toBe(true) // 1 token after 500 ms at 2/s
    expect(bucket.take(500)).toBe(false)
    expect([1, 2, 3, 4].map(() => bucket.take(60_000))).toEqual([true, true, true, false])
  })
})

describe('a socket that floods /live', () => {
  let app: App
  let base: string
  let token: string
  const sockets: LiveClient[] = []
  beforeAll(async () => {
    ;({ app } = await testApp())
    base = await listen(app)
    token = await adminToken(app)
  })
  afterAll(async () => {
    for (const s of sockets) s.disconnect()
    await app?.close()
  })
  const open = async () => {
    const s = connect(base, token)
    sockets.push(s)
    await connected(s)
    return s
  }

  it('is disconnected, while another client on the same server keeps its acks and pushes and /healthz answers', async () => {
    const watcher = await open()
    expect((await subscribe(watcher, '330111')).ok).toBe(true)
    const flooder = await open()

    const disconnected = new Promise<string>((resolve) => flooder.once('disconnect', resolve))
    let acks = 0
    for (let i = 0; i < 10_000; i++) flooder.emit('subscribe', { region: '330111' }, () => void (acks += 1))
    const health = fetch(`${base}/healthz`)

    // The server hung up on the flooder (not the client giving up)…
    expect(await disconnected).toBe('io server disconnect')
    // …having answered no more than its budget (the flood arrives in a few frames: usually none at all).
    expect(acks).toBeLessThanOrEqual(SOCKET_EVENT_BUDGET.burst + SOCKET_EVENT_BUDGET.perSecond * 5)
    expect((await health).status).toBe(200)

    // The other client was never disturbed: still connected, its acks and pushes still come.
    expect(watcher.connected).toBe(true)
    expect((await subscribe(watcher, '330111')).ok).toBe(true)
    const pushed = new Promise<SummaryPush>((resolve) => watcher.once('summary', resolve))
    const ingest = await app.inject({ method: 'POST', url: '/api/v1/events', headers: ingestHeaders, payload: { events: [reported('F1', '330111001001')] } })
    expect(ingest.statusCode).toBe(200)
    const push = await pushed
    expect(push.region).toBe('330111')
    expect(push.summary.cases.total).toBe(1)

    // A new connection with the same token is served as usual.
    const again = await open()
    expect((await subscribe(again, '330111')).ok).toBe(true)
  })
})
