import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Alarm } from '../../shared/api/alarms'
import type { GeoImportResult } from '../../shared/api/geo'
import type { Manifest } from '../../shared/geo/files'
import type { SummaryPush } from '../../shared/live/protocol'
import type { Summary } from '../../shared/summary/schema'
import { getJson, health, ingestOn, TestCluster, until, watch, type Node } from '../helpers/cluster'
import { reported, urged } from '../helpers/events'

/**
 * Several nodes as separate processes on one PostgreSQL database and Redis, as deployed: figures,
 * pushes and alarms agree across nodes, a node killed with -9 loses nothing acknowledged, and the
 * lead (the deadline clock's alarms) moves to a surviving node.
 */
const PERIOD = 'from=2026-01-01T00:00:00%2B08:00&to=2027-01-01T00:00:00%2B08:00'
const summaryOf = (n: Node) => getJson<Summary>(n, `/api/v1/summary?region=330000&${PERIOD}`)
const figures = (s: Summary) => ({ seq: s.seq, cases: s.cases, alarms: s.alarms, risks: s.risks })
const alarmsOf = (n: Node, subject: string) =>
  getJson<{ items: Alarm[] }>(n, '/api/v1/alarms?region=330000&status=all').then((r) => r.items.filter((a) => a.subjectId === subject))
/** A case reported just under its 24 h limit ago: the deadline clock turns it red in `inMs`. */
const dueIn = (id: string, inMs: number) => reported(id, '330111001001', Date.now() - 24 * 3600_000 + inMs)
const pushAfter = (n: { socket: { on: (e: 'summary', fn: (p: SummaryPush) => void) => unknown } }, seq: number) =>
  new Promise<SummaryPush>((resolve) => n.socket.on('summary', (p) => p.seq >= seq && resolve(p)))

const cluster = new TestCluster()
let a: Node
let b: Node

beforeAll(async () => {
  await cluster.seed()
  a = await cluster.start('node-a')
  b = await cluster.start('node-b')
}, 180_000)
afterAll(async () => {
  await cluster.stop()
})

describe('several nodes on PostgreSQL and Redis', () => {
  it('pushes an event ingested on A to a socket on B, and the reverse, with the same figures on both', async () => {
    const onA = await watch(a, '330000')
    const onB = await watch(b, '330000')
    try {
      // Recent cases, far from red: no alarm moves the figures while they are compared.
      const now = Date.now()
      const first = await ingestOn(a, [reported('X1', '330111001001', now - 60_000), urged('X1', now - 30_000)])
      const pushed = await pushAfter(onB, first.seq)
      expect(pushed.summary.cases.total).toBeGreaterThanOrEqual(1)
      const second = await ingestOn(b, [reported('X2', '330411001001', now - 60_000)])
      await pushAfter(onA, second.seq)
      // Both at the same position: the same figures, whichever node committed what.
      const [sa, sb] = await until(
        'both nodes at the same position',
        () => Promise.all([summaryOf(a), summaryOf(b)]),
        ([x, y]) => x.seq === second.seq && y.seq === second.seq,
      )
      expect(figures(sb)).toEqual(figures(sa))
      expect(sa.cases.total).toBe(2)
      expect(sa.cases.urgedCases).toBe(1)
    } finally {
      onA.socket.disconnect()
      onB.socket.disconnect()
    }
  }, 60_000)

  it('serves a map imported through A from B (each node has a data directory of its own)', async () => {
    // Official boundaries of 秀洲区's one town in the test tree: a small square.
    const ring = [[120.6, 30.6], [120.7, 30.6], [120.7, 30.7], [120.6, 30.7], [120.6, 30.6]]
    const geojson = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: '王店镇' }, geometry: { type: 'Polygon', coordinates: [ring] } }] }
    const res = await fetch(`${a.base}/api/v1/geo`, {
      method: 'POST',
      headers: { authorization: `Bearer ${a.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ region: '330411', geojson, from: 'xiuzhou.geojson' }),
    })
    expect(res.status).toBe(200)
    const imported = (await res.json()) as GeoImportResult
    const onA = await fetch(`${a.base}${imported.url}`)
    const onB = await fetch(`${b.base}${imported.url}`)
    expect(onB.status).toBe(200)
    const text = await onB.text()
    expect(text).toBe(await onA.text())
    expect(JSON.parse(text)).toMatchObject({ code: '330411', schematic: false, imported: imported.imported })
    expect(onB.headers.get('etag')).toBe(onA.headers.get('etag'))
    const manifest = (await (await fetch(`${b.base}/geo/manifest.json`)).json()) as Manifest
    expect(manifest.files.find((e) => e.file === imported.file)).toMatchObject({ schematic: false, imported: imported.imported })
  }, 60_000)

  it('raises an alarm exactly once while both nodes tick, counted and pushed on both', async () => {
    const onA = await watch(a, '330000')
    const onB = await watch(b, '330000')
    const pushedA: Alarm[] = []
    const pushedB: Alarm[] = []
    onA.socket.on('alarm', ({ alarm }) => alarm.subjectId === 'RED1' && pushedA.push(alarm))
    onB.socket.on('alarm', ({ alarm }) => alarm.subjectId === 'RED1' && pushedB.push(alarm))
    try {
      await ingestOn(b, [dueIn('RED1', 3000)])
      // The clock of each node turns it red; only the leader writes the alarm.
      await until('the alarm pushed on both nodes', async () => pushedA.length * pushedB.length, (n) => n > 0)
      expect((await alarmsOf(a, 'RED1')).length).toBe(1)
      expect((await alarmsOf(b, 'RED1')).length).toBe(1)
      const [sa, sb] = await until(
        'the alarm counted on both',
        () => Promise.all([summaryOf(a), summaryOf(b)]),
        ([x, y]) => x.alarms.open === 1 && y.alarms.open === 1,
      )
      expect(figures(sb)).toEqual(figures(sa))
      // Each screen got the raise once.
      expect(pushedA.filter((x) => x.status === 'raised')).toHaveLength(1)
      expect(pushedB.filter((x) => x.status === 'raised')).toHaveLength(1)
    } finally {
      onA.socket.disconnect()
      onB.socket.disconnect()
    }
  }, 60_000)

  it('loses nothing acknowledged when A is killed with -9 during a stream of batches; B keeps serving its sockets', async () => {
    const onB = await watch(b, '330000')
    let lastPush = 0
    onB.socket.on('summary', (p) => (lastPush = Math.max(lastPush, p.seq)))
    const before = (await summaryOf(b)).cases.total
    const acked: string[] = []
    let inFlight = 0
    const stream = (async () => {
      for (let i = 0; ; i++) {
        const events = Array.from({ length: 50 }, (_, j) => reported(`K${i}-${j}`, '330111001001', Date.now() - 60_000))
        inFlight = events.length
        try {
          await ingestOn(a, events)
        } catch {
          return
        }
        acked.push(...events.map((e) => e.id))
      }
    })()
    await until('some batches acknowledged', async () => acked.length, (n) => n >= 500)
    await cluster.kill(a)
    await stream
    const total = await until('B counted every acknowledged event', async () => (await summaryOf(b)).cases.total - before, (n) => n >= acked.length)
    // At most the batch in flight when A died committed without its answer.
    expect(total).toBeLessThanOrEqual(acked.length + inFlight)
    expect(total % 50).toBe(0)
    // The same socket, never disconnected, still receives what B ingests.
    const next = await ingestOn(b, [reported('AFTER', '330411001001', Date.now() - 60_000)])
    await until('B pushed the next batch to its socket', async () => lastPush, (s) => s >= next.seq)
    expect(onB.socket.connected).toBe(true)
    const hb = await health(b)
    expect(hb.code).toBe(200)
    expect(hb.body).toMatchObject({ nodeId: 'node-b', storeOk: true, redisOk: true, lag: 0 })
    onB.socket.disconnect()
  }, 120_000)

  it('moves the lead to another node when the leader dies: the deadline clock still raises alarms', async () => {
    // B leads now (A is gone); C joins the running cluster from a consistent read of the state.
    await until('B leads', () => health(b), (h) => h.body.leader)
    const c = await cluster.start('node-c')
    const [hb, hc] = await until('C caught up', () => Promise.all([health(b), health(c)]), ([x, y]) => y.body.seq === x.body.seq)
    expect(hc.body.leader).toBe(false)
    expect(figures(await summaryOf(c))).toEqual(figures(await summaryOf(b)))
    expect(hb.body.leader).toBe(true)

    const onC = await watch(c, '330000')
    const raised = new Promise<Alarm>((resolve) => onC.socket.on('alarm', ({ alarm }) => alarm.subjectId === 'RED2' && resolve(alarm)))
    await cluster.kill(b)
    await until('C takes the lead', () => health(c), (h) => h.body.leader, 30_000)
    await ingestOn(c, [dueIn('RED2', 2000)])
    expect((await raised).status).toBe('raised')
    expect(await alarmsOf(c, 'RED2')).toHaveLength(1)
    onC.socket.disconnect()
  }, 120_000)
})
