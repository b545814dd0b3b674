import { beforeAll, describe, it, expect } from 'vitest'
import type { YipingEvent } from '../../shared/events/schema'
import { SimulatorPlan } from '../../server/demo/simulator-plan'
import { generate, localHour, openCases, regions, replay, validate } from './replay'

const NOW = Date.parse('2026-09-15T10:00:00+08:00')
const SCALE = 0.05
const HOUR = 3_600_000
const DAY = 24 * HOUR

/** A history at SCALE up to NOW, and a simulator that takes over its open cases and risk points. */
function setup(speed = 1, seed = 1) {
  const { events } = generate(NOW, SCALE)
  const { cases, risks } = replay(events)
  const sim = new SimulatorPlan({ regions, now: NOW, scale: SCALE, speed, seed })
  sim.seed(openCases(cases), [...risks.entries()].map(([riskId, r]) => ({ riskId, status: r.status as never })))
  return { events, cases, risks, sim }
}

/** Events the simulator hands out over `days`, asked every 10 simulated minutes as the live loop does. */
function run(sim: SimulatorPlan, days: number): YipingEvent[] {
  const out: YipingEvent[] = []
  for (let t = NOW + 600_000; t <= NOW + days * DAY; t += 600_000) out.push(...sim.due(t))
  return out
}

describe('simulator at the history pace', () => {
  let history: ReturnType<typeof setup>
  let live: YipingEvent[]
  beforeAll(() => {
    history = setup()
    live = run(history.sim, 14)
  }, 60_000)

  it('continues the history with legal events: stages in order, resolutions in working hours, fresh ids', () => {
    const ids = new Set(history.events.map((e) => e.id))
    validate(live, NOW + 14 * DAY, ids)
    replay(live, history.cases, history.risks)
    for (const type of ['case.reported', 'case.stage', 'case.resolved', 'case.followedUp', 'case.urged', 'risk.status']) {
      expect(live.some((e) => e.type === type)).toBe(true)
    }
    // Cases of the history carried on to resolution, not only new ones.
    expect(live.some((e) => e.type === 'case.resolved' && e.caseId.startsWith('C2026') && !e.caseId.includes('S'))).toBe(true)
    const steps = live.filter((e) => e.type === 'case.stage' || e.type === 'case.resolved' || e.type === 'case.followedUp')
    expect(steps.every((e) => localHour(Date.parse(e.at)) >= 8 && localHour(Date.parse(e.at)) < 20)).toBe(true)
    for (let i = 1; i < live.length; i++) expect(Date.parse(live[i]!.at)).toBeGreaterThanOrEqual(Date.parse(live[i - 1]!.at) - 600_000)
  })

  it('runs at the pace of the history: events per hour, and reports by time of day', () => {
    const perHour = (list: YipingEvent[], from: number, to: number) => list.filter((e) => Date.parse(e.at) >= from && Date.parse(e.at) < to).length / ((to - from) / HOUR)
    // The history's last fortnight against the simulator's first.
    const before = perHour(history.events, NOW - 14 * DAY, NOW)
    const after = perHour(live, NOW, NOW + 14 * DAY)
    expect(before).toBeGreaterThan(1)
    expect(after / before).toBeGreaterThan(0.75)
    expect(after / before).toBeLessThan(1.3)
    const reports = live.filter((e) => e.type === 'case.reported')
    const night = reports.filter((e) => localHour(Date.parse(e.at)) < 6).length / 6
    const day = reports.filter((e) => localHour(Date.parse(e.at)) >= 9 && localHour(Date.parse(e.at)) < 17).length / 8
    expect(night).toBeLessThan(0.2 * day)
  })

  it('runs faster with a speed, and hands out an explicit number of events on demand', () => {
    const fast = setup(4)
    const events = run(fast.sim, 3)
    const base = live.filter((e) => Date.parse(e.at) < NOW + 3 * DAY).length
    expect(events.length / base).toBeGreaterThan(2.5)
    expect(events.length / base).toBeLessThan(6)
    replay(events, fast.cases, fast.risks)

    const rated = setup(1, 5)
    const burst = [0, 1, 2, 3].flatMap((i) => rated.sim.take(50, NOW + i * 1000))
    expect(burst).toHaveLength(200)
    validate(burst, NOW + 4000)
    replay(burst, rated.cases, rated.risks)
  })
})
