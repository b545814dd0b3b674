import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { App } from '../../server/app'
import { demoRegions } from '../../server/demo/regions'
import { RESCUE_RADIUS_M, type FireStationList } from '../../shared/api/fireStations'
import { adminToken, testApp } from '../helpers/app'

const XIUZHOU = '330411'

describe('GET /api/v1/fire-stations', () => {
  let app: App
  let auth: { authorization: string }
  beforeAll(async () => {
    // The demo region tree (without its dataset): the tree the stations belong to.
    ;({ app } = await testApp({ regions: demoRegions() }))
    auth = { authorization: `Bearer ${await adminToken(app)}` }
  })
  afterAll(() => app.close())

  const get = (region: string, headers: Record<string, string> = auth) => app.inject({ url: `/api/v1/fire-stations?region=${region}`, headers })

  it("returns a district's stations, each with its town and the five-minute rescue circle", async () => {
    const res = await get(XIUZHOU)
    expect(res.statusCode).toBe(200)
    const { items } = res.json() as FireStationList
    expect(items).toHaveLength(23)
    expect(items.filter((s) => s.role === 'main')).toHaveLength(9)
    expect(RESCUE_RADIUS_M).toBe(2500)
    for (const s of items) {
      expect(Object.keys(s).sort()).toEqual(['id', 'lat', 'lng', 'name', 'regionCode', 'regionName', 'rescueRadiusM', 'role'])
      expect(s.rescueRadiusM).toBe(2500)
      expect(app.regions.get(s.regionCode)).toMatchObject({ level: 'town', parent: XIUZHOU, name: s.regionName })
    }
    expect(items).toContainEqual(expect.objectContaining({ name: '王店消防站', role: 'main', regionName: '王店镇' }))
    // Ancestors include them; a town gets only its own.
    expect((((await get('330000')).json()) as FireStationList).items).toHaveLength(23)
    const town = items.find((s) => s.name === '王江泾专职消防队')!.regionCode
    const own = ((await get(town)).json() as FireStationList).items
    expect(own.map((s) => s.name).sort()).toEqual(['王江泾专职消防队', '王江泾北分站', '王江泾东分站', '王江泾南分站'].sort())
  })

  it('returns an empty list for a region without stations, 404 for an unknown one', async () => {
    const other = demoRegions().find((r) => r.level === 'district' && r.code !== XIUZHOU)!
    expect((await get(other.code)).json()).toEqual({ items: [] })
    const res = await get('339999')
    expect(res.statusCode).toBe(404)
    expect(res.json()).toEqual({ error: 'unknown region 339999' })
  })

  it("keeps a region-scoped account inside its subtree, and refuses a request without a token", async () => {
    const town = ((await get(XIUZHOU)).json() as FireStationList).items[0]!.regionCode
    const created = await app.inject({ method: 'POST', url: '/api/v1/accounts', headers: auth, payload: { username: 'xincheng', password: 'xincheng-password', scope: town } })
    expect(created.statusCode).toBe(201)
    const login = await app.inject({ method: 'POST', url: '/api/v1/login', payload: { username: 'xincheng', password: 'xincheng-password' } })
    const scoped = { authorization: `Bearer ${(login.json() as { token: string }).token}` }
    expect((await get(XIUZHOU, scoped)).statusCode).toBe(403)
    const own = await get(town, scoped)
    expect(own.statusCode).toBe(200)
    expect((own.json() as FireStationList).items.every((s) => s.regionCode === town)).toBe(true)
    expect((await get(XIUZHOU, {})).statusCode).toBe(401)
  })

  it('is described in the OpenAPI under read', async () => {
    const spec = (await app.inject({ url: '/docs/json' })).json() as { paths: Record<string, { get?: { tags?: string[] } }> }
    expect(spec.paths['/api/v1/fire-stations']?.get?.tags).toEqual(['read'])
  })
})

describe('fire stations on a tree that is not the demo tree', () => {
  it('lists none, even where a town code happens to match', async () => {
    const { app } = await testApp()
    try {
      const auth = { authorization: `Bearer ${await adminToken(app)}` }
      // The test tree's 330411001 is 王店镇; the demo's is 新城街道, whose stations must not move there.
      const res = await app.inject({ url: `/api/v1/fire-stations?region=${XIUZHOU}`, headers: auth })
      expect(res.statusCode).toBe(200)
      expect(res.json()).toEqual({ items: [] })
    } finally {
      await app.close()
    }
  })
})
