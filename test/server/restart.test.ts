import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import type { App } from '../../server/app'
import { Replayer } from '../../server/domain/replay/replayer'
import { Aggregator } from '../../server/domain/aggregate/aggregator'
import { decodeSnapshot, encodeSnapshot } from '../../server/domain/replay/snapshotCodec'
import { SnapshotThread } from '../../server/domain/replay/worker/snapshotThread'
import { answerRead } from '../../server/domain/replay/reads'
import type { ReplayRead } from '../../server/domain/replay/worker/protocol'
import { parseView, resolvePeriod } from '../../server/domain/aggregate/view'
import { assessmentRange } from '../../server/config'
import { shanghaiDay } from '../../shared/time/shanghai'
import { openStore } from '../../server/store/open'
import { RegionTree } from '../../shared/regions/tree'
import type { ThemeAnswer } from '../../shared/api/themes'
import type { YipingEvent } from '../../shared/events/schema'
import type { Summary } from '../../shared/summary/schema'
import { toShanghaiIso } from '../../shared/time/shanghai'
import { redIds } from '../helpers/aggregator'
import { adminToken, ingestHeaders, storeOf, tempDataDir, testApp, testConfig } from '../helpers/app'
import { T0 } from '../helpers/events'
import { VILLAGES } from '../helpers/regions'
import { randomStream } from '../helpers/stream'

const H = 3600_000
const D = 24 * H
const UNITS = ['街道综治中心', '村委会', '城管', '市场监管'] as const

/**
 * The random stream of test/helpers/stream.ts with what else the figures count: handling units
 * and 转派, petitions with visits, 越级访 and 积案 with 包案领导, telecom fraud with losses, and risk
 * points (water with rescue equipment, fire inspection sites) checked now and then.
 */
function richStream(seed: number, count: number): YipingEvent[] {
  let s = seed
  const rnd = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
  const pick = <T>(a: readonly T[]) => a[Math.floor(rnd() * a.length)]!
  let n = 0
  const id = () => `rich-${seed}-${++n}`
  const risks = VILLAGES.slice(0, 6).map((v, i) => ({ riskId: `RP${seed}-${i}`, regionCode: v, kind: i % 2 ? ('fire' as const) : ('water' as const) }))
  const out: YipingEvent[] = []
  let riskTime = 0
  for (const e of randomStream(seed, count)) {
    if (out.length === 0) {
      riskTime = Date.parse(e.at)
      for (const r of risks)
        out.push({ id: id(), type: 'risk.registered', at: e.at, ...r, name: '点位', lng: 119, lat: 29.6, ...(r.kind === 'water' ? { rescueSets: 4 } : { inspectionSite: true }) } as YipingEvent)
    }
    if (e.type !== 'case.reported') {
      out.push(e)
    } else {
      const r = rnd()
      const extra: Record<string, unknown> = {}
      if (r < 0.5) extra.unit = pick(UNITS)
      if (e.source === 'petition') {
        extra.visit = pick(['first', 'repeat'] as const)
        if (rnd() < 0.2) extra.overLevel = true
      }
      if (e.backlogLevel) Object.assign(extra, { caseLeader: '包案领导', clearBy: toShanghaiIso(Date.parse(e.at) + Math.floor(rnd() * 20) * D) })
      if (rnd() < 0.08) Object.assign(extra, { category: '电信诈骗', fraudType: pick(['rebate', 'investment'] as const), loss: Math.floor(rnd() * 50_000) })
      out.push({ ...e, ...extra } as YipingEvent)
      if (extra.unit && rnd() < 0.3) out.push({ id: id(), type: 'case.transferred', at: e.at, caseId: e.caseId, unit: extra.unit === UNITS[0] ? UNITS[1] : UNITS[0] } as YipingEvent)
    }
    const at = Date.parse(e.at)
    if (at - riskTime > 6 * H) {
      riskTime = at
      const r = pick(risks)
      const status = pick(['normal', 'warning', 'alarm', 'rectifying', 'rectified'] as const)
      const check = r.kind === 'fire' ? { round: 1 + Math.floor(rnd() * 3), hazard: Math.floor(rnd() * 3) } : { patrol: true, rescueReady: Math.floor(rnd() * 5) }
      out.push({ id: id(), type: 'risk.status', at: e.at, riskId: r.riskId, status, ...check } as YipingEvent)
    }
  }
  return out
}

/** What a wall, a desk and the themed pages read: several region levels, periods and comparisons. */
const REGIONS = ['330000', '330111', '330111001', VILLAGES[0]!, '330411']
const PERIODS = ['', '&period=today', '&period=month&compare=previous,lastYear', '&period=week&compare=previousToDate', `&from=${encodeURIComponent(toShanghaiIso(T0 - 50 * D))}&to=${encodeURIComponent(toShanghaiIso(T0 + 10 * D))}`]
const READS = [
  ...REGIONS.flatMap((r) => PERIODS.map((p) => `/api/v1/summary?region=${r}${p}`)),
  '/api/v1/summary/detail?region=330000&compare=lastYear&rankBy=cases.onTimeRate',
  '/api/v1/summary/detail?region=330111&period=month&rankBy=cases.overdue&order=asc',
  '/api/v1/summary/detail?region=330111001&compare=previous',
  ...['330000', '330111'].flatMap((r) => ['', '&period=month'].map((p) => `/api/v1/summary/units?region=${r}${p}`)),
  ...['petition', 'safety', 'fire', 'water'].flatMap((page) => ['330000', '330111'].map((r) => `/api/v1/themes/${page}?region=${r}&period=year`)),
  '/api/v1/alarms?region=330000&status=open&limit=500',
]

/** A store copied from `dataDir`: each restarted app raises and clears alarms of its own. */
function copyOf(dataDir: string): string {
  const to = tempDataDir()
  fs.cpSync(dataDir, to, { recursive: true })
  return to
}

/** An app on a copy of the store, read at each instant in turn (the clock moved and its deadlines applied). */
async function readAlong(dataDir: string, instants: readonly number[], config: { snapshotRestart: boolean }) {
  let now = instants[0]!
  const { app } = await testApp({ dataDir: copyOf(dataDir), clock: () => now, config: { snapshotEvery: 500, ...config } })
  try {
    const start = app.aggregatorStart
    const seen: Array<{ t: number; url: string; body: unknown }> = []
    const internals: unknown[] = []
    for (const t of instants) {
      // The first reads are of the app as it started (no tick of its own); then the clock moves.
      if (t !== now) {
        now = t
        app.aggregator.tick()
      }
      await app.alarms.settled()
      const headers = { authorization: `Bearer ${await adminToken(app)}` }
      for (const url of READS) {
        const res = await app.inject({ url, headers })
        expect(res.statusCode, `${url}: ${res.body}`).toBe(200)
        seen.push({ t, url, body: res.json() })
      }
      const agg = app.aggregator
      // Reports and resolutions by hour and day of happening (only today's hours are read; all are compared).
      const activity = REGIONS.map((r) => {
        const a = agg.activityOf(r)
        const slots = (m: Map<number, [number, number]> | undefined) => [...(m ?? [])].filter(([, [x, y]]) => x !== 0 || y !== 0).sort(([x], [y]) => x - y)
        return { hours: slots(a?.hours), days: slots(a?.days) }
      })
      internals.push({ t, raw: agg.snapshot(), activity, watched: agg.watchedCount, red: (await redIds(agg)).sort(), wake: agg.nextWakeAt(), seq: agg.seq })
    }
    return { start, seen, internals }
  } finally {
    await app.close()
  }
}

let app: App | undefined
afterEach(async () => {
  await app?.close()
  app = undefined
})

/** A store with a rich random stream ingested live (clock along the events), snapshots written every 500 events. */
async function liveStore(seed: number, count: number) {
  // The clock follows the stream (it starts 40 days before T0), so recent hours have activity.
  let now = T0 - 41 * D
  const started = await testApp({ clock: () => now, config: { snapshotEvery: 500 } })
  app = started.app
  const stream = richStream(seed, count)
  for (let i = 0; i < stream.length; i += 200) {
    const batch = stream.slice(i, i + 200)
    now = Math.max(now, ...batch.map((e) => Date.parse(e.at))) + 60_000
    app.aggregator.tick()
    const res = await app.inject({ method: 'POST', url: '/api/v1/events', headers: ingestHeaders, payload: { events: batch } })
    expect(res.statusCode, res.body).toBe(200)
    await app.alarms.settled()
    await app.replay.snapshotNow()
  }
  const head = await app.store.lastSeq()
  const snapshots = await app.store.replay.listSnapshots()
  await app.close()
  app = undefined
  return { dataDir: started.dataDir, head, snapshots, lastAt: now }
}

// Each test fills a store through the real app and restarts it twice: tens of seconds on a loaded 2-core machine.
describe('restart from a snapshot', { timeout: 120_000 }, () => {
  it('answers exactly what a full rebuild answers: summary, detail, units, themed pages and alarms, before and after due times', async () => {
    const { dataDir, head, snapshots, lastAt } = await liveStore(21, 3000)
    expect(snapshots.length).toBeGreaterThan(3)
    const latest = snapshots.at(-1)!.seq
    expect(head - latest, 'a tail of the log after the latest snapshot').toBeGreaterThan(0)

    // Right after, then past many due times (24 h for minor cases), then weeks later.
    const instants = [lastAt + H, lastAt + 2 * D + 5 * H, lastAt + 40 * D]
    const rebuilt = await readAlong(dataDir, instants, { snapshotRestart: false })
    const restored = await readAlong(dataDir, instants, { snapshotRestart: true })
    expect(rebuilt.start).toMatchObject({ from: 'store' })
    expect(restored.start).toEqual({ from: 'snapshot', snapshotSeq: latest, snapshotAt: expect.any(Number), tailEvents: head - latest, encodedCases: expect.any(Number) })

    for (let i = 0; i < rebuilt.seen.length; i++) expect(restored.seen[i], `${rebuilt.seen[i]!.url} at ${toShanghaiIso(rebuilt.seen[i]!.t)}`).toEqual(rebuilt.seen[i])
    expect(restored.internals).toEqual(rebuilt.internals)

    // Not trivially equal: the figures moved with the clock, and every part of the answer has something in it.
    const body = (t: number, url: string) => rebuilt.seen.find((s) => s.t === t && s.url === url)!.body
    const root = (t: number) => body(t, '/api/v1/summary?region=330000') as Summary
    const page = (p: string) => body(instants[0]!, `/api/v1/themes/${p}?region=330000&period=year`) as ThemeAnswer
    expect(root(instants[0]!).cases.total).toBeGreaterThan(500)
    expect((rebuilt.internals[0] as { activity: Array<{ hours: unknown[] }> }).activity[0]!.hours.length).toBeGreaterThan(10)
    expect(root(instants[1]!).cases.overdue).toBeGreaterThan(root(instants[0]!).cases.overdue)
    expect(root(instants[1]!).alarms.open).toBeGreaterThan(0)
    expect(root(instants[0]!).risks.total).toBeGreaterThan(0)
    const units = body(instants[0]!, '/api/v1/summary/units?region=330000') as { units: Array<{ assigned: number }> }
    expect(units.units.length).toBe(UNITS.length)
    expect(page('petition').petition!.petitions).toBeGreaterThan(0)
    expect(page('petition').petition!.openBacklog.total).toBeGreaterThan(0)
    expect(page('safety').safety!.cases).toBeGreaterThan(0)
    expect(page('fire').fire!.hazards).toBeGreaterThan(0)
    expect(page('water').water!.patrols).toBeGreaterThan(0)
  })

  it('ignores a snapshot of another version, or one that cannot be read, and recounts every case', async () => {
    const { dataDir, head } = await liveStore(5, 1200)
    const instants = [T0 + 60 * D]
    const rebuilt = await readAlong(dataDir, instants, { snapshotRestart: false })

    const db = new Database(path.join(dataDir, 'snapshots.sqlite'))
    db.prepare(`UPDATE snapshots SET version = version + 1`).run()
    db.close()
    const otherVersion = await readAlong(dataDir, instants, { snapshotRestart: true })
    expect(otherVersion.start).toEqual({ from: 'store', cases: expect.any(Number) })
    expect(otherVersion.seen).toEqual(rebuilt.seen)

    const db2 = new Database(path.join(dataDir, 'snapshots.sqlite'))
    db2.prepare(`UPDATE snapshots SET version = version - 1`).run()
    db2.prepare(`UPDATE snapshots SET body = ? WHERE seq = (SELECT max(seq) FROM snapshots)`).run(Buffer.from('not a snapshot'))
    db2.close()
    const unreadable = await readAlong(dataDir, instants, { snapshotRestart: true })
    expect(unreadable.start).toEqual({ from: 'store', cases: expect.any(Number) })
    expect(unreadable.seen).toEqual(rebuilt.seen)

    // The same store with its snapshots intact starts from one (the version check passes).
    const db3 = new Database(path.join(dataDir, 'snapshots.sqlite'))
    db3.prepare(`DELETE FROM snapshots WHERE seq = (SELECT max(seq) FROM snapshots)`).run()
    db3.close()
    const fromEarlier = await readAlong(dataDir, instants, { snapshotRestart: true })
    expect(fromEarlier.start).toMatchObject({ from: 'snapshot' })
    expect((fromEarlier.start as { tailEvents: number }).tailEvents).toBeLessThan(head)
    expect(fromEarlier.seen).toEqual(rebuilt.seen)
  })
})

describe('restart with the unresolved cases left encoded', { timeout: 120_000 }, () => {
  it('answers what a recount answers (summary, red cases, alarms, units, petitions) with most cases never decoded, and a snapshot missing one case does not', async () => {
    const { dataDir, head, snapshots, lastAt } = await liveStore(33, 2400)
    const latest = snapshots.at(-1)!
    expect(head - latest.seq, 'a tail of the log after the latest snapshot').toBeGreaterThan(0)
    // Right after (the app as it started, its alarm check done), then past many due times.
    const instants = [lastAt + H, lastAt + 2 * D + 5 * H]
    const rebuilt = await readAlong(dataDir, instants, { snapshotRestart: false })
    const restored = await readAlong(dataDir, instants, { snapshotRestart: true })
    const start = restored.start as { from: string; encodedCases: number }
    expect(start.from).toBe('snapshot')
    expect(start.encodedCases, 'cases left encoded by the restart').toBeGreaterThan(100)
    for (let i = 0; i < rebuilt.seen.length; i++) expect(restored.seen[i], `${rebuilt.seen[i]!.url} at ${toShanghaiIso(rebuilt.seen[i]!.t)}`).toEqual(rebuilt.seen[i])
    expect(restored.internals).toEqual(rebuilt.internals)
    const body = (t: number, url: string) => rebuilt.seen.find((s) => s.t === t && s.url === url)!.body
    expect((body(instants[1]!, '/api/v1/summary?region=330000') as Summary).alarms.open).toBeGreaterThan(0)
    expect((rebuilt.internals[1] as { red: string[] }).red.length).toBeGreaterThan(0)
    expect((body(instants[0]!, '/api/v1/themes/petition?region=330000&period=year') as ThemeAnswer).petition!.openBacklog.total).toBeGreaterThan(0)

    // The same snapshot without one unresolved case the tail never touches: the comparison above sees it.
    const skipped = tempDataDir()
    fs.cpSync(dataDir, skipped, { recursive: true })
    const log = new Database(path.join(skipped, 'yiping.sqlite'))
    const touched = new Set(log.prepare<[number], { body: string }>(`SELECT body FROM events WHERE seq > ?`).all(latest.seq).map((e) => (JSON.parse(e.body) as { caseId?: string }).caseId))
    log.close()
    const db = new Database(path.join(skipped, 'snapshots.sqlite'))
    const row = db.prepare<[number], { body: Buffer }>(`SELECT body FROM snapshots WHERE seq = ?`).get(latest.seq)!
    const dump = await decodeSnapshot(row.body)
    // One with a handling unit: its open count is on the units' page as well.
    const gone = dump.watched.findIndex((w) => !touched.has(w.state.id) && Object.keys(w.state.units ?? {}).length > 0)
    expect(gone).toBeGreaterThanOrEqual(0)
    dump.watched.splice(gone, 1)
    db.prepare(`UPDATE snapshots SET body = ? WHERE seq = ?`).run(await encodeSnapshot(dump), latest.seq)
    db.close()
    const missing = await readAlong(skipped, instants, { snapshotRestart: true })
    expect(missing.start).toMatchObject({ from: 'snapshot', snapshotSeq: latest.seq })
    const differs = missing.seen.filter((s, i) => JSON.stringify(s) !== JSON.stringify(rebuilt.seen[i])).map((s) => s.url)
    expect(differs).toContain('/api/v1/summary/units?region=330000')
    expect(missing.internals).not.toEqual(rebuilt.internals)
  })
})

describe('the snapshot thread', { timeout: 120_000 }, () => {
  it('builds and stores in a worker thread the same snapshots as the main thread, and thins them there', async () => {
    const { dataDir, snapshots } = await liveStore(9, 1500)
    expect(snapshots.length).toBeGreaterThanOrEqual(2)
    const store = await openStore(storeOf(dataDir), { clock: Date.now, nodeId: 'test' })
    const config = testConfig(dataDir)
    const tree = new RegionTree(await store.loadRegions())
    const thread = new SnapshotThread({ dataDir, regions: tree.list(), limits: config.timeLimits, disputeCategories: [...config.disputeCategories] })
    try {
      const replayer = new Replayer({ store, tree, limits: config.timeLimits, disputeCategories: config.disputeCategories }, { useSnapshots: false })
      // Two in a row: the thread moves its aggregator on from the first to the second.
      await store.replay.deleteSnapshots(snapshots.slice(-2).map((s) => s.seq))
      for (const s of snapshots.slice(-2)) {
        const [bytes, on] = await Promise.all([thread.write(s.seq, s.at), replayer.encode(s.seq, s.at)])
        const off = (await store.replay.snapshotBody(s.seq))!
        expect(bytes).toBe(off.length)
        expect(await decodeSnapshot(off)).toEqual(await decodeSnapshot(on))
        expect((await decodeSnapshot(off)).seq).toBe(s.seq)
      }
      expect((await store.replay.listSnapshots()).map((m) => m.seq)).toEqual(snapshots.map((m) => m.seq))
      // Thinning in the thread: a row of another version goes, the current ones stay (all younger than eight days).
      await store.replay.putSnapshot({ seq: 1, at: snapshots[0]!.at, version: replayer.version + 1, bytes: 3, body: Buffer.from('old') })
      expect(await thread.thin(snapshots.at(-1)!.at)).toBe(1)
      expect((await store.replay.listSnapshots()).map((m) => m.seq)).toEqual(snapshots.map((m) => m.seq))
      // The codec gives back exactly what it was given (day counters, categories, activity, units, themes, unresolved cases).
      const agg = new Aggregator(tree, Date.now, { disputeCategories: config.disputeCategories })
      agg.seq = await store.readState((c) => agg.addCase(c), (r) => agg.addRisk(r))
      const dump = agg.dump()
      expect(dump.watched.length).toBeGreaterThan(0)
      expect(await decodeSnapshot(await encodeSnapshot(dump))).toEqual(dump)
    } finally {
      await thread.close()
      await store.close()
    }
  })

  it('answers replay reads in a thread of its own exactly as the main thread replays them, and forgets what it built when cleared', async () => {
    const { dataDir, snapshots, lastAt } = await liveStore(5, 1500)
    const store = await openStore(storeOf(dataDir), { clock: Date.now, nodeId: 'test' })
    const config = testConfig(dataDir)
    const tree = new RegionTree(await store.loadRegions())
    const data = { dataDir, regions: tree.list(), limits: config.timeLimits, disputeCategories: [...config.disputeCategories] }
    const reads = new SnapshotThread({ ...data, role: 'reads' })
    try {
      const replayer = new Replayer({ store, tree, limits: config.timeLimits, disputeCategories: config.disputeCategories })
      const asked = (t: number, code: string): ReplayRead[] => {
        const today = shanghaiDay(t)
        const parsed = parseView({ region: code, compare: ['previous', 'lastYear'], rankBy: 'cases.overdue' }, today, '/querystring')
        if (!parsed.ok) throw new Error(parsed.error)
        const period = resolvePeriod(parsed.value.period, today, assessmentRange(config.assessmentPeriod))
        const { region, compare, rankBy, order } = parsed.value
        return [
          { kind: 'summary', t, region, period, compare: [...compare] },
          { kind: 'detail', t, view: { region, compare, rankBy, order }, period },
        ]
      }
      // At a snapshot, between two (a tail after one), after the last, and a county's figures.
      const instants = [snapshots[0]!.at, (snapshots[0]!.at + snapshots[1]!.at) / 2, snapshots.at(-1)!.at + 1, lastAt]
      for (const t of instants)
        for (const read of [...asked(t, '330000'), ...asked(t, VILLAGES[0]!.slice(0, 6))]) {
          const inThread = await reads.read(read)
          expect(inThread).toEqual(await answerRead(replayer, read))
        }
      await reads.clear()
      const again = asked(instants[1]!, '330000')[0]!
      expect(await reads.read(again)).toEqual(await answerRead(replayer, again))
    } finally {
      await reads.close()
      await store.close()
    }
  })
})
