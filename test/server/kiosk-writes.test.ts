import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { App } from '../../server/app'
import { adminToken, testApp } from '../helpers/app'

/**
 * A display (kiosk) token only ever reads, whoever issued it. The write routes are enumerated from
 * the app's own OpenAPI document, so a route added later is covered without touching this test.
 */
let app: App
let kiosk: { authorization: string }

beforeAll(async () => {
  ;({ app } = await testApp())
  const admin = { authorization: `Bearer ${await adminToken(app)}` }
  const res = await app.inject({ method: 'POST', url: '/api/v1/kiosk-tokens', headers: admin, payload: { label: '指挥中心大屏' } })
  expect(res.statusCode).toBe(201)
  kiosk = { authorization: `Bearer ${(res.json() as { token: string }).token}` }
})
afterAll(async () => app.close())

const WRITE_METHODS = ['post', 'put', 'patch', 'delete'] as const
/** Routes that take other credentials than a token: the login form and the integrators' ingest key. */
const OTHER_CREDENTIALS = new Map([
  ['POST /api/v1/login', 'no token: a username and password'],
  ['POST /api/v1/events', 'an ingest key, not a token'],
])

async function writeRoutes(): Promise<Array<{ method: string; path: string }>> {
  const spec = (await app.inject({ url: '/docs/json' })).json() as { paths: Record<string, Record<string, unknown>> }
  return Object.entries(spec.paths).flatMap(([path, ops]) =>
    WRITE_METHODS.filter((m) => m in ops).map((m) => ({ method: m.toUpperCase(), path })),
  )
}

/** `/api/v1/accounts/{username}/password` → a concrete URL naming something that exists. */
const concrete = (path: string) => path.replace(/\{username\}/g, 'admin').replace(/\{id\}/g, '1').replace(/\{[^}]+\}/g, 'x')

describe('a display (kiosk) token minted by an admin', () => {
  it('gets 403 on every write route of the app, before anything is parsed or written', async () => {
    const routes = await writeRoutes()
    expect(routes.length).toBeGreaterThanOrEqual(6)
    const checked: string[] = []
    for (const { method, path } of routes) {
      const key = `${method} ${path}`
      if (OTHER_CREDENTIALS.has(key)) continue
      const res = await app.inject({ method: method as 'POST', url: concrete(path), headers: kiosk, payload: {} })
      expect({ route: key, status: res.statusCode }).toEqual({ route: key, status: 403 })
      expect((res.json() as { error: string }).error).toMatch(/display|kiosk/)
      checked.push(key)
    }
    expect(checked).toContain('POST /api/v1/accounts')
    expect(checked).toContain('POST /api/v1/geo')
    expect(checked).toContain('POST /api/v1/kiosk-tokens')
  })

  it('is checked against every write route the router holds: none is left out of the OpenAPI', async () => {
    const routed = WRITE_METHODS.map((m) => m.toUpperCase()).reduce((n, m) => {
      const tree = app.printRoutes({ commonPrefix: false, method: m as 'POST' })
      return n + (tree.match(new RegExp(`\\(${m}\\)`, 'g'))?.length ?? 0)
    }, 0)
    expect(routed).toBe((await writeRoutes()).length)
  })

  it('cannot create an admin with the personal-data permission', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/accounts',
      headers: kiosk,
      payload: { username: 'mallory', password: 'mallory-password-1', role: 'admin', personalData: true },
    })
    expect(res.statusCode).toBe(403)
    const login = await app.inject({ method: 'POST', url: '/api/v1/login', payload: { username: 'mallory', password: 'mallory-password-1' } })
    expect(login.statusCode).toBe(401)
  })

  it('refuses the ingest route with 401: a token is not an ingest key', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/events', headers: kiosk, payload: { events: [] } })
    expect(res.statusCode).toBe(401)
  })

  it('still reads what its scope allows', async () => {
    for (const url of ['/api/v1/me', '/api/v1/regions', '/api/v1/summary?region=330000', '/api/v1/cases?region=330111', '/api/v1/alarms?region=330000']) {
      const res = await app.inject({ url, headers: kiosk })
      expect({ url, status: res.statusCode }).toEqual({ url, status: 200 })
    }
  })
})

describe('a display (kiosk) token and the files people take away', () => {
  it('gets 403 for the briefing PDF and the XLSX case list: a wall shows, it does not export', async () => {
    for (const url of ['/api/v1/reports/briefing?region=330000&format=pdf', '/api/v1/cases/export?region=330000&format=xlsx']) {
      const res = await app.inject({ url, headers: kiosk })
      expect(res.statusCode, url).toBe(403)
    }
  })
})
