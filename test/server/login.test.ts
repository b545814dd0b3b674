import { afterEach, describe, expect, it, vi } from 'vitest'
import type { App } from '../../server/app'
import * as secrets from '../../server/auth/secrets'
import { ADMIN_PASSWORD, testApp } from '../helpers/app'

// Every password check of the server goes through this spy, so a test can see what was hashed.
vi.mock('../../server/auth/secrets', async (importOriginal) => {
  const real = await importOriginal<typeof secrets>()
  return { ...real, verifyPassword: vi.fn(real.verifyPassword) }
})

let app: App | undefined
let now = Date.parse('2026-07-01T09:00:00+08:00')
afterEach(async () => {
  await app?.close()
  app = undefined
})
const start = async (config = {}) => {
  now = Date.parse('2026-07-01T09:00:00+08:00')
  ;({ app } = await testApp({ clock: () => now, config }))
  return app
}
const MIN = 60_000
const attempt = (username: string, password: string, ip = '127.0.0.1') =>
  app!.inject({ method: 'POST', url: '/api/v1/login', payload: { username, password }, headers: { 'x-forwarded-for': ip } })

// Every attempt runs scrypt (a dummy hash for unknown usernames): allow for a machine shared with other test runs.
const SLOW = 120_000

describe('login lockout per username', { timeout: SLOW }, () => {
  it('locks a username after 5 failures within 15 minutes, says until when, and lets it in again when the lock ends', async () => {
    await start()
    for (let i = 0; i < 4; i++) {
      expect((await attempt('admin', `wrong-${i}`)).statusCode).toBe(401)
      now += 2 * MIN
    }
    const fifth = await attempt('admin', 'wrong-4')
    expect(fifth.statusCode).toBe(429)
    const until = now + 15 * MIN
    const message = (fifth.json() as { error: string }).error
    expect(message).toContain('locked until 2026-07-01T09:23:00')
    expect(message).toMatch(/5 failures within 15 minutes/)
    expect(Number(fifth.headers['retry-after'])).toBe(15 * 60)

    // The right password changes nothing while locked, and retrying does not extend the lock.
    now += 5 * MIN
    expect((await attempt('admin', ADMIN_PASSWORD)).statusCode).toBe(429)
    now = until - 1
    expect((await attempt('admin', ADMIN_PASSWORD)).statusCode).toBe(429)
    now = until
    expect((await attempt('admin', ADMIN_PASSWORD)).statusCode).toBe(200)
  })

  it('does not lock for failures spread over more than 15 minutes, and a success starts the count again', async () => {
    await start()
    for (let i = 0; i < 8; i++) {
      expect((await attempt('admin', 'wrong')).statusCode).toBe(401)
      now += 4 * MIN
    }
    now += 15 * MIN
    for (let i = 0; i < 4; i++) await attempt('admin', 'wrong')
    expect((await attempt('admin', ADMIN_PASSWORD)).statusCode).toBe(200)
    for (let i = 0; i < 4; i++) expect((await attempt('admin', 'wrong')).statusCode).toBe(401)
  })

  it('locks an unknown username exactly like a known one (the lock says nothing about existence), without touching another', async () => {
    await start()
    const answers = []
    for (let i = 0; i < 6; i++) answers.push((await attempt('nobody', 'wrong')).statusCode)
    expect(answers).toEqual([401, 401, 401, 401, 429, 429])
    expect((await attempt('admin', ADMIN_PASSWORD)).statusCode).toBe(200)
  })

  it('checks an unknown username against a dummy hash of the same cost as a real one', async () => {
    await start()
    const verify = vi.mocked(secrets.verifyPassword)
    verify.mockClear()
    await attempt('admin', 'wrong')
    await attempt('nobody', 'wrong')
    expect(verify).toHaveBeenCalledTimes(2)
    const [known, unknown] = verify.mock.calls.map(([, hash]) => hash)
    const params = (h: string) => h.split('$').slice(0, 4).join('$')
    expect(params(unknown!)).toBe(params(known!))
    expect(unknown).not.toBe(known)
    expect(await verify.mock.results[1]!.value).toBe(false)
  })

  it('records logins and failures in the audit trail with the client address', async () => {
    await start()
    await attempt('admin', 'wrong', '203.0.113.9')
    await attempt('admin', ADMIN_PASSWORD, '203.0.113.9')
    const page = await app!.store.duty.queryAudit({ action: 'login', limit: 10 })
    expect(page.items.map((e) => [e.action, e.actor, e.note])).toEqual([
      ['login', 'admin', 'from 127.0.0.1'],
      ['login.failed', 'admin', 'from 127.0.0.1'],
    ])
  })
})

describe('behind a reverse proxy (YIPING_TRUST_PROXY)', { timeout: SLOW }, () => {
  it('limits logins per client address taken from X-Forwarded-For, not per proxy', async () => {
    await start({ trustProxy: 'loopback' })
    for (let i = 0; i < 20; i++) await attempt(`user${i}`, 'wrong', '203.0.113.1')
    expect((await attempt('user-x', 'wrong', '203.0.113.1')).statusCode).toBe(429)
    expect((await attempt('admin', ADMIN_PASSWORD, '203.0.113.2')).statusCode).toBe(200)
    const [entry] = (await app!.store.duty.queryAudit({ action: 'login', actor: 'admin', limit: 1 })).items
    expect(entry?.note).toBe('from 203.0.113.2')
  })

  it('ignores X-Forwarded-For when no proxy is trusted: one client cannot pose as many', async () => {
    await start()
    for (let i = 0; i < 20; i++) await attempt(`user${i}`, 'wrong', `203.0.113.${i}`)
    expect((await attempt('admin', ADMIN_PASSWORD, '203.0.113.99')).statusCode).toBe(429)
  })
})
