import { afterEach, describe, expect, it } from 'vitest'
import type { App } from '../../server/app'
import type { FeedAnswer } from '../../shared/api/feed'
import type { YipingEvent } from '../../shared/events/schema'
import { toShanghaiIso } from '../../shared/time/shanghai'
import { accountSession, adminToken, ingestHeaders, testApp } from '../helpers/app'
import { reported, resolved, riskRegistered, riskStatus, stage, T0, urged } from '../helpers/events'

let app: App | undefined
afterEach(async () => {
  await app?.close()
  app = undefined
})

const MIN = 60_000
/** The ticker and the map's risk points at several region levels, as a wall reads them. */
const READS = [
  '/api/v1/feed?region=330000',
  '/api/v1/feed?region=330000&limit=60',
  '/api/v1/feed?region=330111',
  '/api/v1/feed?region=330111001002&limit=5',
  '/api/v1/feed?region=330411',
  '/api/v1/risks?region=330000',
  '/api/v1/risks?region=330111',
  '/api/v1/risks?region=330411001001',
]

async function setup() {
  let now = T0
  const made = await testApp({ clock: () => now })
  app = made.app
  const a = made.app
  const auth = { authorization: `Bearer ${await adminToken(a)}` }
  const at = async (t: number) => {
    now = t
    auth.authorization = `Bearer ${await adminToken(a)}`
  }
  const ingest = async (events: YipingEvent[]) => {
    const res = await a.inject({ method: 'POST', url: '/api/v1/events', headers: ingestHeaders, payload: { events } })
    expect(res.statusCode, res.body).toBe(200)
  }
  const get = async (url: string, headers = auth) => {
    const res = await a.inject({ url, headers })
    expect(res.statusCode, `${url}: ${res.body}`).toBe(200)
    return res.json() as unknown
  }
  return { app: a, dataDir: made.dataDir, auth, at, ingest, get, now: () => now }
}

/** Many cases in one batch: the ticker keeps only its last 60 case events' lines. */
const crowd = (n: number, from: number): YipingEvent[] =>
  Array.from({ length: n }, (_, i) => reported(`K${from + i}`, i % 2 ? '330111002001' : '330411001001', T0 + 30 * MIN, { title: `批量案件${from + i}` }))

describe('the ticker and the risk points in replay (asOf)', () => {
  it('answer at T exactly what a live read at T answered, after more events and a restart', async () => {
    const t = await setup()
    const seen: Array<{ url: string; body: unknown }> = []
    const record = async () => {
      for (const url of READS) seen.push({ url: `${url}&asOf=${encodeURIComponent(toShanghaiIso(t.now()))}`, body: await t.get(url) })
    }

    await t.at(T0 + 10 * MIN)
    await t.ingest([
      riskRegistered('R1', '330111001001'),
      riskRegistered('R2', '330411001001', 'fire'),
      reported('A', '330111001001', T0, { reporter: { name: '张晓丰', phone: '13812345678' } }),
      reported('B', '330111001002', T0 + MIN),
      // Reported and moved on in one batch: both lines show the case as the batch left it.
      reported('C', '330411001001', T0 + 2 * MIN),
      stage('C', 'assign', T0 + 3 * MIN),
    ])
    await record()

    await t.at(T0 + 2 * 3600_000)
    await t.ingest([stage('A', 'assign', T0 + 3600_000), urged('B', T0 + 90 * MIN), riskStatus('R1', 'alarm'), riskRegistered('R3', '330111002001')])
    await record()

    await t.at(T0 + 3 * 3600_000)
    await t.ingest(crowd(70, 0))
    await t.ingest([resolved('A', 'grid', T0 + 3 * 3600_000 - 1000), riskStatus('R1', 'rectifying'), riskStatus('R2', 'warning')])
    await record()

    // Enough lines to push the first ones out of the ticker's ring of 300.
    await t.at(T0 + 4 * 3600_000)
    for (let i = 0; i < 6; i++) await t.ingest(crowd(60, 100 + 60 * i))
    await t.ingest([stage('B', 'handle', T0 + 4 * 3600_000 - 1000), riskStatus('R1', 'rectified')])
    await record()

    // Later: more events, which no replay of an earlier instant may show.
    await t.at(T0 + 5 * 3600_000)
    await t.ingest([resolved('B', 'village', T0 + 5 * 3600_000 - 1000), riskStatus('R3', 'alarm'), riskRegistered('R4', '330411001001'), ...crowd(5, 900)])

    const replayed = async () => {
      for (const { url, body } of seen) expect(await t.get(url), url).toEqual(body)
    }
    await replayed()

    // The reads were not empty, nor all alike: the case lines, the cap per batch and the statuses all moved.
    const first = seen[0]!.body as FeedAnswer
    expect(first.items.map((i) => [i.caseId, i.type, i.stage])).toEqual([
      ['C', 'case.stage', 'assign'],
      ['C', 'case.reported', 'assign'],
      ['B', 'case.reported', 'receive'],
      ['A', 'case.reported', 'receive'],
    ])
    expect(first.items.at(-1)!.reporter).toEqual({ name: '张*丰', phone: '138****5678' })
    const third = seen[2 * READS.length + 1]!.body as FeedAnswer
    // The batch of 70 gave the lines of its last 60 (K10…K69); 60 lines were asked for.
    expect(third.items.map((i) => i.caseId)).toEqual(['A', ...Array.from({ length: 59 }, (_, i) => `K${69 - i}`)])
    expect(third.items[0]).toMatchObject({ type: 'case.resolved', stage: 'followup' })
    const fourth = seen[3 * READS.length]!.body as FeedAnswer
    expect(fourth.items[0]).toMatchObject({ caseId: 'B', stage: 'handle' })
    const statuses = (i: number) => ((seen[i * READS.length + 5]!.body as { items: Array<{ id: string; status: string }> }).items).map((r) => `${r.id}:${r.status}`)
    expect([0, 1, 2, 3].map(statuses)).toEqual([
      ['R1:normal', 'R2:normal'],
      ['R1:alarm', 'R2:normal', 'R3:normal'],
      ['R1:rectifying', 'R2:warning', 'R3:normal'],
      ['R1:rectified', 'R2:warning', 'R3:normal'],
    ])

    // A node that starts afresh on the same store answers them the same.
    await t.app.close()
    const now = t.now()
    app = (await testApp({ dataDir: t.dataDir, clock: () => now })).app
    const auth = { authorization: `Bearer ${await adminToken(app)}` }
    for (const { url, body } of seen) {
      const res = await app.inject({ url, headers: auth })
      expect(res.json(), url).toEqual(body)
    }
  })

  it('answers an instant before the first batch with nothing, refuses an unreadable or future instant with 400, and keeps scope', async () => {
    const t = await setup()
    await t.at(T0 + 3600_000)
    await t.ingest([riskRegistered('R1', '330111001001'), riskRegistered('R2', '330411001001'), reported('A', '330111001001', T0), reported('B', '330411001001', T0)])
    const before = encodeURIComponent(toShanghaiIso(T0))
    expect(await t.get(`/api/v1/feed?region=330000&asOf=${before}`)).toEqual({ region: '330000', at: toShanghaiIso(T0), seq: 0, items: [] })
    expect(await t.get(`/api/v1/risks?region=330000&asOf=${before}`)).toEqual({ items: [] })
    for (const path of ['/api/v1/feed', '/api/v1/risks'])
      for (const asOf of ['yesterday', '2026-13-01T00:00:00+08:00', toShanghaiIso(T0 + 2 * 3600_000)]) {
        const res = await t.app.inject({ url: `${path}?region=330000&asOf=${encodeURIComponent(asOf)}`, headers: t.auth })
        expect(res.statusCode, `${path} ${asOf}`).toBe(400)
        expect(res.json()).toMatchObject({ error: expect.any(String), details: [{ path: '/querystring/asOf' }] })
      }
    const asOf = encodeURIComponent(toShanghaiIso(T0 + 3600_000))
    const xiuzhou = await accountSession(t.app, t.auth, { username: 'xiuzhou', role: 'viewer', scope: '330411' })
    for (const path of ['/api/v1/feed', '/api/v1/risks']) {
      expect((await t.app.inject({ url: `${path}?region=330111&asOf=${asOf}`, headers: xiuzhou })).statusCode).toBe(403)
      expect((await t.app.inject({ url: `${path}?region=330000&asOf=${asOf}`, headers: xiuzhou })).statusCode).toBe(403)
      expect((await t.app.inject({ url: `${path}?region=999999&asOf=${asOf}`, headers: xiuzhou })).statusCode).toBe(404)
    }
    expect(await t.get(`/api/v1/feed?region=330411&asOf=${asOf}`, xiuzhou)).toMatchObject({ items: [{ caseId: 'B' }] })
    expect(await t.get(`/api/v1/risks?region=330411&asOf=${asOf}`, xiuzhou)).toMatchObject({ items: [{ id: 'R2' }] })
    // A display token only reads, and a replay is a read.
    const kiosk = (await t.app.inject({ method: 'POST', url: '/api/v1/kiosk-tokens', headers: t.auth, payload: { region: '330111' } })).json() as { token: string }
    expect(await t.get(`/api/v1/feed?region=330111&asOf=${asOf}`, { authorization: `Bearer ${kiosk.token}` })).toMatchObject({ items: [{ caseId: 'A' }] })
  })

  it('is documented in the OpenAPI: asOf on both, the 400 it may answer', async () => {
    const t = await setup()
    const spec = (await t.app.inject({ url: '/docs/json' })).json() as {
      paths: Record<string, { get?: { parameters?: Array<{ name: string; in: string }>; responses: Record<string, unknown>; description?: string } }>
    }
    for (const path of ['/api/v1/feed', '/api/v1/risks']) {
      const op = spec.paths[path]?.get
      expect(op?.parameters?.filter((p) => p.in === 'query').map((p) => p.name), path).toContain('asOf')
      expect(Object.keys(op?.responses ?? {}), path).toEqual(expect.arrayContaining(['200', '400', '403', '404']))
      expect(op?.description, path).toMatch(/asOf=T/)
    }
  })
})
