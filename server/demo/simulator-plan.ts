import { CASE_STAGES, type CaseStage, type RiskStatus } from '../../shared/domain/vocabulary'
import type { YipingEvent } from '../../shared/events/schema'
import type { Region } from '../../shared/regions/tree'
import { SHANGHAI_OFFSET_MS, toShanghaiIso } from '../../shared/time/shanghai'
import { draftCase, pickCaseRegion, pickSatisfaction, pickTier } from './content'
import { createRandom, hashSeed, weightedTable, type Random } from './random'
import { buildTerritory, type Territory, type TownInfo } from './territory'

/** A list with O(1) add, remove and random pick: the simulator picks among thousands of cases. */
class Bag {
  private items: string[] = []
  private index = new Map<string, number>()
  get size() {
    return this.items.length
  }
  add(id: string) {
    if (this.index.has(id)) return
    this.index.set(id, this.items.length)
    this.items.push(id)
  }
  remove(id: string) {
    const i = this.index.get(id)
    if (i === undefined) return
    const last = this.items.pop()!
    if (i < this.items.length) {
      this.items[i] = last
      this.index.set(last, i)
    }
    this.index.delete(id)
  }
  pick(r: Random): string | undefined {
    return this.items.length ? this.items[Math.floor(r.rng() * this.items.length)] : undefined
  }
}

/** Where an open case is: a stage before resolution, or `followup` once resolved (awaiting 回访). */
type Bucket = CaseStage
interface SimCase {
  caseId: string
  town: TownInfo | undefined
  region: Region | undefined
  bucket: Bucket
  reportedAt: number
  /** Time of its latest event as far as we know: a new event must come strictly later. */
  lastAt: number
}
interface SimRisk {
  riskId: string
  status: RiskStatus
  lastAt: number
}

const NEXT_STAGE: Partial<Record<Bucket, CaseStage>> = { receive: 'assign', assign: 'handle', handle: 'review' }
const RISK_NOTES: Partial<Record<RiskStatus, string>> = {
  warning: '监测数据异常，已发布预警',
  alarm: '险情报警，应急力量已出动',
  rectifying: '巡查发现隐患，已下发整改通知',
  rectified: '整改完成，复查通过',
  normal: '险情解除，恢复正常监测',
}
const MAX_ALARMS = 8
/** Resolved cases older than this were never called back (the 5 % without 回访); leave them be. */
const STALE_FOLLOWUP_MS = 40 * 86_400_000

/**
 * The live demo: one believable event at a time, at the time it is asked for. It keeps the state of
 * every case it was seeded with or created, so each event it emits is a legal next step: stages in
 * order, urges and supervision only while unresolved, one resolution, then one follow-up.
 */
export class SimulatorPlan {
  private readonly r: Random
  private readonly territory: Territory
  private readonly pickTown: (u: number) => TownInfo
  private readonly cases = new Map<string, SimCase>()
  private readonly buckets: Record<Bucket, Bag> = {
    receive: new Bag(),
    assign: new Bag(),
    handle: new Bag(),
    review: new Bag(),
    followup: new Bag(),
  }
  private readonly risks = new Map<string, SimRisk>()
  private readonly quietRisks = new Bag()
  private readonly activeRisks = new Bag()
  private alarms = 0
  private counter = 0
  /** Open cases the wall started with; new reports slow down when far above it, so it stays steady. */
  private baseline = 200

  constructor(opts: { regions: Region[]; seed?: number }) {
    this.r = createRandom(hashSeed('simulator', opts.seed ?? 1))
    this.territory = buildTerritory(opts.regions)
    if (this.territory.towns.length === 0) throw new Error('simulator needs a region tree with towns')
    this.pickTown = weightedTable(this.territory.towns.map((t) => [t, t.annual] as const))
  }

  seed(
    openCases: Array<{ caseId: string; regionCode: string; stage: string; resolved: boolean; reportedAt: number }>,
    riskIds: Array<{ riskId: string; status: string }>,
  ): void {
    // The seeded store's present is about its latest report. Resolved cases older than the
    // follow-up window were never called back (the 5 % without 回访): they are left alone.
    const latest = openCases.reduce((m, c) => Math.max(m, c.reportedAt), -Infinity)
    for (const c of openCases) {
      const stage = (CASE_STAGES as readonly string[]).includes(c.stage) ? (c.stage as CaseStage) : 'receive'
      const bucket: Bucket = c.resolved || stage === 'followup' ? 'followup' : stage
      if (bucket === 'followup' && latest - c.reportedAt > STALE_FOLLOWUP_MS) continue
      this.track({
        caseId: c.caseId,
        town: this.territory.townOf.get(c.regionCode),
        region: this.territory.regionByCode.get(c.regionCode),
        bucket,
        reportedAt: c.reportedAt,
        lastAt: c.reportedAt,
      })
    }
    for (const { riskId, status } of riskIds) {
      this.setRisk({ riskId, status: status as RiskStatus, lastAt: -Infinity })
    }
    this.baseline = Math.max(200, this.unresolved() + this.buckets.followup.size)
  }

  next(now: number): YipingEvent {
    // New reports at about 40 % while the open load is at its seeded level, fewer above it: each
    // case needs about five more events (three stages, resolution, follow-up) before it closes.
    const open = this.unresolved() + this.buckets.followup.size
    const report = Math.max(0.12, 0.4 * Math.min(1, (this.baseline / Math.max(1, open)) ** 4))
    const u = this.r.rng()
    if (u < report) return this.report(now)
    if (u < report + 0.05) return this.riskChange(now) ?? this.report(now)
    for (let i = 0; i < 3; i++) {
      const event = this.progress(now)
      if (event) return event
    }
    return this.report(now)
  }

  /** One open case, picked at random, takes its next step; now and then it is chased instead. */
  private progress(now: number): YipingEvent | undefined {
    const r = this.r
    const c = this.pickCase(CASE_STAGES, now)
    if (!c) return undefined
    const base = { id: this.eventId(now), at: toShanghaiIso(now), caseId: c.caseId }
    if (c.bucket !== 'followup' && r.chance(0.06)) {
      c.lastAt = now
      if (r.chance(0.8)) return { ...base, type: 'case.urged' }
      return { ...base, type: 'case.supervised', color: r.weighted([['red', 3], ['yellow', 5], ['green', 2]] as const) }
    }
    switch (c.bucket) {
      case 'review': {
        const tier = c.town && c.region ? pickTier(r, c.town, c.region, r.chance(0.7) ? 'minor' : 'major') : 'village'
        this.move(c, 'followup', now)
        return { ...base, type: 'case.resolved', tier }
      }
      case 'followup': {
        this.forget(c)
        if (now - c.reportedAt > STALE_FOLLOWUP_MS) return undefined
        const satisfaction = c.town ? pickSatisfaction(r, c.town) : 'satisfied'
        return { ...base, type: 'case.followedUp', satisfaction }
      }
      default: {
        const stage = NEXT_STAGE[c.bucket]!
        this.move(c, stage, now)
        return { ...base, type: 'case.stage', stage }
      }
    }
  }

  private report(now: number): YipingEvent {
    const town = this.pickTown(this.r.rng())
    const region = pickCaseRegion(this.r, town)
    const draft = draftCase(this.r, town, region)
    const year = new Date(now + SHANGHAI_OFFSET_MS).getUTCFullYear()
    // Time, counter and random letters: unique across restarts and distinct from the dataset's ids.
    const caseId = `C${year}S${now.toString(36).toUpperCase()}${this.suffix()}`
    this.track({ caseId, town, region, bucket: 'receive', reportedAt: now, lastAt: now })
    return { id: this.eventId(now), type: 'case.reported', at: toShanghaiIso(now), caseId, ...draft }
  }

  private riskChange(now: number): YipingEvent | undefined {
    const r = this.r
    const settle = this.activeRisks.size > 0 && r.chance(0.6)
    const id = (settle ? this.activeRisks : this.quietRisks).pick(r)
    const risk = id ? this.risks.get(id) : undefined
    if (!risk || risk.lastAt >= now) return undefined
    const alarmOk = this.alarms < MAX_ALARMS
    let status: RiskStatus
    switch (risk.status) {
      case 'warning':
        status = r.weighted<RiskStatus>([['normal', 50], ['alarm', alarmOk ? 15 : 0], ['rectifying', 35]])
        break
      case 'alarm':
        status = r.chance(0.6) ? 'rectifying' : 'normal'
        break
      case 'rectifying':
        status = 'rectified'
        break
      default:
        status = r.weighted<RiskStatus>([['warning', 75], ['rectifying', 20], ['alarm', alarmOk ? 5 : 0]])
    }
    this.setRisk({ ...risk, status, lastAt: now })
    const note = RISK_NOTES[status]
    return { id: this.eventId(now), type: 'risk.status', at: toShanghaiIso(now), riskId: risk.riskId, status, ...(note ? { note } : {}) }
  }

  private pickCase(buckets: readonly Bucket[], now: number): SimCase | undefined {
    const sizes = buckets.map((b) => [b, this.buckets[b].size] as const)
    if (sizes.every(([, n]) => n === 0)) return undefined
    // A few tries: a case touched at this very instant cannot move again until later.
    for (let i = 0; i < 4; i++) {
      const id = this.buckets[this.r.weighted(sizes)].pick(this.r)
      const c = id ? this.cases.get(id) : undefined
      if (c && c.lastAt < now) return c
    }
    return undefined
  }

  private track(c: SimCase) {
    this.cases.set(c.caseId, c)
    this.buckets[c.bucket].add(c.caseId)
  }

  private forget(c: SimCase) {
    this.buckets[c.bucket].remove(c.caseId)
    this.cases.delete(c.caseId)
  }

  private move(c: SimCase, bucket: Bucket, now: number) {
    this.buckets[c.bucket].remove(c.caseId)
    c.bucket = bucket
    c.lastAt = now
    this.buckets[bucket].add(c.caseId)
  }

  private setRisk(risk: SimRisk) {
    const before = this.risks.get(risk.riskId)
    if (before?.status === 'alarm') this.alarms--
    if (risk.status === 'alarm') this.alarms++
    this.risks.set(risk.riskId, risk)
    const active = risk.status === 'warning' || risk.status === 'alarm' || risk.status === 'rectifying'
    ;(active ? this.quietRisks : this.activeRisks).remove(risk.riskId)
    ;(active ? this.activeRisks : this.quietRisks).add(risk.riskId)
  }

  private unresolved(): number {
    const b = this.buckets
    return b.receive.size + b.assign.size + b.handle.size + b.review.size
  }

  private suffix(): string {
    const counter = (this.counter++ % 1296).toString(36).toUpperCase().padStart(2, '0')
    return counter + this.r.int(0, 1295).toString(36).toUpperCase().padStart(2, '0')
  }

  private eventId(now: number): string {
    return `sim-${now}-${this.counter++}-${this.r.int(0, 46655).toString(36)}`
  }
}
