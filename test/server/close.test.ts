import { connect as tcpConnect, type AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { testApp } from '../helpers/app'
import { listen } from '../helpers/live'

describe('closing the server', () => {
  // A browser opens spare connections ahead of need; one that never sends a request must not hold
  // a restarting node dark until Node's header timeout (some 30 s, beyond this test's limit).
  it('finishes with a connection open that never sent a request', { timeout: 10_000 }, async () => {
    const { app } = await testApp()
    await listen(app)
    const { port } = app.server.address() as AddressInfo
    const silent = tcpConnect({ port, host: '127.0.0.1' })
    await new Promise<void>((resolve) => silent.once('connect', () => resolve()))
    const ended = new Promise<void>((resolve) => silent.once('close', () => resolve()))
    await app.close()
    await ended
    expect(silent.destroyed).toBe(true)
  })
})
