import { CASE_STAGES, type RiskStatus } from '../../shared/domain/vocabulary'
import type { CaseEvent, YipingEvent } from '../../shared/events/schema'
import type { Region } from '../../shared/regions/tree'
import { DAY_MS, SHANGHAI_OFFSET_MS, shanghaiDay, shanghaiDayStart, toShanghaiIso } from '../../shared/time/shanghai'
import type { CaseState } from '../domain/cases/caseState'
import { UrgeLedger, lifeEvents, planCase, type PlanContext } from './case-plan'
import { drawWork, STEPS, stepTimes } from './case-steps'
import { draftCase, pickSatisfaction, pickTier } from './content'
import { EventQueue } from './event-queue'
import { demoFrame } from './frame'
import { createRandom, hashSeed, type Random } from './random'
import { SimRisks, riskChangesOn } from './sim-risks'
import { buildTerritory, type Territory } from './territory'
import { meanReportFactor, Volume } from './volume'
import { CALENDARS, hours } from './work-time'

/** What the simulator needs to know of a case it takes over from the store. */
export type OpenCase = Pick<CaseState, 'id' | 'regionCode' | 'category' | 'size' | 'stage' | 'reportedAt' | 'dueAt' | 'resolvedAt' | 'followedUpAt' | 'updatedAt'>

type Item = { kind: 'event'; event: YipingEvent } | { kind: 'risk'; at: number }

export interface SimulatorOptions {
  regions: readonly Region[]
  /** The simulator's start: nothing is planned before it. */
  now: number
  /** The scale of the demo history, whose pace the simulator keeps. */
  scale: number
  /** Multiplies the pace: reports come `speed` times as often and cases move `speed` times faster. */
  speed: number
  seed?: number
}

/** Resolved cases older than this were never called back (the 4.5 % without 回访); left alone. */
const STALE_FOLLOWUP_MS = 40 * DAY_MS

/**
 * The live demo, going on from the history at the history's pace: each day's reports come from the
 * same volume model (town volumes, season, weekday, 春节, time of day), every case lives the same
 * life (stages, 催办, resolution and 回访 in working hours), and the open cases of the store are
 * carried on from their stage. `due(now)` hands out what has happened by `now`; `take(n, at)`
 * hands out the next `n` events whatever their time (YIPING_SIM_RATE), stamped `at`.
 */
export class SimulatorPlan {
  private readonly r: Random
  private readonly territory: Territory
  private readonly queue = new EventQueue<Item>()
  private readonly risks: SimRisks
  private readonly fresh: PlanContext
  private readonly continued: PlanContext
  private readonly volume: Volume
  private riskCarry = 0
  private readonly run: string
  private readonly start: number
  private readonly speed: number
  private readonly scale: number
  private nextDay: number
  private counter = 0

  constructor(opts: SimulatorOptions) {
    this.r = createRandom(hashSeed('simulator', opts.seed ?? 1, opts.now))
    this.territory = buildTerritory(opts.regions)
    if (this.territory.towns.length === 0) throw new Error('the simulator needs a region tree with towns')
    this.start = opts.now
    this.speed = opts.speed
    this.scale = opts.scale
    this.nextDay = shanghaiDay(opts.now)
    const frame = demoFrame(opts.now)
    const perMeanDay = (opts.scale * opts.speed) / meanReportFactor(shanghaiDay(frame.from), frame.today)
    this.volume = new Volume(this.territory, this.nextDay, perMeanDay, hashSeed('simulator-volume', opts.seed ?? 1, opts.now))
    // Ids unique across restarts: the run's start and a few random letters.
    this.run = opts.now.toString(36) + this.r.int(0, 1295).toString(36).padStart(2, '0')
    const urges = new UrgeLedger()
    this.fresh = { urges, idPrefix: (caseId) => `sim-${caseId}`, speed: opts.speed }
    this.continued = { urges, idPrefix: (caseId) => `sim-${this.run}-${caseId}`, speed: opts.speed }
    this.risks = new SimRisks(this.r)
  }

  /** Take over the store's open cases and risk points at the simulator's start. */
  seed(cases: Iterable<OpenCase>, risks: Iterable<{ riskId: string; status: RiskStatus }>): void {
    for (const c of cases) this.carryOn(c)
    for (const { riskId, status } of risks) this.risks.set(riskId, status)
  }

  /** Everything that has happened by `now`, in time order. */
  due(now: number): YipingEvent[] {
    while (shanghaiDayStart(this.nextDay) <= now) this.planDay(this.nextDay++)
    const out: YipingEvent[] = []
    while (this.queue.peekAt() <= now) {
      const e = this.unwrap(this.queue.pop()!)
      if (e) out.push(e)
    }
    return out
  }

  /** The next `n` events in their planned order, stamped from `at` on (an explicit events-per-second pace). */
  take(n: number, at: number): YipingEvent[] {
    const out: YipingEvent[] = []
    for (let empty = 0; out.length < n && empty < 366; ) {
      const item = this.queue.pop()
      if (!item) {
        this.planDay(this.nextDay++)
        empty = this.queue.size === 0 ? empty + 1 : 0
        continue
      }
      // A millisecond apart, so that a case's steps taken in one go still come one after another.
      const stamp = at + out.length
      const e = this.unwrap(item.kind === 'risk' ? { kind: 'risk', at: stamp } : item)
      if (e) out.push({ ...e, at: toShanghaiIso(stamp) })
    }
    return out
  }

  private unwrap(item: Item): YipingEvent | undefined {
    if (item.kind === 'event') return item.event
    return this.risks.change(item.at, `sim-${this.run}-r${(this.counter++).toString(36)}`)
  }

  private push(at: number, event: YipingEvent) {
    this.queue.push(at, { kind: 'event', event })
  }

  /** One day's reports (those after the start) with their whole lives, and its risk changes. */
  private planDay(day: number) {
    const reports = this.volume.reports(day).filter((c) => c.reportedAt > this.start)
    reports.sort((a, b) => a.reportedAt - b.reportedAt)
    for (const { town, region, source, reportedAt } of reports) {
      const year = new Date(reportedAt + SHANGHAI_OFFSET_MS).getUTCFullYear()
      const caseId = `C${year}S${this.run}${(this.counter++).toString(36).toUpperCase()}`
      const draft = draftCase(this.r, town, region, source, reportedAt)
      for (const p of planCase(this.r, { caseId, town, region, draft, reportedAt }, this.fresh)) this.push(p.at, p.event)
    }
    this.riskCarry += riskChangesOn(day) * this.scale * this.speed * this.r.float(0.7, 1.3)
    const n = Math.floor(this.riskCarry)
    this.riskCarry -= n
    for (const at of this.risks.times(day, n)) if (at > this.start) this.queue.push(at, { kind: 'risk', at })
  }

  /** The rest of an open case's life, from its stage, starting now. */
  private carryOn(c: OpenCase) {
    const town = this.territory.townOf.get(c.regionCode)
    const region = this.territory.regionByCode.get(c.regionCode)
    if (!town || !region || c.followedUpAt !== null) return
    const from = Math.max(this.start, c.updatedAt)
    const prefix = this.continued.idPrefix(c.id)
    if (c.resolvedAt !== null) {
      if (this.start - c.resolvedAt > STALE_FOLLOWUP_MS || !this.r.chance(0.955)) return
      const at = Math.ceil(CALENDARS.callback.add(from, hours(this.r.float(1, 24)) / this.speed) / 1000) * 1000
      const event: CaseEvent = { id: `${prefix}-0`, type: 'case.followedUp', at: toShanghaiIso(at), caseId: c.id, satisfaction: pickSatisfaction(this.r, town) }
      return this.push(at, event)
    }
    const first = STEPS[Math.max(0, CASE_STAGES.indexOf(c.stage))]!
    const work = drawWork(this.r, c.size, this.r.chance(0.06))
    work[first] *= this.r.float(0.2, 1)
    const t = stepTimes(work, c.size, from, first, 1 / this.speed)
    const tier = pickTier(this.r, town, region, c.size, c.category)
    const spec = { caseId: c.id, town, reportedAt: c.reportedAt }
    const urged = this.continued.urges.want(this.r, town, (t.resolved ?? Infinity) > c.dueAt)
    this.continued.urges.record(town, urged)
    for (const p of lifeEvents(this.r, spec, this.continued, t, tier, true, { n: 0, dueAt: c.dueAt, notBefore: from, urged })) this.push(p.at, p.event)
  }
}
