import type { BacklogLevel, ResolutionTier } from '../../shared/domain/vocabulary'
import type { CaseEvent } from '../../shared/events/schema'
import type { Region } from '../../shared/regions/tree'
import { DAY_MS, toShanghaiIso } from '../../shared/time/shanghai'
import { drawWork, stepTimes, type Step } from './case-steps'
import { pickSatisfaction, pickTier, unsatisfiedShare, urgeShare, type CaseDraft } from './content'
import { hashSeed, type Random } from './random'
import { demoThemeFields, type PlannedFraud } from './theme-fields'
import { demoUnit } from './units'
import { DISTRICT, type TownInfo } from './territory'
import { CALENDARS } from './work-time'

export interface CaseSpec {
  caseId: string
  town: TownInfo
  region: Region
  draft: CaseDraft
  reportedAt: number
  backlogLevel?: BacklogLevel
  /** `resolved`: settled (and mostly followed up) before `resolveBy`; `open`: still unresolved then. */
  fate?: 'resolved' | 'open'
  resolveBy?: number
  tier?: ResolutionTier
  /** A planned fraud report's type and loss (龙岗镇), else drawn from the case id. */
  fraud?: PlannedFraud
}

export type Planned = { at: number; event: CaseEvent }
/** An event of a case without what every event carries. */
type Body<E = CaseEvent> = E extends CaseEvent ? Omit<E, 'id' | 'at' | 'caseId'> : never

/** 小事不过夜、大事不满月. */
export const dueAfter = (size: CaseDraft['size']) => (size === 'minor' ? DAY_MS : 30 * DAY_MS)

/**
 * Keeps each town's 催办率 on its target when cases come one after another (the simulator): a
 * case's chance of being chased leans on whether it runs late, and is nudged by how far the town's
 * count has drifted from the target.
 */
export class UrgeLedger {
  private drift = new Map<string, number>()
  want(r: Random, town: TownInfo, late: boolean): boolean {
    const p = urgeShare(town)
    const debt = this.drift.get(town.town.code) ?? 0
    const base = late ? Math.min(0.85, 2.2 * p) : 0.8 * p
    return r.chance(Math.min(0.95, Math.max(0, base + 0.05 * debt)))
  }
  record(town: TownInfo, urged: boolean): void {
    const key = town.town.code
    this.drift.set(key, (this.drift.get(key) ?? 0) + urgeShare(town) - (urged ? 1 : 0))
  }
}

export interface PlanContext {
  urges: UrgeLedger
  /** Event id prefix of a case: `demo-<caseId>` in the history, unique per run in the simulator. */
  idPrefix: (caseId: string) => string
  /** The simulator's speed: case lives run this many times faster (1 in the history). */
  speed?: number
  /** The history's present: events after it will not be in the record, so chasing comes before it. */
  until?: number
}

/** Share of cases that drag on: the way cases turn overdue (淳安 is quicker, 积案 are hard). */
function slowShare(spec: CaseSpec): number {
  if (spec.backlogLevel) return 0.3
  return spec.town.district.code === DISTRICT.chunan ? 0.035 : 0.06
}

/** A case's steps, settled before its events are written (the caller decides who is chased). */
export interface CaseSteps {
  spec: CaseSpec
  t: Partial<Record<Step, number>>
  tier: ResolutionTier
  dueAt: number
  /** Resolved after its due time (or not resolved by it). */
  late: boolean
}

/**
 * When a case's steps happen: 签收 → 审核交办 → 审核办理 → 办结审核 → resolved → 回访, each in the
 * working hours of whoever takes it, and at which tier it is settled.
 */
export function planSteps(r: Random, spec: CaseSpec, ctx: PlanContext): CaseSteps {
  const { draft, reportedAt } = spec
  const size = draft.size
  const work = drawWork(r, size, r.chance(slowShare(spec)))
  let factor = 1 / (ctx.speed ?? 1)
  let t = stepTimes(work, size, reportedAt, 'assign', factor)
  // The demo promises a case settled (or still open) by a date: the same steps, squeezed or stretched.
  const by = spec.resolveBy
  for (let i = 0; by !== undefined && i < 20; i++) {
    if (spec.fate === 'resolved' && t.followedUp! > by) factor *= 0.7
    else if (spec.fate === 'open' && t.resolved! <= by) factor *= 1.5
    else break
    t = stepTimes(work, size, reportedAt, 'assign', factor)
  }
  const tier = spec.tier ?? pickTier(r, spec.town, spec.region, size, draft.category)
  const dueAt = reportedAt + dueAfter(size) / (ctx.speed ?? 1)
  return { spec, t, tier, dueAt, late: (t.resolved ?? Infinity) > dueAt }
}

/** A case's events from its steps: the report, stage moves, 催办 if `urged`, 督办, resolution, 回访. */
export function caseEvents(r: Random, steps: CaseSteps, ctx: PlanContext, urged: boolean, unsatisfied?: boolean): Planned[] {
  const { spec, t, tier, dueAt } = steps
  const { caseId, draft, reportedAt } = spec
  const out = lifeEvents(r, spec, ctx, t, tier, spec.fate !== 'open', { n: 1, dueAt, notBefore: reportedAt, urged, unsatisfied })
  out.unshift({
    at: reportedAt,
    event: {
      id: `${ctx.idPrefix(caseId)}-0`,
      type: 'case.reported',
      at: toShanghaiIso(reportedAt),
      caseId,
      regionCode: draft.regionCode,
      source: draft.source,
      category: draft.category,
      size: draft.size,
      title: draft.title,
      ...(spec.backlogLevel ? { backlogLevel: spec.backlogLevel } : {}),
      ...(draft.reporter ? { reporter: draft.reporter } : {}),
      unit: demoUnit(draft.category, tier),
      ...demoThemeFields(spec),
    },
  })
  return out
}

/** A case's whole life from its report, chased as the ledger decides (one case after another). */
export function planCase(r: Random, spec: CaseSpec, ctx: PlanContext): Planned[] {
  const steps = planSteps(r, spec, ctx)
  const urged = ctx.urges.want(r, spec.town, steps.late)
  ctx.urges.record(spec.town, urged)
  return caseEvents(r, steps, ctx, urged)
}

/** Each town's cases of a day, by their place in the day's list. */
function byTown(cases: readonly CaseSteps[]): Map<TownInfo, number[]> {
  const out = new Map<TownInfo, number[]>()
  cases.forEach((c, i) => out.set(c.spec.town, [...(out.get(c.spec.town) ?? []), i]))
  return out
}

/** How many of a town's `m` cases after its first `n` carry a mark of share `p`, to the case over any span. */
function marked(town: TownInfo, purpose: string, p: number, n: number, m: number): number {
  const offset = (hashSeed(purpose, town.town.code) % 1000) / 1000
  return Math.floor(p * (n + m) + offset) - Math.floor(p * n + offset)
}

/**
 * What the day's cases are like as a whole, so that a town's shares hold to the case over any
 * span of days (from `before`, the town's cases on earlier days) while every day is generated on
 * its own: which are chased (催办率; late ones first) and which follow-ups end unsatisfied (满意率).
 */
export function markDay(r: Random, cases: readonly CaseSteps[], before: (town: TownInfo) => number): { urged: boolean[]; unsatisfied: boolean[] } {
  const urged = cases.map(() => false)
  const unsatisfied = cases.map(() => false)
  for (const [town, list] of byTown(cases)) {
    const n = before(town)
    const key = new Map(list.map((i) => [i, r.rng() * (cases[i]!.late ? 0.25 : 1)]))
    const chased = [...list].sort((a, b) => key.get(a)! - key.get(b)!)
    for (const i of chased.slice(0, marked(town, 'urges', urgeShare(town), n, list.length))) urged[i] = true
    const k = marked(town, 'unsatisfied', unsatisfiedShare(town), n, list.length)
    const order = new Map(list.map((i) => [i, r.rng()]))
    for (const i of [...list].sort((a, b) => order.get(a)! - order.get(b)!).slice(0, k)) unsatisfied[i] = true
  }
  return { urged, unsatisfied }
}

/** Where a case's remaining life starts: its first event number, its due time, the present. */
export interface LifeStart {
  /** Number of the first event id (the report is 0). */
  n: number
  dueAt: number
  /** Nothing is planned before this moment (the simulator's present for a case it takes over). */
  notBefore: number
  /** Chased (催办) at least once. */
  urged: boolean
  /** The follow-up ends unsatisfied (undefined: drawn). */
  unsatisfied?: boolean
}

/** Stage moves, chasing, supervision, resolution and follow-up at the given step times. */
export function lifeEvents(
  r: Random,
  spec: Pick<CaseSpec, 'caseId' | 'town' | 'reportedAt'>,
  ctx: PlanContext,
  t: Partial<Record<Step, number>>,
  tier: ResolutionTier,
  resolves: boolean,
  start: LifeStart,
): Planned[] {
  const { caseId, reportedAt } = spec
  const prefix = ctx.idPrefix(caseId)
  let n = start.n
  const out: Planned[] = []
  const push = (at: number, event: Body) =>
    out.push({ at, event: { id: `${prefix}-${n++}`, at: toShanghaiIso(at), caseId, ...event } as CaseEvent })

  for (const stage of ['assign', 'handle', 'review'] as const) if (t[stage] !== undefined) push(t[stage], { type: 'case.stage', stage })
  const end = t.resolved ?? Infinity
  const due = start.dueAt
  const late = end > due
  const begin = Math.max(reportedAt, start.notBefore)
  const lastChance = Math.min(end, begin + 60 * DAY_MS) - 60_000
  if (start.urged) {
    // A case still open at the history's present was chased before it, if there was time.
    const until = ctx.until !== undefined && ctx.until > begin ? Math.min(lastChance, ctx.until) : lastChance
    const count = 1 + (r.chance(0.25) ? 1 : 0) + (r.chance(0.08) ? 1 : 0)
    const from = late && due < until ? Math.max(due, begin) : begin + 0.1 * (until - begin)
    for (let i = 0; i < count; i++) {
      const at = CALENDARS.desk.pick(r, from, until)
      if (at !== undefined && at > begin) push(Math.floor(at / 1000) * 1000, { type: 'case.urged' })
    }
  }
  if (r.chance(late ? 0.3 : 0.03)) {
    const from = late && due < lastChance ? Math.max(due, begin) : begin + 0.5 * (lastChance - begin)
    const at = CALENDARS.desk.pick(r, from, lastChance)
    const color = late ? 'red' : r.chance(0.7) ? 'yellow' : 'green'
    if (at !== undefined && at > begin) push(Math.floor(at / 1000) * 1000, { type: 'case.supervised', color })
  }
  if (resolves && t.resolved !== undefined) {
    push(t.resolved, { type: 'case.resolved', tier })
    if (t.followedUp !== undefined && r.chance(0.955)) push(t.followedUp, { type: 'case.followedUp', satisfaction: pickSatisfaction(r, spec.town, start.unsatisfied) })
  }
  return out.sort((a, b) => a.at - b.at)
}
