import Fastify from 'fastify'
import { io } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { App } from '../../server/app'
import { loggerOptions, REDACTED, secretRedactor } from '../../server/security/logRedaction'
import { LIVE_NAMESPACE } from '../../shared/live/protocol'
import { ADMIN_PASSWORD, INGEST_KEY, ingestHeaders, testApp } from '../helpers/app'
import { reported } from '../helpers/events'
import { connect, connected, listen, subscribe } from '../helpers/live'

describe('secretRedactor', () => {
  const redact = secretRedactor(['my "quoted" ingest key'])
  it('replaces credentials in URLs, headers, our secret formats and configured secrets', () => {
    expect(redact('GET /?region=330000&token=kt_abc&x=1')).toBe(`GET /?region=330000&token=${REDACTED}&x=1`)
    expect(redact('/duty?token=st_zzz#a')).toBe(`/duty?token=${REDACTED}#a`)
    expect(redact('"authorization":"Bearer yk_123"')).toBe(`"authorization":"Bearer ${REDACTED}"`)
    expect(redact(`failed for kt_${'A'.repeat(43)}.`)).toBe(`failed for kt_${REDACTED}.`)
    expect(redact('{"msg":"key my \\"quoted\\" ingest key"}')).toBe(`{"msg":"key ${REDACTED}"}`)
    expect(redact('GET /api/v1/summary?region=330000&tokens=3')).toBe('GET /api/v1/summary?region=330000&tokens=3')
  })
})

/** Fields that name a credential, at the top, one level down, or in headers; secrets no line-pass pattern knows. */
describe('the logger’s field redaction', () => {
  const lines: string[] = []
  const log = Fastify({ logger: loggerOptions({ level: 'info', secrets: [], stream: { write: (l: string) => void lines.push(l) } }) }).log
  const last = () => JSON.parse(lines.at(-1)!) as Record<string, unknown>

  it('censors token, password and authorization fields and cookies, leaves the rest and the caller’s objects alone', () => {
    const fields = {
      token: 'plain-1',
      password: 'plain-2',
      user: { name: 'admin', password: 'plain-3', token: 'plain-4' },
      upstream: { status: 502, headers: { authorization: 'plain-5', cookie: 'plain-6', accept: 'text/html' } },
      headers: { cookie: 'plain-7', host: 'wall' },
      deep: { a: { token: 'kept: three levels down is not a path' } },
      at: new Date(0),
    }
    const before = structuredClone(fields)
    log.info(fields, 'fields')
    expect(last()).toMatchObject({
      msg: 'fields',
      token: REDACTED,
      password: REDACTED,
      user: { name: 'admin', password: REDACTED, token: REDACTED },
      upstream: { status: 502, headers: { authorization: REDACTED, cookie: REDACTED, accept: 'text/html' } },
      headers: { cookie: REDACTED, host: 'wall' },
      deep: { a: { token: 'kept: three levels down is not a path' } },
      at: '1970-01-01T00:00:00.000Z',
    })
    expect(lines.at(-1)).not.toMatch(/plain-\d/)
    expect(fields).toEqual(before)
  })

  it('censors an error’s own fields and keeps its message and stack', () => {
    const err = Object.assign(new Error('upstream refused'), { token: 'plain-8', headers: { authorization: 'plain-9' }, code: 'E_UP' })
    log.error({ err }, 'failed')
    log.error(err)
    for (const line of lines.slice(-2)) expect(line).not.toMatch(/plain-\d/)
    expect(last()).toMatchObject({ err: { type: 'Error', message: 'upstream refused', code: 'E_UP', token: REDACTED, headers: { authorization: REDACTED } } })
    expect((last().err as { stack: string }).stack).toContain('upstream refused')
    expect(err.token).toBe('plain-8')
  })
})

/**
 * A real server logging at debug into memory; everything a wall, a desk, an integrator and an
 * attacker do that carries a credential; then not one of those credentials may be in the log.
 */
describe('the log of a real server', () => {
  let app: App
  let base: string
  const lines: string[] = []
  const secrets: string[] = [ADMIN_PASSWORD, INGEST_KEY]
  const log = () => lines.join('')

  beforeAll(async () => {
    ;({ app } = await testApp({ logger: { level: 'debug', stream: { write: (line: string) => void lines.push(line) } } }))
    base = await listen(app)
  })
  afterAll(async () => app?.close())

  it('holds no token, key or password after logins, kiosk URLs, bearer calls, ingest and sockets', async () => {
    const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${base}${url}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })

    const login = await post('/api/v1/login', { username: 'admin', password: ADMIN_PASSWORD })
    expect(login.status).toBe(200)
    const session = ((await login.json()) as { token: string }).token
    secrets.push(session)
    expect((await post('/api/v1/login', { username: 'admin', password: `${ADMIN_PASSWORD}-wrong` })).status).toBe(401)
    secrets.push(`${ADMIN_PASSWORD}-wrong`)
    const bearer = { authorization: `Bearer ${session}` }

    const kiosk = await post('/api/v1/kiosk-tokens', { region: '330111', label: '富阳大屏' }, bearer)
    expect(kiosk.status).toBe(201)
    const { token: kioskToken, url: kioskUrl } = (await kiosk.json()) as { token: string; url: string }
    secrets.push(kioskToken)

    // A wall and a desk opened with the token in the address; a forged one; a page that fails.
    for (const url of [kioskUrl, `/duty?region=330111&token=${kioskToken}`, `/?token=${kioskToken}&region=330000`]) expect((await fetch(`${base}${url}`)).status).toBeLessThan(500)
    const forged = `kt_${'F'.repeat(43)}`
    secrets.push(forged)
    expect((await fetch(`${base}/api/v1/summary?region=330000&token=${forged}`)).status).toBe(401)
    expect((await fetch(`${base}/api/v1/summary?region=330000`, { headers: { authorization: `Bearer ${forged}` } })).status).toBe(401)
    expect((await fetch(`${base}/api/v1/%E0%A4%A?token=${kioskToken}`)).status).toBe(400)

    // Bearer calls by the session and the kiosk token, and an ingest with the key.
    expect((await fetch(`${base}/api/v1/summary?region=330111`, { headers: bearer })).status).toBe(200)
    expect((await fetch(`${base}/api/v1/me`, { headers: { authorization: `Bearer ${kioskToken}` } })).status).toBe(200)
    expect((await post('/api/v1/events', { events: [reported('L1', '330111001001')] }, ingestHeaders)).status).toBe(200)

    // Sockets: the wall's, one by long-polling, one with a forged token, one with the token in the query.
    const wall = connect(base, kioskToken)
    await connected(wall)
    expect((await subscribe(wall, '330111')).ok).toBe(true)
    const polling = io(`${base}${LIVE_NAMESPACE}`, { auth: { token: session }, transports: ['polling'], reconnection: false, forceNew: true })
    await connected(polling)
    await expect(connected(connect(base, forged))).rejects.toThrow(/unauthorized/)
    const inQuery = io(`${base}${LIVE_NAMESPACE}`, { query: { token: kioskToken }, transports: ['websocket'], reconnection: false, forceNew: true })
    await expect(connected(inQuery)).rejects.toThrow(/unauthorized/)
    wall.disconnect()
    polling.disconnect()
    inQuery.disconnect()
    // Once the server has let every socket go, no push to them reads the figures the error below breaks
    // (a flush for the wall's view while it was broken threw from the hub's timer).
    await expect.poll(() => app.io.of(LIVE_NAMESPACE).sockets.size).toBe(0)

    // A server error on a URL that carries a token: the error is logged with the request.
    Object.defineProperty(app.aggregator, 'seq', {
      configurable: true,
      get() {
        throw new Error(`figures unavailable for token=${kioskToken}`)
      },
    })
    expect((await fetch(`${base}/healthz?token=${kioskToken}`)).status).toBe(500)
    delete (app.aggregator as { seq?: number }).seq

    // The log did record all that (so the check below is not vacuous)…
    const text = log()
    expect(lines.length).toBeGreaterThan(30)
    expect(text).toContain('"url":"/?region=330111&token=[redacted]"')
    expect(text).toContain('"url":"/duty?region=330111&token=[redacted]"')
    expect(text).toContain('live connection refused')
    expect(text).toContain('live socket connected')
    expect(text).toContain('"url":"/socket.io/?token=[redacted]&EIO=4&transport=websocket"')
    expect(text).toContain('request failed')
    // …and holds none of the secrets.
    for (const secret of secrets) expect(text, `the log contains ${secret.slice(0, 6)}…`).not.toContain(secret)
    expect(text).not.toMatch(/\b(st|kt|yk)_[A-Za-z0-9_-]{20,}/)
  })
})
