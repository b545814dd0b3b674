import { afterEach, describe, expect, it, vi } from 'vitest'
import type { App } from '../../server/app'
import { Aggregator, type AggregatorDump } from '../../server/domain/aggregate/aggregator'
import { Replayer } from '../../server/domain/replay/replayer'
import { decodeSnapshot } from '../../server/domain/replay/snapshotCodec'
import { SnapshotThread } from '../../server/domain/replay/worker/snapshotThread'
import { ingestHeaders, testApp } from '../helpers/app'
import { T0 } from '../helpers/events'
import { randomStream } from '../helpers/stream'

const H = 3600_000

let app: App | undefined
afterEach(async () => {
  vi.restoreAllMocks()
  await app?.close()
  app = undefined
})

/** Lists of [key, …] sorted by key, typed arrays as plain ones, all the way down: Map orders differ between a live aggregator and a replay's. */
function sorted(v: unknown): unknown {
  if (ArrayBuffer.isView(v)) return Array.from(v as Int32Array)
  if (Array.isArray(v)) {
    const out = v.map(sorted)
    const keyed = out.every((x) => Array.isArray(x) && x.length >= 2 && (typeof x[0] === 'string' || typeof x[0] === 'number'))
    return keyed ? out.sort((a, b) => (String((a as unknown[])[0]) < String((b as unknown[])[0]) ? -1 : 1)) : out
  }
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, sorted(x)]))
  return v
}

/** Everything a dump's figures are made of, in an order of their own (days whose counters are all zero left out). */
function figuresOf(d: AggregatorDump) {
  return {
    seq: d.seq,
    at: d.at,
    counters: sorted(
      d.days.cases.map(([code, b]) => {
        const w = b.rows.length / Math.max(1, b.days.length)
        const days = Array.from(b.days, (day, i) => [day, Array.from(b.rows.subarray(i * w, (i + 1) * w))] as const)
        return [code, days.filter(([, row]) => row.some((v) => v !== 0))]
      }),
    ),
    categories: sorted(d.days.cases.map(([code, b]) => [code, b.categories])),
    activity: sorted(d.days.activity),
    risks: sorted(d.risks),
    watched: d.watched.map((w) => ({ id: w.state.id, state: w.state, applied: w.applied })).sort((a, b) => (a.id < b.id ? -1 : 1)),
    units: sorted(d.units),
    themes: sorted(d.themes),
  }
}

/**
 * The live app's snapshots of its own figures (written from the aggregator's dump at a commit,
 * plugins/app/replay.ts) against a recount: the log replayed from its start up to the same
 * position, evaluated at the same instant.
 */
async function liveAgainstRecount(clockStep: number) {
  let now = T0 - 20 * 24 * H
  // With a step, every reading of the clock moves it on: a batch is applied, and its snapshot taken, after its commit time.
  ;({ app } = await testApp({ clock: () => (now += clockStep), config: { snapshotEvery: 300 } }))
  const live = vi.spyOn(SnapshotThread.prototype, 'writeDump')
  const stream = randomStream(7, 2400)
  for (let i = 0; i < stream.length; i += 120) {
    const batch = stream.slice(i, i + 120)
    // The clock jumps past due and yellow times with no tick of its own: the dump applies them itself.
    now = Math.max(now, ...batch.map((e) => Date.parse(e.at))) + 5 * H
    const res = await app.inject({ method: 'POST', url: '/api/v1/events', headers: ingestHeaders, payload: { events: batch } })
    expect(res.statusCode, res.body).toBe(200)
    await app.replay.snapshotNow()
  }
  const snapshots = await app.store.replay.listSnapshots()
  expect(snapshots.length).toBeGreaterThanOrEqual(6)
  expect(live.mock.calls.length).toBeGreaterThanOrEqual(snapshots.length - 1)
  const src = { store: app.store, tree: app.regions, limits: app.config.timeLimits, disputeCategories: app.config.disputeCategories }
  const recount = new Replayer(src, { useSnapshots: false, cacheSize: 1 })
  for (const m of snapshots) {
    const stored = await decodeSnapshot((await app.store.replay.snapshotBody(m.seq))!)
    const replayed = await decodeSnapshot(await recount.encode(m.seq, m.at))
    // The snapshot as it is stored: what the replay at its position and instant writes, but for the order of Maps.
    expect(figuresOf(stored), `snapshot at ${m.seq}`).toEqual(figuresOf(replayed))
    // And restored as a replay or a restart does, with the clock ticked at its instant.
    const restored = new Aggregator(app.regions, () => m.at, { disputeCategories: app.config.disputeCategories })
    restored.restore(stored, m.at)
    restored.tick()
    const counted = new Aggregator(app.regions, () => m.at, { disputeCategories: app.config.disputeCategories })
    counted.restore(replayed, m.at)
    counted.tick()
    expect(figuresOf(restored.dump()), `snapshot at ${m.seq}, restored`).toEqual(figuresOf(counted.dump()))
  }
  return { snapshots, src }
}

describe('snapshots of the live figures', { timeout: 120_000 }, () => {
  it('decode to the figures a recount of the log gives at the same position and instant', async () => {
    await liveAgainstRecount(0)
  })

  it('hold when the batch is applied, and the dump taken, after its commit time; a replay just before the dump starts from an earlier snapshot', async () => {
    const { snapshots, src } = await liveAgainstRecount(3)
    const fromStart = new Replayer(src, { useSnapshots: false })
    const read = (agg: Aggregator) => JSON.stringify(agg.summary('330000'))
    for (const m of snapshots.slice(1)) {
      // Between its batch's commit and its own instant: the snapshot cannot serve (it counts the clock of a later instant).
      const t = m.at - 1
      expect(await app!.replay.read(t, read), `just before the snapshot at ${m.seq}`).toBe(await fromStart.read(t, read))
    }
  })
})
