import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { App } from '../../server/app'
import { demoRegions } from '../../server/demo/regions'
import { closeRing, type Position } from '../../server/geo/geometry'
import { prepareImport, writeImport } from '../../server/geo/importGeo'
import type { GeoFile, Manifest } from '../../server/geo/output'
import { CLIENT_DIR } from '../../server/plugins/external/static'
import type { GeoImportResult } from '../../shared/api/geo'
import { adminToken, seedRegions, tempDataDir, testApp } from '../helpers/app'

const XIUZHOU = '330411'
const FILE = 'district-330411.json'
const regions = demoRegions()
const towns = regions.filter((r) => r.parent === XIUZHOU)
const box = (lng: number, lat: number, r = 0.01): Position[] => closeRing([[lng - r, lat - r], [lng + r, lat - r], [lng + r, lat + r], [lng - r, lat + r]])

/** "Official" town boundaries of 秀洲区: a small square around every town centre. */
function official() {
  return {
    type: 'FeatureCollection',
    features: towns.map((t) => ({ type: 'Feature', properties: { name: t.name }, geometry: { type: 'Polygon', coordinates: [box(t.lng!, t.lat!)] } })),
  }
}

const sourceFile = path.resolve('public/geo', FILE)
const builtDir = path.join(CLIENT_DIR, 'geo')
const snapshot = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file) : null)

describe('POST /api/v1/geo and GET /geo/<file>', () => {
  let app: App
  let dataDir: string
  let admin: { authorization: string }
  let viewer: { authorization: string }
  const source = snapshot(sourceFile)
  const built = snapshot(path.join(builtDir, FILE))

  beforeAll(async () => {
    ;({ app, dataDir } = await testApp({ regions, clock: () => Date.parse('2026-07-01T08:00:00Z') }))
    admin = { authorization: `Bearer ${await adminToken(app)}` }
    await app.inject({ method: 'POST', url: '/api/v1/accounts', headers: admin, payload: { username: 'watcher', password: 'watcher-password' } })
    const login = await app.inject({ method: 'POST', url: '/api/v1/login', payload: { username: 'watcher', password: 'watcher-password' } })
    viewer = { authorization: `Bearer ${(login.json() as { token: string }).token}` }
  })
  afterAll(async () => {
    await app.close()
    // The source tree and the build are never written by the server.
    expect(snapshot(sourceFile)).toEqual(source)
    expect(snapshot(path.join(builtDir, FILE))).toEqual(built)
  })

  const post = (payload: unknown, headers = admin) => app.inject({ method: 'POST', url: '/api/v1/geo', headers, payload: payload as object })
  const geoDir = () => path.join(dataDir, 'geo')

  it('refuses a viewer (403) and a request without a token (401), writing nothing', async () => {
    expect((await post({ region: XIUZHOU, geojson: official() }, viewer)).statusCode).toBe(403)
    expect((await post({ region: XIUZHOU, geojson: official() }, {} as typeof admin)).statusCode).toBe(401)
    expect(fs.existsSync(geoDir())).toBe(false)
  })

  it('refuses bad GeoJSON with every problem and replaces nothing', async () => {
    const bad = official()
    bad.features[0]!.properties = { name: '不存在镇' }
    bad.features[2]!.geometry.coordinates[0]!.pop()
    const res = await post({ region: XIUZHOU, geojson: bad })
    expect(res.statusCode).toBe(400)
    const body = res.json() as { error: string; details: Array<{ index?: number; path: string; message: string }> }
    expect(body.error).toMatch(/^the boundaries were not imported \(nothing was replaced\): 2 problems, the first: feature 0 \(不存在镇\): name "不存在镇" is not a child region of 秀洲区/)
    expect(body.details).toEqual([
      { index: 0, path: '/geojson/features/0', message: expect.stringMatching(/is not a child region/) },
      { index: 2, path: '/geojson/features/2', message: expect.stringMatching(/ring 0: is not closed/) },
    ])
    const text = await post({ region: XIUZHOU, geojson: 'not geojson' })
    expect(text.statusCode).toBe(400)
    expect(text.json()).toMatchObject({ details: [{ path: '/geojson', message: expect.stringMatching(/^not JSON/) }] })
    expect((await post({ region: XIUZHOU })).statusCode).toBe(400)
    expect(fs.existsSync(geoDir())).toBe(false)
  })

  it('404 for an unknown region, 400 for one without children', async () => {
    const unknown = await post({ region: '339999', geojson: official() })
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json()).toEqual({ error: 'unknown region 339999' })
    const village = regions.find((r) => r.level === 'village')!
    const leaf = await post({ region: village.code, geojson: official() })
    expect(leaf.statusCode).toBe(400)
    expect(leaf.json()).toMatchObject({ details: [{ path: '/region' }] })
  })

  it('413 above 20 MB', async () => {
    const huge = { region: XIUZHOU, geojson: { type: 'FeatureCollection', features: [], pad: 'x'.repeat(21 * 1024 * 1024) } }
    const res = await app.inject({ method: 'POST', url: '/api/v1/geo', headers: { ...admin, 'content-type': 'application/json' }, payload: JSON.stringify(huge) })
    expect(res.statusCode).toBe(413)
    expect(res.json()).toHaveProperty('error')
  })

  it('imports good boundaries into the store and serves them, with the manifest saying so', async () => {
    const res = await post({ region: XIUZHOU, geojson: official(), from: 'xiuzhou-towns.geojson' })
    expect(res.statusCode).toBe(200)
    const result = res.json() as GeoImportResult
    expect(result).toMatchObject({
      file: FILE,
      url: `/geo/${FILE}`,
      features: towns.length,
      warnings: [],
      imported: { from: 'xiuzhou-towns.geojson (uploaded by admin)', at: '2026-07-01T08:00:00.000Z' },
    })
    // In the store, not the data directory: every node of a cluster serves it.
    expect(fs.existsSync(geoDir())).toBe(false)
    const stored = await app.store.maps.get(FILE)
    expect(stored).toMatchObject({ file: FILE, bytes: result.bytes, entry: { file: FILE, imported: result.imported } })

    const served = await app.inject({ url: result.url })
    expect(served.statusCode).toBe(200)
    expect(served.headers['content-type']).toMatch(/^application\/json/)
    const file = served.json() as GeoFile
    expect(file).toMatchObject({ code: XIUZHOU, schematic: false, imported: result.imported })
    expect(file.features.map((f) => f.properties.code)).toEqual(towns.map((t) => t.code))
    expect(file.features.every((f) => f.properties.schematic === false)).toBe(true)
    expect(served.body).toBe(stored!.body)

    const manifest = (await app.inject({ url: '/geo/manifest.json' })).json() as Manifest
    const entry = manifest.files.find((e) => e.file === FILE)
    expect(entry).toMatchObject({ schematic: false, imported: result.imported, bytes: result.bytes, features: towns.length })
    expect(manifest.totalBytes).toBe(manifest.files.reduce((s, e) => s + e.bytes, 0))
    if (fs.existsSync(path.join(builtDir, 'manifest.json'))) {
      // The rest of the built manifest is kept: the province, its cities, the other districts.
      expect(manifest.files.length).toBeGreaterThan(10)
      expect(manifest.files.filter((e) => e.file !== FILE && e.level === 'district').every((e) => e.schematic)).toBe(true)
    }

    const audit = await app.store.duty.auditOf(`geo:${FILE}`)
    expect(audit).toEqual([expect.objectContaining({ actor: 'admin', action: 'geo.import' })])
  })

  it('a bad import after a good one leaves the good one in place', async () => {
    const before = await app.store.maps.get(FILE)
    const manifest = (await app.inject({ url: '/geo/manifest.json' })).body
    const bad = official()
    bad.features[1]!.geometry.coordinates = [[[120, 30]]]
    expect((await post({ region: XIUZHOU, geojson: bad })).statusCode).toBe(400)
    expect(await app.store.maps.get(FILE)).toEqual(before)
    expect((await app.inject({ url: '/geo/manifest.json' })).body).toBe(manifest)
    expect((await app.store.maps.list()).map((m) => m.file)).toEqual([FILE])
  })

  it('serves the built files for the rest, revalidates with an ETag, and serves no paths', async () => {
    const province = await app.inject({ url: '/geo/zhejiang.json' })
    if (fs.existsSync(path.join(builtDir, 'zhejiang.json'))) {
      expect(province.statusCode).toBe(200)
      expect(province.body).toBe(fs.readFileSync(path.join(builtDir, 'zhejiang.json'), 'utf8'))
    } else expect(province.statusCode).toBe(404)

    const first = await app.inject({ url: `/geo/${FILE}` })
    expect(first.headers['cache-control']).toBe('no-cache')
    const again = await app.inject({ url: `/geo/${FILE}`, headers: { 'if-none-match': String(first.headers.etag) } })
    expect(again.statusCode).toBe(304)
    for (const url of ['/geo/nope.json', '/geo/..%2Fyiping.sqlite', '/geo/%2E%2E%2Fmanifest.json', '/geo/manifest.JSON']) expect((await app.inject({ url })).statusCode).toBe(404)
  })

  it('is in the OpenAPI', async () => {
    const spec = (await app.inject({ url: '/docs/json' })).json() as { paths: Record<string, { post?: { tags?: string[] } }> }
    expect(spec.paths['/api/v1/geo']?.post?.tags).toEqual(['map'])
  })
})

describe('maps an older version imported into the data directory', () => {
  it('are moved into the store at start-up and served from there, the directory left as it was', async () => {
    const dataDir = tempDataDir()
    await seedRegions(dataDir, regions)
    // What POST /api/v1/geo used to write: the map file and a manifest in `${dataDir}/geo`.
    const prepared = prepareImport(official(), { regionCode: XIUZHOU, regions, from: 'old.geojson', at: '2026-05-01T00:00:00.000Z' })
    const legacyDir = path.join(dataDir, 'geo')
    writeImport(prepared, { outDir: legacyDir })
    const files = fs.readdirSync(legacyDir).sort()
    const { app } = await testApp({ dataDir, regions })
    try {
      expect(await app.store.maps.get(FILE)).toMatchObject({ body: prepared.content, entry: prepared.entry, savedAt: Date.parse('2026-05-01T00:00:00.000Z') })
      const served = await app.inject({ url: `/geo/${FILE}` })
      expect(served.body).toBe(prepared.content)
      const manifest = (await app.inject({ url: '/geo/manifest.json' })).json() as Manifest
      expect(manifest.files.find((e) => e.file === FILE)).toEqual(prepared.entry)
      expect(fs.readdirSync(legacyDir).sort()).toEqual(files)
    } finally {
      await app.close()
    }
    // A later import wins over the directory's copy at the next start.
    const { app: again } = await testApp({ dataDir, regions, clock: () => Date.parse('2026-07-02T00:00:00Z') })
    try {
      const newer = await again.inject({ method: 'POST', url: '/api/v1/geo', headers: { authorization: `Bearer ${await adminToken(again)}` }, payload: { region: XIUZHOU, geojson: official(), from: 'new.geojson' } })
      expect(newer.statusCode).toBe(200)
    } finally {
      await again.close()
    }
    const { app: third } = await testApp({ dataDir, regions })
    try {
      expect((await third.store.maps.get(FILE))!.entry.imported!.from).toBe('new.geojson (uploaded by admin)')
    } finally {
      await third.close()
    }
  })
})
