import { afterEach, describe, expect, it, vi } from 'vitest'
import type { App } from '../../server/app'
import type { WrittenSnapshot } from '../../server/plugins/app/replay'
import { KEEP_ALL_MS } from '../../server/domain/replay/retention'
import type { Alarm } from '../../shared/api/alarms'
import type { YipingEvent } from '../../shared/events/schema'
import { toShanghaiIso } from '../../shared/time/shanghai'
import { accountSession, adminToken, ingestHeaders, testApp } from '../helpers/app'
import { followedUp, reported, resolved, riskRegistered, riskStatus, stage, T0, urged } from '../helpers/events'

let app: App
afterEach(async () => app?.close())

const H = 3600_000
const D = 24 * H

/** What the wall reads, at several region levels, periods, comparisons and rankings. */
const READS = [
  '/api/v1/summary?region=330000',
  '/api/v1/summary?region=330111',
  '/api/v1/summary?region=330111001&period=today',
  '/api/v1/summary?region=330111001001&period=month&compare=previous,lastYear',
  '/api/v1/summary?region=330411&period=week&compare=previousToDate',
  '/api/v1/summary/detail?region=330000&compare=lastYear&rankBy=cases.onTimeRate',
  '/api/v1/summary/detail?region=330111&period=today&rankBy=cases.overdue&order=asc',
  // The province wall's ranking of its districts (two cities are fewer than three).
  '/api/v1/summary/detail?region=330000&compare=lastYear&rankBy=cases.total&grandchildrenBelow=3',
  // The themed pages in replay: 积案 open at the instant, water and fire points as they stood.
  '/api/v1/themes/petition?region=330111',
  '/api/v1/themes/water?region=330111&period=month',
  '/api/v1/themes/fire?region=330411',
  '/api/v1/themes/safety?region=330000&period=today',
]

/** `burstEvery`: the snapshots' spacing in a burst; by default as far apart as outside one (every snapshot due written). */
async function setup(snapshotEvery: number, burstEvery = snapshotEvery, config: Partial<App['config']> = {}) {
  let now = T0
  let dataDir: string
  ;({ app, dataDir } = await testApp({ clock: () => now, config: { snapshotEvery, snapshotBurstEvery: burstEvery, ...config } }))
  const auth = { authorization: `Bearer ${await adminToken(app)}` }
  /** Move the clock as the live server would see it: deadlines and the alarms they raise applied. */
  const at = async (t: number) => {
    now = t
    app.aggregator.tick()
    await app.alarms.settled()
    // Sessions last 12 hours of the (moved) clock.
    auth.authorization = `Bearer ${await adminToken(app)}`
  }
  const ingest = async (events: YipingEvent[]) => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/events', headers: ingestHeaders, payload: { events } })
    expect(res.statusCode, res.body).toBe(200)
    await app.alarms.settled()
    await app.replay.snapshotNow()
  }
  const get = async (url: string, headers = auth) => {
    const res = await app.inject({ url, headers })
    expect(res.statusCode, `${url}: ${res.body}`).toBe(200)
    return res.json() as unknown
  }
  const alarms = async () => ((await get('/api/v1/alarms?region=330000&status=open')) as { items: Alarm[] }).items
  return { auth, at, ingest, get, alarms, now: () => now, dataDir }
}

/** A few days of a district's life, with live reads recorded at instants along the way. */
async function liveThenReplay(snapshotEvery: number) {
  const t = await setup(snapshotEvery)
  const seen: Array<{ t: number; url: string; body: unknown }> = []
  const record = async () => {
    for (const url of READS) seen.push({ t: t.now(), url, body: await t.get(url) })
  }

  await t.at(T0 + 10 * 60_000)
  await t.ingest([
    riskRegistered('R1', '330111001001'),
    riskRegistered('R2', '330411001001', 'fire'),
    reported('A', '330111001001', T0),
    reported('B', '330111001002', T0 + 60_000, { size: 'major', source: 'petition', category: '劳动争议', backlogLevel: 'provincial' }),
    reported('C', '330411001001', T0 + 120_000),
  ])
  await record()

  await t.at(T0 + 2 * H)
  await t.ingest([stage('A', 'assign', T0 + H), urged('A', T0 + 90 * 60_000), resolved('C', 'grid', T0 + 2 * H - 1000), riskStatus('R1', 'alarm')])
  await record()

  // A yellow then red case (the clock), risk in alarm acknowledged by a seat.
  await t.at(T0 + 20 * H)
  const [riskAlarm] = await t.alarms()
  expect(riskAlarm).toMatchObject({ kind: 'risk.alarm' })
  await t.ingest([reported('D', '330111002001', T0 + 20 * H - 60_000), followedUp('C', 'satisfied', T0 + 20 * H - 30_000)])
  expect((await app.inject({ method: 'POST', url: `/api/v1/alarms/${riskAlarm!.id}/acknowledge`, headers: t.auth, payload: {} })).statusCode).toBe(200)
  await record()

  await t.at(T0 + D + 30 * 60_000)
  expect((await t.alarms()).map((a) => a.subjectId).sort()).toEqual(['A', 'R1'])
  await record()

  // Later: more events, deadlines and alarms that the replay must not see.
  await t.at(T0 + D + 2 * H)
  await t.ingest([resolved('A', 'village', T0 + D + H), stage('D', 'handle', T0 + D + H), riskStatus('R1', 'rectified'), riskStatus('R2', 'alarm')])
  const open = await t.alarms()
  for (const a of open) await app.inject({ method: 'POST', url: `/api/v1/alarms/${a.id}/close`, headers: t.auth, payload: {} })
  await t.at(T0 + 3 * D)
  await t.ingest([reported('E', '330111001001', T0 + 3 * D - H), followedUp('A', 'basic', T0 + 3 * D - H)])
  await t.at(T0 + 3 * D + H)

  const replayed = async (s: (typeof seen)[number]) => ({ ...s, body: await t.get(`${s.url}&asOf=${encodeURIComponent(toShanghaiIso(s.t))}`) })
  // Backwards first (fresh aggregators from snapshots), then forwards (one moved on from the last).
  for (const s of [...seen].reverse()) expect((await replayed(s)).body, `${s.url} as of ${toShanghaiIso(s.t)}`).toEqual(s.body)
  for (const s of seen) expect((await replayed(s)).body, `${s.url} as of ${toShanghaiIso(s.t)}`).toEqual(s.body)
  // The live figures are untouched by all this.
  expect(await t.get('/api/v1/summary?region=330000')).toMatchObject({ cases: { total: 5, open: 3 } })
  return { t, seen }
}

describe('replay (as of)', () => {
  it('answers what the server answered at T, live, after more events, deadlines and alarms (snapshots every 3 events)', async () => {
    const { seen } = await liveThenReplay(3)
    // The checks above compared stocks and flows; make sure they were not trivially empty.
    const at24 = seen.find((s) => s.url === '/api/v1/summary?region=330000' && s.t === T0 + D + 30 * 60_000)!.body
    expect(at24).toMatchObject({ cases: { total: 4, overdue: 1, byColor: { red: 1 } }, alarms: { open: 1, acknowledged: 1 }, risks: { byStatus: { alarm: 1 } } })
    expect((await app.store.replay.listSnapshots()).length).toBeGreaterThan(2)
  })

  it('answers the same from the log alone (no snapshots)', async () => {
    await liveThenReplay(0)
    expect(await app.store.replay.listSnapshots()).toEqual([])
  })

  it('more than one snapshot behind, writes the head\'s first, the skipped ones once the log is quiet (a commit stops them), and answers the same from them', async () => {
    const { t, seen } = await liveThenReplay(0)
    // The figures at the end, live: replays at this instant start from the snapshot of the head.
    for (const url of READS) seen.push({ t: t.now(), url, body: await t.get(url) })
    const head = await app.store.lastSeq()
    await app.close()
    // The same log, now with a snapshot due every 3 of its events: many due at once at the start.
    let now = t.now()
    const quietMs = 60_000
    ;({ app } = await testApp({ dataDir: t.dataDir, clock: () => now, config: { snapshotEvery: 3, snapshotFillQuietMs: quietMs } }))
    const written: WrittenSnapshot[] = []
    app.replay.onWritten((s) => void written.push(s))
    const seqs = async () => (await app.store.replay.listSnapshots()).map((m) => m.seq)
    await app.replay.snapshotNow()
    // The head's alone: the server's start counts as a commit, and the log has not been quiet since.
    expect(head).toBeGreaterThan(4 * 3)
    expect(await seqs()).toEqual([head])
    const pending = await app.replay.pendingFill()
    expect(pending).toBeGreaterThanOrEqual(3)
    const auth = { authorization: `Bearer ${await adminToken(app)}` }

    // Quiet: the fill starts, oldest first; a batch committed after its first snapshot stops it.
    now += quietMs
    let burst: Promise<{ statusCode: number; body: string; json: () => unknown }> | null = null
    app.replay.onWritten(async (s) => {
      if (!s.fill || burst) return
      burst = app.inject({ method: 'POST', url: '/api/v1/events', headers: ingestHeaders, payload: { events: [reported('F', '330111001001', now - 1000)] } })
      await burst
    })
    await app.replay.snapshotNow()
    const res = await burst!
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({ accepted: 1 })
    expect(written.filter((s) => s.fill)).toHaveLength(1)
    expect(await app.replay.pendingFill()).toBe(pending - 1)
    // Not quiet yet: nothing more.
    now += quietMs - 1
    await app.replay.snapshotNow()
    expect(written.filter((s) => s.fill)).toHaveLength(1)

    // Quiet again: the rest, oldest first, each where a catch-up one at a time would have put it.
    now += 1
    await app.replay.snapshotNow()
    const filled = written.filter((s) => s.fill).map((s) => s.seq)
    expect(filled).toHaveLength(pending)
    expect(filled).toEqual([...filled].sort((a, b) => a - b))
    expect(await app.replay.pendingFill()).toBe(0)
    const stored = await seqs()
    expect(stored).toEqual([...filled, head])
    expect((await app.store.readBatches(2, 1))[0]!.seq).toBe(stored[0])
    const next = async (seq: number) => (await app.store.readBatches(seq + 2, 1))[0]!.seq
    for (let i = 1; i < stored.length - 1; i++) expect(await next(stored[i - 1]!)).toBe(stored[i])
    // The head's was written where the catch-up stood, less than 3 events after the last filled one.
    expect(await next(stored.at(-2)!)).toBeGreaterThanOrEqual(head)
    const state = await app.inject({ url: '/api/v1/replay/snapshots', headers: auth })
    expect(state.json()).toMatchObject({ every: 3, head: await app.store.lastSeq(), fill: 0 })

    for (const s of seen) {
      const url = `${s.url}&asOf=${encodeURIComponent(toShanghaiIso(s.t))}`
      const res = await app.inject({ url, headers: auth })
      expect(res.statusCode, res.body).toBe(200)
      expect(res.json(), `${s.url} as of ${toShanghaiIso(s.t)}`).toEqual(s.body)
    }
  })

  it('keeps the count of snapshots to fill: read from the log once, counted down as the fill writes, read again once after a restart', async () => {
    const { t } = await liveThenReplay(0)
    await app.close()
    let now = t.now()
    const quietMs = 60_000
    const config = { snapshotEvery: 3, snapshotBurstEvery: 3, snapshotFillQuietMs: quietMs }
    ;({ app } = await testApp({ dataDir: t.dataDir, clock: () => now, config }))
    await app.replay.snapshotNow()
    const reads = vi.spyOn(app.store, 'readBatches')
    const pending = await app.replay.pendingFill()
    expect(pending).toBeGreaterThanOrEqual(3)
    expect(reads).toHaveBeenCalled()
    /** The count asked again: the answer, and whether the log was read for it. */
    const count = async () => {
      const before = reads.mock.calls.length
      const n = await app.replay.pendingFill()
      return { n, read: reads.mock.calls.length > before }
    }
    expect(await count()).toEqual({ n: pending, read: false })
    const auth = { authorization: `Bearer ${await adminToken(app)}` }
    // The fill writes one, and a batch committed after it stops it (as above): one less, not read again.
    now += quietMs
    let burst: Promise<unknown> | null = null
    app.replay.onWritten(async (s) => {
      if (!s.fill || burst) return
      burst = app.inject({ method: 'POST', url: '/api/v1/events', headers: ingestHeaders, payload: { events: [reported('K', '330111001001', now - 1000)] } })
      await burst
    })
    await app.replay.snapshotNow()
    await burst
    expect(await count()).toEqual({ n: pending - 1, read: false })
    const state = await app.inject({ url: '/api/v1/replay/snapshots', headers: auth })
    expect(state.json()).toMatchObject({ every: 3, fill: pending - 1 })

    // Restarted: read from the log once more, the same count.
    await app.close()
    ;({ app } = await testApp({ dataDir: t.dataDir, clock: () => now, config }))
    const again = vi.spyOn(app.store, 'readBatches')
    expect(await app.replay.pendingFill()).toBe(pending - 1)
    expect(again).toHaveBeenCalled()
    const calls = again.mock.calls.length
    expect(await app.replay.pendingFill()).toBe(pending - 1)
    expect(again.mock.calls.length).toBe(calls)
    // Quiet: the rest written, none left.
    now += quietMs
    await app.replay.snapshotNow()
    expect(await app.replay.pendingFill()).toBe(0)
  })

  it('fills the skipped snapshots paced while the log only trickles, once they have waited YIPING_SNAPSHOT_FILL_DEFER_MS, and not in a burst', async () => {
    const { t } = await liveThenReplay(0)
    const head = await app.store.lastSeq()
    await app.close()
    let now = t.now()
    const quietMs = 60_000
    const deferMs = 300_000
    ;({ app } = await testApp({ dataDir: t.dataDir, clock: () => now, config: { snapshotEvery: 3, snapshotFillQuietMs: quietMs, snapshotFillDeferMs: deferMs } }))
    const written: WrittenSnapshot[] = []
    app.replay.onWritten((s) => void written.push(s))
    const fills = () => written.filter((s) => s.fill).length
    await app.replay.snapshotNow()
    expect((await app.store.replay.listSnapshots()).map((m) => m.seq)).toEqual([head])
    const pending = await app.replay.pendingFill()
    expect(pending).toBeGreaterThanOrEqual(3)
    let n = 0
    const commit = async (events: number) => {
      const batch = Array.from({ length: events }, () => reported(`T${++n}`, '330111001001', now - 1000))
      const res = await app.inject({ method: 'POST', url: '/api/v1/events', headers: ingestHeaders, payload: { events: batch } })
      expect(res.statusCode, res.body).toBe(200)
    }
    // A live feed of one event every 40 s: never quiet, nothing filled before the deferral.
    const started = now
    while (now + 40_000 < started + deferMs) {
      now += 40_000
      await commit(1)
      await app.replay.snapshotNow()
    }
    expect(fills()).toBe(0)
    now = started + deferMs
    await commit(1)
    await app.replay.snapshotNow()
    expect(fills()).toBe(1)
    // Paced: the next one waits three times as long as that one took.
    await app.replay.snapshotNow()
    expect(fills()).toBe(1)
    now += 60_000
    await commit(1)
    await app.replay.snapshotNow()
    expect(fills()).toBe(2)
    // A burst (a snapshot interval's worth of events within the quiet period): no fill beside it.
    now += 60_000
    await commit(3)
    await app.replay.snapshotNow()
    expect(fills()).toBe(2)
    expect(await app.replay.pendingFill()).toBe(pending - 2)
    // Past the burst's quiet period, the rest.
    now += quietMs
    await app.replay.snapshotNow()
    expect(fills()).toBe(pending)
    expect(await app.replay.pendingFill()).toBe(0)
  })

  it('in a burst writes the head\'s snapshot only every YIPING_SNAPSHOT_BURST_EVERY events, the ones between once the log is quiet', async () => {
    // Every 3 events, 5 × 3 in a burst (3 events within the 30 s quiet period, the default).
    const t = await setup(3, 15)
    await t.at(T0 + H)
    const written: WrittenSnapshot[] = []
    app.replay.onWritten((s) => void written.push(s))
    for (let i = 0; i < 40; i++) await t.ingest([reported(`B${i}`, '330111001001', T0 + i * 1000)])
    const head = await app.store.lastSeq()
    expect(head).toBe(40)
    // From the third commit on, 3 events within the quiet period: a burst, the head's snapshot every 15.
    expect(written).toEqual([15, 30].map((seq) => expect.objectContaining({ seq, fill: false })))
    const pending = await app.replay.pendingFill()
    expect(pending).toBeGreaterThan(0)
    // Quiet: the head's (if due) and the skipped ones, every 3 events again.
    await t.at(T0 + H + 30_000)
    await app.replay.snapshotNow()
    expect(await app.replay.pendingFill()).toBe(0)
    const stored = (await app.store.replay.listSnapshots()).map((m) => m.seq)
    for (let i = 1; i < stored.length; i++) expect(stored[i]! - stored[i - 1]!).toBeLessThanOrEqual(3)
    expect(head - stored.at(-1)!).toBeLessThan(3)
    // Replays in the gaps answer what the log says (the same with no snapshot at all).
    const url = `/api/v1/summary?region=330000&asOf=${encodeURIComponent(toShanghaiIso(T0 + H))}`
    const fromSnapshots = await t.get(url)
    app.replay.clear()
    await app.store.replay.deleteSnapshots(stored)
    expect(await t.get(url)).toEqual(fromSnapshots)
  })

  it('writes the head\'s snapshot once quiet after a burst that ended short of YIPING_SNAPSHOT_BURST_EVERY events, with no commit after it', async () => {
    // The catch-up's timers under the test's hand: only a timer armed by the burst can write the head's.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      const t = await setup(3, 15, { snapshotFillQuietMs: 1000 })
      // Quiet first, and the timer armed at the start run: nothing to fill, nothing armed.
      await t.at(T0 + H)
      await app.replay.snapshotNow()
      await vi.runOnlyPendingTimersAsync()
      await app.replay.snapshotNow()
      const first = new Promise<WrittenSnapshot>((resolve) => app.replay.onWritten(resolve))
      for (let i = 0; i < 10; i++) await t.ingest([reported(`S${i}`, '330111001001', T0 + i * 1000)])
      expect(await app.store.replay.listSnapshots()).toEqual([])
      // The burst is over on the app's clock; the timer it armed (1 s) writes the head's (without
      // it nothing would until the next commit, and this waits until the test's timeout).
      await t.at(T0 + H + 1000)
      await vi.advanceTimersByTimeAsync(1000)
      expect(await first).toMatchObject({ seq: 10, fill: false })
    } finally {
      vi.useRealTimers()
    }
  })

  it('fills no snapshot that retention would drop at once (a gap older than its eight days)', async () => {
    const { t } = await liveThenReplay(0)
    const head = await app.store.lastSeq()
    await app.close()
    let now = t.now() + KEEP_ALL_MS + D
    ;({ app } = await testApp({ dataDir: t.dataDir, clock: () => now, config: { snapshotEvery: 3, snapshotFillQuietMs: 1000 } }))
    await app.replay.snapshotNow()
    now += 1000
    await app.replay.snapshotNow()
    expect((await app.store.replay.listSnapshots()).map((m) => m.seq)).toEqual([head])
    expect(await app.replay.pendingFill()).toBe(0)
  })

  it('answers before the first batch with empty figures and seq 0', async () => {
    const t = await setup(3)
    await t.at(T0 + H)
    await t.ingest([reported('A', '330111001001', T0)])
    const before = (await t.get(`/api/v1/summary?region=330000&asOf=${encodeURIComponent(toShanghaiIso(T0))}`)) as { seq: number; cases: { total: number } }
    expect(before).toMatchObject({ seq: 0, cases: { total: 0 }, at: toShanghaiIso(T0) })
  })

  it('refuses an unparsable or future instant with 400, and keeps scope', async () => {
    const t = await setup(3)
    await t.at(T0 + H)
    await t.ingest([reported('A', '330111001001', T0), reported('B', '330411001001', T0)])
    for (const asOf of ['yesterday', '2026-13-01T00:00:00+08:00', toShanghaiIso(T0 + 2 * H)]) {
      const res = await app.inject({ url: `/api/v1/summary?region=330000&asOf=${encodeURIComponent(asOf)}`, headers: t.auth })
      expect(res.statusCode, asOf).toBe(400)
      expect(res.json()).toMatchObject({ error: expect.any(String) })
    }
    const asOf = encodeURIComponent(toShanghaiIso(T0 + H))
    const xiuzhou = await accountSession(app, t.auth, { username: 'xiuzhou', role: 'viewer', scope: '330411' })
    expect((await app.inject({ url: `/api/v1/summary?region=330111&asOf=${asOf}`, headers: xiuzhou })).statusCode).toBe(403)
    expect((await app.inject({ url: `/api/v1/summary/detail?region=330000&asOf=${asOf}`, headers: xiuzhou })).statusCode).toBe(403)
    expect(await t.get(`/api/v1/summary?region=330411&asOf=${asOf}`, xiuzhou)).toMatchObject({ cases: { total: 1 } })
    // A display token only reads, and a replay is a read.
    const kiosk = (await app.inject({ method: 'POST', url: '/api/v1/kiosk-tokens', headers: t.auth, payload: { region: '330111' } })).json() as { token: string }
    expect(await t.get(`/api/v1/summary?region=330111&asOf=${asOf}`, { authorization: `Bearer ${kiosk.token}` })).toMatchObject({ cases: { total: 1 } })
  })
})
