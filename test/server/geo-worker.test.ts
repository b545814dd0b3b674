import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { App } from '../../server/app'
import { demoRegions } from '../../server/demo/regions'
import { closeRing, type Position } from '../../server/geo/geometry'
import { prepareImport } from '../../server/geo/importGeo'
import { runGeoImportJob } from '../../server/geo/worker/job'
import { uploadOrigin } from '../../server/geo/worker/protocol'
import { runInWorker } from '../../server/geo/worker/runInWorker'
import { adminToken, testApp } from '../helpers/app'
import { listen } from '../helpers/live'

const XIUZHOU = '330411'
const AT = Date.parse('2026-07-01T08:00:00Z')
const regions = demoRegions()
const towns = regions.filter((r) => r.parent === XIUZHOU)

/**
 * Boundaries the size of survey-grade data: every town a ring of `vertices` points at full double
 * precision (~40 bytes a point, like official 1:10,000 files), wobbling around a 2 km radius.
 */
function surveyGrade(vertices: number) {
  return {
    type: 'FeatureCollection',
    features: towns.map((t, k) => {
      const ring: Position[] = []
      for (let i = 0; i < vertices; i++) {
        const a = (2 * Math.PI * i) / vertices
        const r = 0.02 * (1 + 0.08 * Math.sin(a * 37 + k) + 0.03 * Math.sin(a * 611))
        ring.push([t.lng! + r * Math.cos(a) + 1e-13 * i, t.lat! + r * Math.sin(a) + 1e-13 * k])
      }
      return { type: 'Feature', properties: { name: t.name, code: t.code }, geometry: { type: 'Polygon', coordinates: [closeRing(ring)] } }
    }),
  }
}

describe('map imports are processed in a worker thread', () => {
  let app: App
  let base: string
  let auth: { authorization: string }
  const logged: string[] = []
  const waitForLog = (pattern: RegExp) =>
    new Promise<void>((resolve) => {
      const check = () => (logged.some((l) => pattern.test(l)) ? resolve() : setTimeout(check, 10))
      check()
    })
  const geojson = surveyGrade(33_000)
  const body = JSON.stringify({ region: XIUZHOU, geojson, from: 'xiuzhou-survey.geojson' })

  beforeAll(async () => {
    ;({ app } = await testApp({
      regions,
      clock: () => AT,
      logger: { level: 'info', stream: { write: (line: string) => void logged.push(line) } },
    }))
    base = await listen(app)
    auth = { authorization: `Bearer ${await adminToken(app)}` }
  })
  afterAll(async () => app?.close())

  const post = (payload: string, contentType = 'application/json') =>
    fetch(`${base}/api/v1/geo`, { method: 'POST', headers: { ...auth, 'content-type': contentType }, body: payload })

  // Heavy by design (seconds of CPU in the worker, then again in-thread for the comparison): a long timeout, no timing asserted.
  it('accepts an 11 MB import, answers other requests meanwhile, and writes what the synchronous path produces', { timeout: 180_000 }, async () => {
    expect(Buffer.byteLength(body)).toBeGreaterThan(11 * 1024 * 1024)
    expect(Buffer.byteLength(body)).toBeLessThan(12 * 1024 * 1024)
    const order: string[] = []
    const importing = post(body).then(async (res) => {
      order.push('import')
      return { status: res.status, json: (await res.json()) as { file: string; features: number; bytes: number; imported: { from: string } } }
    })
    // The server has the whole body and is working on it…
    await waitForLog(/map import received/)
    // …and still answers: health, and a second import is told to wait its turn.
    const health = await fetch(`${base}/healthz`)
    order.push('healthz')
    expect(health.status).toBe(200)
    const second = await post(JSON.stringify({ region: XIUZHOU, geojson: surveyGrade(10) }))
    order.push('second import')
    expect(second.status).toBe(429)

    const result = await importing
    expect(order).toEqual(['healthz', 'second import', 'import'])
    expect(result.status).toBe(200)
    expect(result.json).toMatchObject({ file: 'district-330411.json', features: towns.length, imported: { from: 'xiuzhou-survey.geojson (uploaded by admin)' } })

    // The synchronous path on the same input gives the very same file.
    const sync = prepareImport(geojson, { regionCode: XIUZHOU, regions, from: uploadOrigin('xiuzhou-survey.geojson', 'admin'), at: new Date(AT).toISOString() })
    const written = await app.store.maps.get('district-330411.json')
    expect(written?.body).toBe(sync.content)
    expect(result.json.bytes).toBe(sync.bytes)
    // Simplified like the build: a fraction of what came in.
    expect(sync.bytes).toBeLessThan(Buffer.byteLength(body) / 10)
  })

  it('bad input is still a 400 with details, and nothing is replaced', async () => {
    const before = await app.store.maps.get('district-330411.json')
    expect(before).not.toBeNull()
    const bad = surveyGrade(2000)
    bad.features[3]!.geometry.coordinates[0]!.push([200, 30])
    const refused = await post(JSON.stringify({ region: XIUZHOU, geojson: bad }))
    expect(refused.status).toBe(400)
    expect(await refused.json()).toMatchObject({ details: [{ index: 3, path: '/geojson/features/3', message: expect.stringMatching(/out of range/) }] })

    const notJson = await post(`{"region":"${XIUZHOU}","geojson":{"type":`)
    expect(notJson.status).toBe(400)
    expect(((await notJson.json()) as { error: string }).error).toMatch(/^the body is not JSON/)
    for (const payload of ['[1,2,3]', '"x"', JSON.stringify({ geojson: geojson.features[0] }), JSON.stringify({ region: XIUZHOU, geojson: {}, from: 'x'.repeat(201) })]) {
      const res = await post(payload)
      expect(res.status, payload.slice(0, 40)).toBe(400)
      expect(await res.json()).toMatchObject({ error: 'invalid request; nothing was written' })
    }
    expect((await post(body, 'text/plain')).status).toBe(415)
    expect(await app.store.maps.get('district-330411.json')).toEqual(before)
  })

  it('the worker itself: the same outcome as in-thread, and an input too big for its heap is refused, not fatal', async () => {
    const small = new TextEncoder().encode(JSON.stringify({ region: XIUZHOU, geojson: surveyGrade(500) }))
    const job = { body: small, regions, uploadedBy: 'admin', at: new Date(AT).toISOString() }
    expect(await runInWorker(job)).toEqual(runGeoImportJob(job))
    const starved = await runInWorker({ ...job, body: new TextEncoder().encode(body) }, { timeoutMs: 60_000, maxHeapMb: 4 })
    expect(starved).toMatchObject({ kind: 'failed', reason: 'memory' })
    expect((await fetch(`${base}/healthz`)).status).toBe(200)
  })
})
