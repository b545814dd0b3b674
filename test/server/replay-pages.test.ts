import { afterEach, describe, expect, it } from 'vitest'
import type { App } from '../../server/app'
import type { Aggregator } from '../../server/domain/aggregate/aggregator'
import { Replayer } from '../../server/domain/replay/replayer'
import type { YipingEvent } from '../../shared/events/schema'
import { ingestHeaders, testApp } from '../helpers/app'
import { followedUp, reported, resolved, stage, T0, urged } from '../helpers/events'

let app: App
afterEach(async () => app?.close())

const H = 3600_000

/** An app on a clock the test moves, without snapshots (every replay reads the whole log), and how to post to it and replay it. */
async function start() {
  const clock = { now: T0 + 48 * H }
  ;({ app } = await testApp({ clock: () => clock.now, config: { snapshotEvery: 0 } }))
  const post = async (events: YipingEvent[]) => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/events', headers: ingestHeaders, payload: { events } })
    expect(res.statusCode, res.body).toBe(200)
  }
  const source = { store: app.store, tree: app.regions, limits: app.config.timeLimits, disputeCategories: app.config.disputeCategories }
  return { clock, post, source }
}

describe('Replayer steps', () => {
  it('gives the same figures whether it replays the log in one step or one batch at a time', async () => {
    const { clock, post, source } = await start()
    // Batches that report, move on and close cases across several batches, some left overdue.
    for (let b = 0; b < 8; b++) {
      const at = T0 + b * 3 * H
      const events: YipingEvent[] = []
      for (let i = 0; i < 5; i++) events.push(reported(`B${b}C${i}`, i % 2 ? '330111001001' : '330411001001', at))
      if (b > 0) {
        events.push(stage(`B${b - 1}C0`, 'assign', at + 1000), urged(`B${b - 1}C1`, at + 2000), resolved(`B${b - 1}C2`, 'village', at + 3000))
        if (b > 1) events.push(followedUp(`B${b - 2}C2`, 'satisfied', at + 4000))
      }
      await post(events)
    }
    // The alarms those batches raised are written after each answer: the replays read them.
    await app.alarms.settled()
    clock.now += H
    const figures = async (pageEvents: number) => {
      const replayer = new Replayer(source, { useSnapshots: false, pageEvents })
      return replayer.read(clock.now, (agg) => ({
        seq: agg.seq,
        root: agg.summary('330000'),
        district: agg.summary('330111'),
        village: agg.summary('330411001001'),
      }))
    }
    const whole = await figures(1_000_000)
    expect(whole.seq).toBe(await app.store.lastSeq())
    expect(whole.root.cases.total).toBe(40)
    expect(await figures(1)).toEqual(whole)
    expect(await figures(7)).toEqual(whole)
  })

  it('nets each case over the pages it is read in: held to the end or applied every few cases, the figures are the live ones', async () => {
    const { clock, post, source } = await start()
    // Cases moved on over later batches: assigned, urged, resolved, followed up a batch after (so
    // after a page of its own, a case resolved earlier), one reopened, some left to turn overdue.
    for (let b = 0; b < 8; b++) {
      const at = T0 + b * 3 * H
      const events: YipingEvent[] = []
      for (let i = 0; i < 5; i++) events.push(reported(`B${b}C${i}`, i % 2 ? '330111001001' : '330411001001', at))
      if (b > 0) events.push(stage(`B${b - 1}C0`, 'assign', at + 1000), urged(`B${b - 1}C1`, at + 2000), resolved(`B${b - 1}C2`, 'village', at + 3000))
      if (b > 1) events.push(followedUp(`B${b - 2}C2`, b === 4 ? 'unsatisfied' : 'satisfied', at + 4000), urged(`B${b - 2}C1`, at + 4500))
      if (b === 5) events.push(stage('B2C2', 'handle', at + 5000))
      await post(events)
    }
    await app.alarms.settled()
    clock.now += H
    app.aggregator.tick()
    app.aggregator.pruneActivity()
    await app.alarms.settled()
    const read = (agg: Aggregator) => ({
      seq: agg.seq,
      root: agg.summary('330000'),
      district: agg.summary('330111'),
      village: agg.summary('330411001001'),
      activity: agg.activityOf('330000'),
    })
    const live = read(app.aggregator)
    expect(live.root.cases.total).toBe(40)
    for (const netSubjects of [1, 3, 50_000])
      for (const pageEvents of [1, 7, 1_000_000]) {
        const replayer = new Replayer(source, { useSnapshots: false, pageEvents, netSubjects })
        expect(await replayer.read(clock.now, read), `pages of ${pageEvents}, ${netSubjects} held`).toEqual(live)
      }
  })
})
