import { describe, expect, it } from 'vitest'
import type { YipingEvent } from '../../shared/events/schema'
import { testApp } from '../helpers/app'
import { followedUp, reported, resolved, stage, T0, urged } from '../helpers/events'
import { VILLAGES } from '../helpers/regions'
import { TEST_REGIONS } from '../helpers/regions'

/** A seeded random stream of legal case events: reports, moves, urges, resolutions, follow-ups. */
function randomStream(seed: number, count: number): YipingEvent[] {
  let s = seed
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
  const pick = <T>(a: readonly T[]) => a[Math.floor(rnd() * a.length)]!
  const open: string[] = []
  const awaitingFollowUp: string[] = []
  const out: YipingEvent[] = []
  let t = T0 - 40 * 24 * 3600_000
  for (let i = 0; out.length < count; i++) {
    t += Math.floor(rnd() * 1800_000)
    const r = rnd()
    if (r < 0.35 || open.length === 0) {
      const id = `C${seed}-${i}`
      out.push(
        reported(id, pick(VILLAGES), t, {
          size: rnd() < 0.8 ? 'minor' : 'major',
          source: pick(['hotline', 'petition', 'grid', 'meeting', 'police'] as const),
          ...(rnd() < 0.1 ? { backlogLevel: pick(['national', 'provincial', 'municipal', 'district'] as const) } : {}),
        }),
      )
      open.push(id)
    } else if (r < 0.55) out.push(stage(pick(open), pick(['assign', 'handle', 'review'] as const), t))
    else if (r < 0.7) out.push(urged(pick(open), t))
    else if (r < 0.85) {
      const id = open.splice(Math.floor(rnd() * open.length), 1)[0]!
      out.push(resolved(id, pick(['grid', 'village', 'secretary', 'town', 'district'] as const), t))
      awaitingFollowUp.push(id)
    } else if (awaitingFollowUp.length > 0) {
      const id = awaitingFollowUp.splice(Math.floor(rnd() * awaitingFollowUp.length), 1)[0]!
      out.push(followedUp(id, pick(['satisfied', 'basic', 'unsatisfied'] as const), t))
    }
  }
  return out
}

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
    // seq numbers changes, not figures; it may differ after a restart.
    const figures = (a: typeof app) => TEST_REGIONS.map((r) => ({ ...a.aggregator.summary(r.code), seq: 0 }))
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
