import { describe, expect, it } from 'vitest'
import type { Summary } from '../../shared/summary/schema'
import { adminToken, ingestHeaders, testApp, type StoreKind } from '../helpers/app'
import { T0 } from '../helpers/events'
import { TEST_REGIONS } from '../helpers/regions'
import { randomStream } from '../helpers/stream'

/**
 * The whole app on each store, end to end through HTTP: the same stream gives the same figures
 * and log position on SQLite and PostgreSQL, and a restart rebuilds exactly what was live.
 */
const H = 3600_000
const now = T0 + 24 * H
// One stream for both stores: the factories give every event a fresh id.
const stream = randomStream(11, 1500)

async function run(kind: StoreKind) {
  const { app, dataDir } = await testApp({ clock: () => now, store: kind })
  const acks: Array<{ accepted: number; duplicates: number; seq: number }> = []
  for (let i = 0; i < stream.length; i += 250) {
    const res = await app.inject({ method: 'POST', url: '/api/v1/events', headers: ingestHeaders, payload: { events: stream.slice(i, i + 250) } })
    expect(res.statusCode, res.body).toBe(200)
    acks.push(res.json())
  }
  // The same batch again: all duplicates, nothing moves.
  const again = await app.inject({ method: 'POST', url: '/api/v1/events', headers: ingestHeaders, payload: { events: stream.slice(0, 250) } })
  expect(again.json()).toMatchObject({ accepted: 0, duplicates: 250 })
  await app.alarms.settled()
  const auth = { authorization: `Bearer ${await adminToken(app)}` }
  const summaries = async (a: typeof app) =>
    Promise.all(TEST_REGIONS.map(async (r) => (await a.inject({ url: `/api/v1/summary?region=${r.code}`, headers: auth })).json() as Summary))
  const live = await summaries(app)
  const health = (await app.inject({ url: '/healthz' })).json() as { store: string; seq: number }
  const red = (await app.inject({ url: '/api/v1/cases?region=330000&color=red&sort=urgent&limit=500', headers: auth })).json() as { items: Array<{ id: string }> }
  const log = await app.store.readBatches(0, 10_000)
  await app.close()

  const { app: restarted } = await testApp({ dataDir, clock: () => now })
  await restarted.alarms.settled()
  const rebuilt = await summaries(restarted)
  await restarted.close()
  return { acks, live, rebuilt, health, red: red.items.map((c) => c.id), log }
}

describe('the app on either store', () => {
  it('answers the same figures and log positions on SQLite and PostgreSQL, and rebuilds them after a restart', async () => {
    const sqlite = await run('sqlite')
    const postgres = await run('postgres')
    for (const r of [sqlite, postgres]) {
      expect(r.rebuilt).toEqual(r.live)
      expect(r.acks.map((a) => a.seq)).toEqual(r.log.map((b) => b.seq))
      expect(r.live[0]!.seq).toBe(1500)
      expect(r.health.seq).toBe(1500)
      expect(r.live[0]!.cases.total).toBeGreaterThan(300)
      expect(r.live[0]!.alarms.open).toBeGreaterThan(0)
    }
    expect(sqlite.health.store).toBe('sqlite')
    expect(postgres.health.store).toBe('postgres')
    expect(postgres.live).toEqual(sqlite.live)
    expect(postgres.red).toEqual(sqlite.red)
    expect(postgres.log.map((b) => [b.firstSeq, b.seq, b.committedAt, b.events.map((e) => e.id)])).toEqual(
      sqlite.log.map((b) => [b.firstSeq, b.seq, b.committedAt, b.events.map((e) => e.id)]),
    )
  })
})
