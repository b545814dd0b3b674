import { randomBytes } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import type { App } from '../../server/app'
import { ingestHeaders, testApp } from '../helpers/app'
import { REDIS_URL } from '../helpers/cluster'
import { reported } from '../helpers/events'

const apps: App[] = []
afterAll(async () => {
  for (const app of apps) await app.close()
})

describe('rate limits with Redis', () => {
  it('counts in Redis, not in the process: another process on the same key goes on from the same count', async () => {
    const config = { redisUrl: REDIS_URL, redisPrefix: `yiping-test:${randomBytes(6).toString('hex')}`, ingestRateLimit: 3 }
    const send = (app: App, id: string) => app.inject({ method: 'POST', url: '/api/v1/events', headers: ingestHeaders, payload: { events: [reported(id, '330111001001')] } })
    const first = await testApp({ config })
    expect((await send(first.app, 'R1')).statusCode).toBe(200)
    expect((await send(first.app, 'R2')).statusCode).toBe(200)
    await first.app.close()
    // The same key (the same store) on a fresh process: its memory is empty, Redis is not.
    const second = (await testApp({ config, dataDir: first.dataDir })).app
    apps.push(second)
    expect((await send(second, 'R3')).statusCode).toBe(200)
    expect((await send(second, 'R4')).statusCode).toBe(429)
  })
})
