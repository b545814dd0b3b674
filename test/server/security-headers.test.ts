import fs from 'node:fs'
import { IncomingMessage, ServerResponse } from 'node:http'
import { Socket } from 'node:net'
import path from 'node:path'
import helmet from 'helmet'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { App } from '../../server/app'
import { configFromEnv } from '../../server/config'
import { CLIENT_DIR } from '../../server/plugins/external/static'
import { parseFrameAncestors, parseVideoOrigins, SWAGGER_LOGO_STYLE_HASH } from '../../server/security/headers'
import { helmetOptions } from '../../server/security/helmetOptions'
import { testApp } from '../helpers/app'
import { listen } from '../helpers/live'

type Headers = Record<string, string | string[] | number | undefined>

/** The CSP header as { directive: sources }. */
function directives(header: unknown): Record<string, string[]> {
  expect(typeof header).toBe('string')
  return Object.fromEntries(
    String(header)
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!, values]),
  )
}

/** Every header helmet itself sets on a response for these options, names in lower case. */
function helmetHeaders(frameAncestors: readonly string[], videoOrigins: readonly string[]): Record<string, unknown> {
  const req = new IncomingMessage(new Socket())
  const res = new ServerResponse(req)
  res.setHeader('X-Powered-By', 'something')
  helmet(helmetOptions(frameAncestors, videoOrigins))(req, res, (err) => {
    if (err) throw err
  })
  return res.getHeaders()
}

function expectHardened(h: Headers, what: string) {
  const csp = directives(h['content-security-policy'])
  expect(csp['script-src'], what).toEqual(["'self'"])
  expect(csp['script-src-attr'], what).toEqual(["'none'"])
  expect(csp['default-src'], what).toEqual(["'self'"])
  expect(csp['object-src'], what).toEqual(["'none'"])
  expect(csp['frame-ancestors'], what).toEqual(["'self'"])
  for (const values of Object.values(csp)) expect(values, what).not.toContain('https:')
  expect(csp['style-src-elem'], what).not.toContain("'unsafe-inline'")
  expect(h['x-content-type-options'], what).toBe('nosniff')
  expect(h['referrer-policy'], what).toBe('no-referrer')
  expect(h['x-frame-options'], what).toBe('SAMEORIGIN')
  // HSTS is the TLS proxy's to send (docs/security.md).
  expect(h['strict-transport-security'], what).toBeUndefined()
}

describe('security headers on every answer', () => {
  let app: App
  beforeAll(async () => {
    ;({ app } = await testApp())
  })
  afterAll(async () => app?.close())

  it('on pages, static files, API answers, 401s, 404s, 400s, 413s and malformed URLs', async () => {
    const built = fs.existsSync(path.join(CLIENT_DIR, 'index.html'))
    const asset = built ? fs.readdirSync(path.join(CLIENT_DIR, 'assets')).find((f) => f.endsWith('.js')) : undefined
    const requests: Array<{ what: string; url: string; method?: 'GET' | 'POST'; payload?: string; status: number }> = [
      { what: 'the wall', url: '/?region=330000&token=kt_x', status: built ? 200 : 503 },
      { what: 'the duty desk', url: '/duty', status: built ? 200 : 404 },
      { what: 'health', url: '/healthz', status: 200 },
      { what: 'a map file', url: '/geo/manifest.json', status: built ? 200 : 404 },
      { what: 'no token', url: '/api/v1/summary?region=330000', status: 401 },
      { what: 'no route', url: '/no/such/page', status: 404 },
      { what: 'a malformed URL', url: '/api/v1/%E0%A4%A', status: 400 },
      { what: 'bad JSON', url: '/api/v1/login', method: 'POST', payload: '{"username":', status: 400 },
      { what: 'a body too large', url: '/api/v1/login', method: 'POST', payload: JSON.stringify({ username: 'x'.repeat(2 * 1024 * 1024), password: 'y' }), status: 413 },
    ]
    if (asset) requests.push({ what: 'a built script', url: `/assets/${asset}`, status: 200 })
    for (const r of requests) {
      const res = await app.inject({ method: r.method ?? 'GET', url: r.url, payload: r.payload, headers: r.payload ? { 'content-type': 'application/json' } : {} })
      expect(res.statusCode, r.what).toBe(r.status)
      expectHardened(res.headers, r.what)
    }
  })

  it('are exactly the headers helmet itself sets for the configuration', async () => {
    const configs = [
      { frameAncestors: parseFrameAncestors(undefined), videoOrigins: [] },
      { frameAncestors: parseFrameAncestors("'self' https://portal.example.gov.cn"), videoOrigins: parseVideoOrigins('https://video.example.gov.cn:8443') },
      { frameAncestors: parseFrameAncestors('none'), videoOrigins: [] },
    ]
    for (const config of configs) {
      const expected = helmetHeaders(config.frameAncestors, config.videoOrigins)
      expect(expected['x-powered-by']).toBeUndefined()
      expect(Object.keys(expected).length).toBeGreaterThan(8)
      const { app: other } = await testApp({ config })
      try {
        for (const url of ['/healthz', '/api/v1/summary?region=330000', '/no/such/page']) {
          const res = await other.inject({ url })
          for (const [name, value] of Object.entries(expected)) expect(res.headers[name], `${url} ${name}`).toBe(value)
        }
      } finally {
        await other.close()
      }
    }
  })

  it('a 500 carries them too', async () => {
    const { app: failing } = await testApp()
    try {
      Object.defineProperty(failing.aggregator, 'seq', {
        get() {
          throw new Error('figures unavailable')
        },
      })
      const res = await failing.inject({ url: '/healthz' })
      expect(res.statusCode).toBe(500)
      expectHardened(res.headers, 'a 500')
    } finally {
      await failing.close()
    }
  })

  it('/docs has its own policy: the same, plus the hash of the Swagger logo style', async () => {
    for (const url of ['/docs', '/docs/static/index.html', '/docs/json']) {
      const res = await app.inject({ url })
      expect(res.statusCode === 200 || res.statusCode === 302, url).toBe(true)
      const csp = directives(res.headers['content-security-policy'])
      expect(csp['style-src-elem'], url).toEqual(["'self'", SWAGGER_LOGO_STYLE_HASH])
      expect(csp['script-src'], url).toEqual(["'self'"])
      expect(csp['frame-ancestors'], url).toEqual(["'self'"])
      expect(res.headers['x-content-type-options'], url).toBe('nosniff')
    }
    // …and only there.
    expect(directives((await app.inject({ url: '/healthz' })).headers['content-security-policy'])['style-src-elem']).toEqual(["'self'"])
  })

  it("Socket.IO's own HTTP answers (long-polling) carry nosniff and the referrer policy", async () => {
    const { app: served } = await testApp()
    try {
      const base = await listen(served)
      const res = await fetch(`${base}/socket.io/?EIO=4&transport=polling`)
      expect(res.status).toBe(200)
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('referrer-policy')).toBe('no-referrer')
      await res.text()
    } finally {
      await served.close()
    }
  })
})

describe('YIPING_FRAME_ANCESTORS', () => {
  it("defaults to 'self' and accepts a hosting portal's origin", () => {
    expect(configFromEnv({}).frameAncestors).toEqual(["'self'"])
    expect(parseFrameAncestors("'self' https://portal.example.gov.cn")).toEqual(["'self'", 'https://portal.example.gov.cn'])
    expect(parseFrameAncestors('self, https://*.example.gov.cn:8443/')).toEqual(["'self'", 'https://*.example.gov.cn:8443'])
    expect(parseFrameAncestors('none')).toEqual(["'none'"])
  })

  it('refuses anything that is not a source, so nothing can be smuggled into the header', () => {
    for (const raw of ["'self'; script-src *", 'https://a.example/path', "'unsafe-inline'", '*', 'javascript:alert(1)', "none 'self'"])
      expect(() => configFromEnv({ YIPING_FRAME_ANCESTORS: raw }), raw).toThrow(/YIPING_FRAME_ANCESTORS/)
  })

  it('puts the portal in frame-ancestors and drops X-Frame-Options, which could not say the same', async () => {
    const { app } = await testApp({ config: { frameAncestors: parseFrameAncestors("'self' https://portal.example.gov.cn") } })
    try {
      for (const url of ['/healthz', '/docs/json']) {
        const res = await app.inject({ url })
        expect(directives(res.headers['content-security-policy'])['frame-ancestors'], url).toEqual(["'self'", 'https://portal.example.gov.cn'])
        expect(res.headers['x-frame-options'], url).toBeUndefined()
      }
    } finally {
      await app.close()
    }
  })
})

describe('YIPING_VIDEO_ORIGINS', () => {
  it('names the video gateways a camera’s HLS stream may come from; nothing else gets into the header', () => {
    expect(configFromEnv({}).videoOrigins).toEqual([])
    expect(parseVideoOrigins('https://video.example.gov.cn:8443/, http://10.1.2.3:7086')).toEqual(['https://video.example.gov.cn:8443', 'http://10.1.2.3:7086'])
    for (const raw of ["'self'; script-src *", '*', 'https://a.example/live', "'unsafe-inline'", 'data:'])
      expect(() => configFromEnv({ YIPING_VIDEO_ORIGINS: raw }), raw).toThrow(/YIPING_VIDEO_ORIGINS/)
  })

  it('lets the page fetch and play from them, and a MediaSource (blob:) play by default', async () => {
    const plain = await testApp()
    try {
      const csp = directives((await plain.app.inject({ url: '/healthz' })).headers['content-security-policy'])
      expect(csp['media-src']).toEqual(["'self'", 'blob:'])
      expect(csp['connect-src']).toEqual(["'self'"])
    } finally {
      await plain.app.close()
    }
    const { app } = await testApp({ config: { videoOrigins: ['https://video.example.gov.cn'] } })
    try {
      const csp = directives((await app.inject({ url: '/healthz' })).headers['content-security-policy'])
      expect(csp['media-src']).toEqual(["'self'", 'blob:', 'https://video.example.gov.cn'])
      expect(csp['connect-src']).toEqual(["'self'", 'https://video.example.gov.cn'])
      // Swagger UI plays no video.
      expect(directives((await app.inject({ url: '/docs/json' })).headers['content-security-policy'])['connect-src']).toEqual(["'self'"])
    } finally {
      await app.close()
    }
  })
})
