import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { App } from '../../server/app'
import type { Me } from '../../shared/api/me'
import { adminToken, testApp } from '../helpers/app'

let app: App
let admin: { authorization: string }

beforeEach(async () => {
  ;({ app } = await testApp())
  admin = { authorization: `Bearer ${await adminToken(app)}` }
})
afterEach(async () => app.close())

const me = (headers: Record<string, string> = {}) => app.inject({ url: '/api/v1/me', headers })
const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

async function login(username: string, password: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/login', payload: { username, password } })
  return (res.json() as { token: string }).token
}

describe('GET /api/v1/me', () => {
  it('says who an admin session is: the whole tree, with the personal-data permission', async () => {
    const res = await me(admin)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({
      account: { id: expect.any(Number), username: 'admin', role: 'admin', scope: null, personalData: true, disabled: false },
      kind: 'session',
      scope: null,
      permissions: expect.arrayContaining(['read', 'alarm.act', 'personalData', 'accounts.manage', 'geo.import']),
    } satisfies Me)
    expect(res.body).not.toMatch(/password|hash/i)
  })

  it('says a scoped viewer may not see personal data, and gives its scope', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/accounts',
      headers: admin,
      payload: { username: 'seat-fy', password: 'seat-fy-password', scope: '330111' },
    })
    expect(created.statusCode).toBe(201)
    const res = await me(bearer(await login('seat-fy', 'seat-fy-password')))
    expect(res.json()).toEqual({
      account: { id: (created.json() as { id: number }).id, username: 'seat-fy', role: 'viewer', scope: '330111', personalData: false, disabled: false },
      kind: 'session',
      scope: '330111',
      permissions: ['read', 'self', 'export'],
    })
  })

  it("answers a display (kiosk) token too, with the token's narrower scope as the effective one", async () => {
    const kiosk = await app.inject({ method: 'POST', url: '/api/v1/kiosk-tokens', headers: admin, payload: { region: '330111001', label: '春江街道大厅' } })
    const res = await me(bearer((kiosk.json() as { token: string }).token))
    expect(res.statusCode).toBe(200)
    const body = res.json() as Me
    expect(body).toMatchObject({ account: { username: 'admin', scope: null, personalData: true }, kind: 'kiosk', scope: '330111001', permissions: ['read'] })
  })

  it('refuses a request without a valid token with 401', async () => {
    for (const headers of [{}, bearer('st_not-a-token'), { authorization: 'Basic YWRtaW46eA==' }]) {
      const res = await me(headers)
      expect(res.statusCode).toBe(401)
      expect((res.json() as { error: string }).error).toMatch(/token/)
    }
  })

  it('is described in the OpenAPI document under auth, with its answer', async () => {
    const spec = (await app.inject({ url: '/docs/json' })).json() as {
      paths: Record<string, { get?: { tags?: string[]; responses?: Record<string, { content?: Record<string, { schema?: { properties?: object } }> }> } }>
    }
    const get = spec.paths['/api/v1/me']?.get
    expect(get?.tags).toEqual(['auth'])
    expect(Object.keys(get?.responses?.['200']?.content?.['application/json']?.schema?.properties ?? {})).toEqual(['account', 'kind', 'scope', 'permissions'])
  })
})
