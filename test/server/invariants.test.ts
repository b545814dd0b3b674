import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import type { App } from '../../server/app'
import { Aggregator } from '../../server/domain/aggregate/aggregator'
import type { YipingEvent } from '../../shared/events/schema'
import type { PeriodSummary } from '../../shared/summary/schema'
import { toShanghaiIso } from '../../shared/time/shanghai'
import { ingestHeaders, testApp } from '../helpers/app'
import { T0 } from '../helpers/events'
import { TEST_REGIONS, VILLAGES } from '../helpers/regions'

const H = 3600_000
const STAGES = ['receive', 'assign', 'handle', 'review'] as const
const TIERS = ['grid', 'village', 'secretary', 'town', 'district'] as const
const SATISFACTIONS = ['satisfied', 'basic', 'unsatisfied'] as const
const COLORS = ['red', 'yellow', 'green'] as const
// Two disputes (邻里纠纷, 劳动争议 are in the default list) and two service requests.
const CATEGORIES = ['邻里纠纷', '劳动争议', '环境卫生', '路灯维修'] as const

/** One step of a random history; `pick` chooses a case among those the step applies to. */
type Step =
  | { type: 'report'; village: number; major: boolean; category: number }
  | { type: 'stage'; pick: number; stage: number }
  | { type: 'urge'; pick: number }
  | { type: 'supervise'; pick: number; color: number }
  | { type: 'resolve'; pick: number; tier: number }
  | { type: 'followUp'; pick: number; satisfaction: number }
  | { type: 'reopen'; pick: number; stage: number }

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ type: fc.constant('report' as const), village: fc.nat(VILLAGES.length - 1), major: fc.boolean(), category: fc.nat(CATEGORIES.length - 1) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('stage' as const), pick: fc.nat(), stage: fc.nat(STAGES.length - 1) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('urge' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('supervise' as const), pick: fc.nat(), color: fc.nat(COLORS.length - 1) }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('resolve' as const), pick: fc.nat(), tier: fc.nat(TIERS.length - 1) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('followUp' as const), pick: fc.nat(), satisfaction: fc.nat(SATISFACTIONS.length - 1) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('reopen' as const), pick: fc.nat(), stage: fc.nat(STAGES.length - 1) }) },
)

/** A batch of steps, then the clock moves on (past yellow and due times of 小事 often). */
const batch = fc.record({ steps: fc.array(step, { minLength: 1, maxLength: 8 }), hours: fc.integer({ min: 0, max: 30 }) })

/** What the test itself knows of each case, to recount the root without the server. */
interface ModelCase {
  id: string
  state: 'open' | 'awaiting' | 'closed'
  satisfaction: string | null
  major: boolean
  dueAt: number
}

let n = 0
const eventId = () => `inv-${++n}`

/** Turn abstract steps into legal events at increasing times in (from, to]; steps that do not apply are skipped. */
function eventsOf(steps: Step[], cases: ModelCase[], from: number, to: number): YipingEvent[] {
  const out: YipingEvent[] = []
  const at = () => toShanghaiIso(from + Math.floor(((to - from) * (out.length + 1)) / (steps.length + 1)))
  const choose = (pick: number, ok: (c: ModelCase) => boolean) => {
    const list = cases.filter(ok)
    return list.length ? list[pick % list.length]! : null
  }
  for (const s of steps) {
    const when = at()
    const ms = Date.parse(when)
    if (s.type === 'report') {
      const c: ModelCase = { id: `K${cases.length + 1}-${n}`, state: 'open', satisfaction: null, major: s.major, dueAt: ms + (s.major ? 720 : 24) * H }
      cases.push(c)
      out.push({ id: eventId(), type: 'case.reported', at: when, caseId: c.id, regionCode: VILLAGES[s.village]!, source: 'hotline', category: CATEGORIES[s.category]!, size: s.major ? 'major' : 'minor', title: '测试' })
      continue
    }
    if (s.type === 'reopen') {
      const c = choose(s.pick, (x) => x.state === 'awaiting' || (x.state === 'closed' && x.satisfaction === 'unsatisfied'))
      if (!c) continue
      out.push({ id: eventId(), type: 'case.stage', at: when, caseId: c.id, stage: STAGES[s.stage]! })
      c.state = 'open'
      c.satisfaction = null
      // 重办: the handling clock starts again from the reopening.
      c.dueAt = ms + (c.major ? 720 : 24) * H
      continue
    }
    const c = choose(s.pick, (x) => (s.type === 'followUp' ? x.state === 'awaiting' : x.state === 'open'))
    if (!c) continue
    if (s.type === 'stage') out.push({ id: eventId(), type: 'case.stage', at: when, caseId: c.id, stage: STAGES[s.stage]! })
    else if (s.type === 'urge') out.push({ id: eventId(), type: 'case.urged', at: when, caseId: c.id })
    else if (s.type === 'supervise') out.push({ id: eventId(), type: 'case.supervised', at: when, caseId: c.id, color: COLORS[s.color]! })
    else if (s.type === 'resolve') {
      out.push({ id: eventId(), type: 'case.resolved', at: when, caseId: c.id, tier: TIERS[s.tier]! })
      c.state = 'awaiting'
    } else {
      out.push({ id: eventId(), type: 'case.followedUp', at: when, caseId: c.id, satisfaction: SATISFACTIONS[s.satisfaction]! })
      c.state = 'closed'
      c.satisfaction = SATISFACTIONS[s.satisfaction]!
    }
  }
  return out
}

/** The v1.1 invariants of API.md, on one summary. */
function checkInvariants(s: PeriodSummary): void {
  const c = s.cases
  const where = `${s.region.code} ${s.period.from}`
  expect(c.total, where).toBe(c.open + c.byStage.followup + c.closed)
  expect(c.open, where).toBe(c.byStage.receive + c.byStage.assign + c.byStage.handle + c.byStage.review)
  expect(c.open, where).toBe(c.byColor.red + c.byColor.yellow + c.byColor.green)
  expect(c.overdue, where).toBeLessThanOrEqual(c.open)
  expect(c.resolved, where).toBe(c.byStage.followup + c.closed)
  expect(c.followedUp, where).toBe(c.closed)
  const l = c.localResolution
  expect(l.village, where).toBeLessThanOrEqual(l.town)
  expect(l.town, where).toBeLessThanOrEqual(l.disputes)
  expect(l.disputes, where).toBeLessThanOrEqual(c.resolved)
  const a = s.alarms
  expect(a.open, where).toBe(a.byKind['case.red'].open + a.byKind['risk.alarm'].open)
  expect(a.acknowledged, where).toBe(a.byKind['case.red'].acknowledged + a.byKind['risk.alarm'].acknowledged)
}

const PARENTS = TEST_REGIONS.filter((r) => TEST_REGIONS.some((c) => c.parent === r.code))

/** A region's flows are the sum of its children's, at every level. */
function checkRollUp(sum: (code: string) => PeriodSummary): void {
  for (const p of PARENTS) {
    const kids = TEST_REGIONS.filter((r) => r.parent === p.code).map((r) => sum(r.code).cases)
    const own = sum(p.code).cases
    for (const k of ['total', 'open', 'closed', 'overdue', 'resolved'] as const) expect(own[k], `${p.code} ${k}`).toBe(kids.reduce((x, c) => x + c[k], 0))
  }
}

/** The aggregates counted afresh from the store, as the aggregator plugin does at start-up. */
async function rebuilt(app: App): Promise<Aggregator> {
  const agg = new Aggregator(app.regions, app.clock, { disputeCategories: app.config.disputeCategories })
  agg.reset(await app.store.lastSeq())
  await app.store.forEachCase((c) => agg.addCase(c))
  await app.store.forEachRisk((r) => agg.addRisk(r))
  return agg
}

const apps: App[] = []
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close()
})

describe('summary invariants over random histories', () => {
  it('hold after every batch for every region and period, live and rebuilt from the store, and match a recount', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(batch, { minLength: 3, maxLength: 10 }), async (batches) => {
        let now = T0 - 20 * 24 * H
        const { app, dataDir } = await testApp({ clock: () => now })
        apps.push(app)
        const cases: ModelCase[] = []
        for (const b of batches) {
          const before = now
          now += b.hours * H + 60_000
          const events = eventsOf(b.steps, cases, before, now)
          if (events.length) {
            const res = await app.inject({ method: 'POST', url: '/api/v1/events', headers: ingestHeaders, payload: { events } })
            expect(res.statusCode, res.body).toBe(200)
          }
          app.aggregator.tick()
          await app.alarms.settled()
          const fresh = await rebuilt(app)
          for (const [from, to] of [[undefined, undefined], [now - 3 * 24 * H, now + H], [now - 2 * H, now - H]] as const) {
            const live = (code: string) => app.aggregator.summary(code, from, to)
            const again = (code: string) => fresh.summary(code, from, to)
            for (const r of TEST_REGIONS) {
              checkInvariants(live(r.code))
              expect({ ...again(r.code), alarms: null, seq: 0 }).toEqual({ ...live(r.code), alarms: null, seq: 0 })
            }
            checkRollUp(live)
          }
          // A recount at the root from the test's own model of the cases.
          const root = app.aggregator.summary('330000').cases
          expect(root.total).toBe(cases.length)
          expect(root.open).toBe(cases.filter((c) => c.state === 'open').length)
          expect(root.byStage.followup).toBe(cases.filter((c) => c.state === 'awaiting').length)
          expect(root.closed).toBe(cases.filter((c) => c.state === 'closed').length)
          expect(root.overdue).toBe(cases.filter((c) => c.state === 'open' && c.dueAt <= now).length)
        }
        // A real restart: every figure, alarms included, comes back the same.
        const live = TEST_REGIONS.map((r) => ({ ...app.aggregator.summary(r.code), seq: 0 }))
        await app.close()
        apps.pop()
        const { app: again } = await testApp({ dataDir, clock: () => now })
        apps.push(again)
        await again.alarms.settled()
        expect(TEST_REGIONS.map((r) => ({ ...again.aggregator.summary(r.code), seq: 0 }))).toEqual(live)
      }),
      { seed: 9_2026, numRuns: 6, endOnFailure: true },
    )
  })
})
