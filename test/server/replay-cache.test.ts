import { afterEach, describe, expect, it } from 'vitest'
import type { App } from '../../server/app'
import type { Aggregator } from '../../server/domain/aggregate/aggregator'
import { Replayer, type ReplaySource } from '../../server/domain/replay/replayer'
import type { YipingEvent } from '../../shared/events/schema'
import { shanghaiDay } from '../../shared/time/shanghai'
import { ingestHeaders, testApp } from '../helpers/app'
import { followedUp, reported, resolved, stage, T0, urged } from '../helpers/events'

let app: App
afterEach(async () => app?.close())

const H = 3600_000
const D = 24 * H

/** What the wall reads at an instant: summaries at three levels, the root's detail figures, a themed page. */
function figures(agg: Aggregator) {
  const range = { start: shanghaiDay(T0 - 30 * D), end: shanghaiDay(T0 + 30 * D) }
  return {
    seq: agg.seq,
    root: agg.summary('330000', T0 - 30 * D, T0 + 30 * D),
    district: agg.summary('330111'),
    village: agg.summary('330411001001', T0 - 30 * D, T0 + 30 * D),
    activity: agg.activityOf('330000'),
    petition: agg.themes.petitionPage('330000', range, agg.now()),
  }
}

describe('Replayer caches', () => {
  it('a time bar scrubbed back and forth answers from kept snapshots and aggregators exactly what cold replays answer', async () => {
    let now = T0
    ;({ app } = await testApp({ clock: () => now, config: { snapshotEvery: 7, snapshotBurstEvery: 7 } }))
    const instants: number[] = []
    // Cases reported, moved on and closed across batches (some left to turn yellow and red), petitions among them.
    for (let b = 0; b < 12; b++) {
      const at = T0 + b * 4 * H
      const events: YipingEvent[] = []
      for (let i = 0; i < 4; i++)
        events.push(
          reported(`B${b}C${i}`, i % 2 ? '330111001001' : '330411001001', at, i === 3 ? { source: 'petition', visit: 'repeat', backlogLevel: 'district', caseLeader: '李主任' } : {}),
        )
      if (b > 0) events.push(stage(`B${b - 1}C0`, 'assign', at + 1000), urged(`B${b - 1}C1`, at + 2000), resolved(`B${b - 1}C2`, 'village', at + 3000))
      if (b > 1) events.push(followedUp(`B${b - 2}C2`, 'satisfied', at + 4000), resolved(`B${b - 2}C3`, 'town', at + 5000))
      now = at + 10_000
      const res = await app.inject({ method: 'POST', url: '/api/v1/events', headers: ingestHeaders, payload: { events } })
      expect(res.statusCode, res.body).toBe(200)
      await app.replay.snapshotNow()
      instants.push(now, now + 2 * H)
    }
    now += 10 * D
    expect((await app.store.replay.listSnapshots()).length).toBeGreaterThan(4)

    let bodiesRead: number[] = []
    const store: ReplaySource['store'] = {
      readBatches: (after, max) => app.store.readBatches(after, max),
      seqAt: (t) => app.store.seqAt(t),
      replay: {
        putSnapshot: (s) => app.store.replay.putSnapshot(s),
        latestSnapshot: (seq, version) => app.store.replay.latestSnapshot(seq, version),
        snapshotBody: (seq) => {
          bodiesRead.push(seq)
          return app.store.replay.snapshotBody(seq)
        },
        listSnapshots: () => app.store.replay.listSnapshots(),
        deleteSnapshots: (seqs) => app.store.replay.deleteSnapshots(seqs),
        historyOf: (subjects, maxSeq) => app.store.replay.historyOf(subjects, maxSeq),
        alarmTalliesAt: (t) => app.store.replay.alarmTalliesAt(t),
      },
    }
    const source = { store, tree: app.regions, limits: app.config.timeLimits, disputeCategories: app.config.disputeCategories }
    // Back and forth over the instants, as a hand on a time bar: each neighbour of the last, earlier and later.
    const path = [17, 18, 16, 19, 15, 15, 14, 20, 3, 4, 2, 5, 1, 9, 8, 10, 7, 22, 21, 23, 6, 0].map((i) => instants[i]!)

    const kept = new Replayer(source)
    const warm = []
    for (const t of path) warm.push(await kept.read(t, figures))
    const readWarm = bodiesRead

    bodiesRead = []
    const cold = []
    for (const t of path) {
      const replayer = new Replayer(source, { cacheSize: 0, snapshotCacheBytes: 0 })
      cold.push(await replayer.read(t, figures))
    }
    expect(warm).toEqual(cold)
    // The cold replays read some snapshots again and again; the kept one read each once.
    expect(new Set(bodiesRead).size).toBeLessThan(bodiesRead.length)
    expect(readWarm.length).toBeGreaterThan(3)
    expect(new Set(readWarm).size).toBe(readWarm.length)
    expect(readWarm.length).toBeLessThan(bodiesRead.length)
    // Not trivially empty: open cases turned red by the clock, 积案 open at the instant.
    expect(cold.at(-1)!.root.cases.total).toBeGreaterThan(0)
    expect(cold.some((c) => c.root.cases.byColor.red > 0 && c.petition.openBacklog.total > 0)).toBe(true)
  })
})
