import { afterEach, describe, expect, it } from 'vitest'
import { buildApp, type App } from '../../server/app'
import { RegionDetailSchema } from '../../shared/summary/detail'
import { SummarySchema } from '../../shared/summary/schema'
import { adminToken, ingestHeaders, seedRegions, tempDataDir, testConfig } from '../helpers/app'
import { followedUp, reported, resolved, T0, urged } from '../helpers/events'

let app: App
afterEach(async () => app?.close())

const H = 3600_000

interface Schema {
  type?: string | string[]
  properties?: Record<string, Schema>
  required?: string[]
  items?: Schema
  enum?: unknown[]
  const?: unknown
}

/**
 * The value is what the response schema's serialiser (fast-json-stringify) would have written as
 * JSON.stringify writes it: in every object exactly the declared properties (required ones
 * present), in the schema's order, and values of the declared types (an integer where one is
 * declared, a number or null for a rate).
 */
function expectSchemaShape(schema: Schema, value: unknown, at: string): void {
  if (schema.properties) {
    expect(value !== null && typeof value === 'object' && !Array.isArray(value), at).toBe(true)
    const obj = value as Record<string, unknown>
    const keys = Object.keys(obj).filter((k) => obj[k] !== undefined)
    expect(keys, at).toEqual(Object.keys(schema.properties).filter((k) => keys.includes(k)))
    for (const k of schema.required ?? []) expect(keys, at).toContain(k)
    for (const k of keys) expectSchemaShape(schema.properties[k]!, obj[k], `${at}.${k}`)
    return
  }
  if (schema.items) {
    expect(Array.isArray(value), at).toBe(true)
    ;(value as unknown[]).forEach((v, i) => expectSchemaShape(schema.items!, v, `${at}[${i}]`))
    return
  }
  if (schema.enum) expect(schema.enum, at).toContain(value)
  if (schema.const !== undefined) expect(value, at).toBe(schema.const)
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type]
  const fits = (t: string) =>
    t === 'null' ? value === null : t === 'integer' ? Number.isInteger(value) : t === 'number' ? Number.isFinite(value) : typeof value === t
  if (types.length > 0) expect(types.some(fits), `${at}: ${JSON.stringify(value)}`).toBe(true)
}

/**
 * The summary routes write their figures with JSON.stringify (server/routes/summary.ts); the bytes
 * must stay those the response schemas describe and their serialiser used to write, null rates included.
 */
describe('summary and detail serialisation', () => {
  it('writes JSON.stringify of figures shaped exactly as the response schema, rates null or not', async () => {
    const dataDir = tempDataDir()
    await seedRegions(dataDir)
    app = await buildApp({ config: testConfig(dataDir), clock: () => T0 + 48 * H, logger: false })
    const returned = new Map<string, unknown>()
    app.addHook('preSerialization', async (req, reply, payload) => {
      if (reply.statusCode === 200 && req.url.startsWith('/api/v1/summary')) returned.set(req.url, payload)
      return payload
    })
    await app.ready()
    const auth = { authorization: `Bearer ${await adminToken(app)}` }
    const events = [
      // 春江村: resolved on time, urged, followed up (rates 0..1); 中沙村: resolved late (a rate of 0);
      // 彭家村: open only (every rate null); the year before: nothing (compared rates all null).
      reported('A1', '330111001001', T0),
      reported('A2', '330111001001', T0),
      urged('A2'),
      resolved('A1', 'grid', T0 + H),
      followedUp('A1', 'basic', T0 + 2 * H),
      reported('B1', '330111001002', T0),
      resolved('B1', 'town', T0 + 30 * H),
      reported('C1', '330111002001', T0),
    ]
    expect((await app.inject({ method: 'POST', url: '/api/v1/events', headers: ingestHeaders, payload: { events } })).statusCode).toBe(200)

    const urls = [
      '/api/v1/summary?region=330000',
      '/api/v1/summary?region=330111002001',
      '/api/v1/summary?region=330111001001&compare=previous,lastYear,previousToDate',
      '/api/v1/summary?region=330000&period=month&compare=previous,lastYear',
      '/api/v1/summary/detail?region=330111001&compare=previous,lastYear&rankBy=cases.onTimeRate&order=asc',
      '/api/v1/summary/detail?region=330111&rankBy=cases.satisfactionRate',
      '/api/v1/summary/detail?region=330111001001',
    ]
    let nulls = 0
    let fractions = 0
    for (const url of urls) {
      const res = await app.inject({ url, headers: auth })
      expect(res.statusCode, res.body).toBe(200)
      expect(res.headers['content-type'], url).toBe('application/json; charset=utf-8')
      expect(res.body, url).toBe(JSON.stringify(returned.get(url)))
      expectSchemaShape((url.includes('/detail') ? RegionDetailSchema : SummarySchema) as Schema, returned.get(url), url)
      nulls += res.body.match(/Rate":null/g)?.length ?? 0
      fractions += res.body.match(/Rate":0\.\d+/g)?.length ?? 0
    }
    // Both forms of a rate went through the serialiser.
    expect(nulls).toBeGreaterThan(20)
    expect(fractions).toBeGreaterThan(3)
  })

  it('documents a rate as a number 0..1 that may be null (/docs/json)', async () => {
    const dataDir = tempDataDir()
    await seedRegions(dataDir)
    app = await buildApp({ config: testConfig(dataDir), logger: false })
    await app.ready()
    type Node = { properties: Record<string, Node> } & Record<string, unknown>
    const doc = (await app.inject({ url: '/docs/json' })).json() as { paths: Record<string, { get: { responses: Record<string, { content: Record<string, { schema: Node }> }> } }> }
    const ok = (path: string) => doc.paths[path]!.get.responses['200']!.content['application/json']!.schema
    const summary = ok('/api/v1/summary')
    expect(summary.properties.cases!.properties.onTimeRate).toEqual({ type: 'number', nullable: true, minimum: 0, maximum: 1, description: 'fraction 0..1, null when the denominator is 0' })
    expect(summary.properties.cases!.properties.localResolutionRate).toMatchObject({ type: 'number', nullable: true, minimum: 0, maximum: 1 })
    const child = (ok('/api/v1/summary/detail').properties.children as unknown as { items: Node }).items
    expect(child.properties.onTimeRate).toEqual({ type: 'number', nullable: true, minimum: 0, maximum: 1 })
    expect(child.properties.value).toMatchObject({ type: 'number', nullable: true })
    expect(child.properties.compare!.properties.lastYear).toEqual({ type: 'number', nullable: true })
  })
})
