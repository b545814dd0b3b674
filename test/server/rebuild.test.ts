import { describe, expect, it } from 'vitest'
import { testApp } from '../helpers/app'
import { T0 } from '../helpers/events'
import { randomStream } from '../helpers/stream'
import { TEST_REGIONS } from '../helpers/regions'

describe('aggregates', () => {
  it('rebuilt from the store equal the live ones after a random stream, and equal a recount', async () => {
    const now = T0 + 24 * 3600_000
    const { app, dataDir } = await testApp({ clock: () => now })
    const stream = randomStream(7, 3000)
    for (let i = 0; i < stream.length; i += 250) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/events',
        headers: { authorization: 'Bearer test-ingest-key-0123456789' },
        payload: { events: stream.slice(i, i + 250) },
      })
      expect(res.statusCode, res.body).toBe(200)
    }
    const live = app.aggregator.snapshot()
    // Every figure and the log position (seq) are the same after the restart.
    const figures = (a: typeof app) => TEST_REGIONS.map((r) => a.aggregator.summary(r.code))
    await app.alarms.settled()
    const liveSummaries = figures(app)
    // A recount straight from the cases, without the aggregator.
    const cases: Array<{ urgeCount: number; resolvedAt: number | null; followedUpAt: number | null; dueAt: number }> = []
    await app.store.forEachCase((c) => cases.push(c))
    await app.close()

    const { app: again } = await testApp({ dataDir, clock: () => now })
    expect(again.aggregator.snapshot()).toEqual(live)
    await again.alarms.settled()
    expect(figures(again)).toEqual(liveSummaries)
    expect(liveSummaries[0]!.alarms.open).toBeGreaterThan(0)

    const root = liveSummaries[0]!.cases
    expect(root.total).toBe(cases.length)
    expect(root.urgedCases).toBe(cases.filter((c) => c.urgeCount > 0).length)
    expect(root.resolved).toBe(cases.filter((c) => c.resolvedAt !== null).length)
    expect(root.closed).toBe(cases.filter((c) => c.followedUpAt !== null).length)
    expect(root.overdue).toBe(cases.filter((c) => c.resolvedAt === null && c.dueAt <= now).length)
    expect(root.total).toBeGreaterThan(500)
    await again.close()
  })
})
