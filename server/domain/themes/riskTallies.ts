import { RISK_STATUSES, type RiskStatus } from '../../../shared/domain/vocabulary'
import type { RegionTree } from '../../../shared/regions/tree'
import type { DayRange } from '../../../shared/time/periods'
import { shanghaiDay } from '../../../shared/time/shanghai'
import type { RiskCheck } from '../risks/riskChecks'
import type { RiskState } from '../risks/riskState'
import { DayCounters, StockCounters, type Contribution, type DayCountersDump } from './dayCounters'

// Stocks now.
const SITES = 0
const SITES_RECTIFYING = 1
const FIRE_POINTS = 2
const WATER = 3
const WATER_STATUS = 4
const RESCUE_SETS = WATER_STATUS + RISK_STATUSES.length
const RESCUE_READY = RESCUE_SETS + 1
const RECTIFYING = RESCUE_READY + 1
const STOCK_WIDTH = RECTIFYING + 1
// Flows by the day of the check.
const HAZARDS = 0
const RECTIFIED = 1
const INSPECTIONS = 2
const PATROLS = 3
const WATER_HAZARDS = 4
const FLOW_WIDTH = 5

export interface FireFigures {
  /** 消防检查点位 now, and those with a hazard under rectification now. */
  sites: number
  sitesRectifying: number
  /** Fire risk points (kind fire) now. */
  firePoints: number
  /** Points of any kind under rectification now. */
  rectifying: number
  /** In the period: checks of a round, hazards found, hazards rectified, the distinct rounds. */
  inspections: number
  hazards: number
  rectified: number
  rounds: number
  lastRound: number | null
}

export interface WaterFigures {
  points: number
  byStatus: Record<RiskStatus, number>
  rescueSets: number
  rescueReady: number
  /** In the period: patrol reports and hazards found at water-side points. */
  patrols: number
  hazards: number
}

export interface RiskTalliesDump {
  stocks: Array<[string, number[]]>
  flows: DayCountersDump
  rounds: Array<[string, Array<[number, Array<[number, number]>]>]>
}

function stock(r: RiskState): Contribution {
  const out: Array<[number, number]> = []
  if (r.inspectionSite) {
    out.push([SITES, 1])
    if (r.status === 'rectifying') out.push([SITES_RECTIFYING, 1])
  }
  if (r.kind === 'fire') out.push([FIRE_POINTS, 1])
  if (r.status === 'rectifying') out.push([RECTIFYING, 1])
  if (r.kind === 'water') {
    out.push([WATER, 1], [WATER_STATUS + RISK_STATUSES.indexOf(r.status), 1])
    if (r.rescueSets) out.push([RESCUE_SETS, r.rescueSets], [RESCUE_READY, Math.min(r.rescueSets, r.rescueReady ?? r.rescueSets)])
  }
  return out
}

function flow(r: RiskState, c: RiskCheck): Contribution {
  const [, hazard, rectified, round, patrol] = c
  const out: Array<[number, number]> = []
  if (hazard) out.push([HAZARDS, hazard])
  if (rectified) out.push([RECTIFIED, rectified])
  // A round's check is the finding; the rectification that follows it is not another check.
  if (round && !rectified) out.push([INSPECTIONS, 1])
  if (patrol) out.push([PATROLS, 1])
  if (hazard && r.kind === 'water') out.push([WATER_HAZARDS, hazard])
  return out
}

/**
 * 消防安全 and 涉水安全: stocks of the points now (sites, water-side points by status, rescue
 * equipment) and flows of their checks by day (hazards found and rectified, inspection rounds,
 * patrols). A point's checks only ever grow, so a change adds the checks it did not have before.
 */
export class RiskTallies {
  private stocks: StockCounters
  private flows: DayCounters
  /** region (rolled up) → day → round → checks */
  private rounds = new Map<string, Map<number, Map<number, number>>>()

  constructor(private readonly tree: RegionTree) {
    this.stocks = new StockCounters(tree, STOCK_WIDTH)
    this.flows = new DayCounters(tree, FLOW_WIDTH)
  }

  clear(): void {
    this.stocks.clear()
    this.flows.clear()
    this.rounds.clear()
  }

  apply(prev: RiskState | null, next: RiskState): void {
    if (prev) this.stocks.add(prev.regionCode, stock(prev), -1)
    this.stocks.add(next.regionCode, stock(next), 1)
    const checks = next.checks ?? []
    for (const c of checks.slice(prev?.checks?.length ?? 0)) {
      const day = shanghaiDay(c[0])
      this.flows.add(next.regionCode, day, flow(next, c), 1)
      if (c[3]) this.countRound(next.regionCode, day, c[3])
    }
  }

  /** Everything as plain data (snapshots of the aggregates). */
  dump(): RiskTalliesDump {
    return {
      stocks: this.stocks.dump(),
      flows: this.flows.dump(),
      rounds: [...this.rounds].map(([code, days]) => [code, [...days].map(([day, rounds]) => [day, [...rounds]])]),
    }
  }

  /** Take a dump back (after `clear`). */
  restore(d: RiskTalliesDump): void {
    this.stocks.restore(d.stocks)
    this.flows.restore(d.flows)
    for (const [code, days] of d.rounds) this.rounds.set(code, new Map(days.map(([day, rounds]) => [day, new Map(rounds)])))
  }

  fire(code: string, range: DayRange): FireFigures {
    const s = this.stocks.of(code)
    const f = this.flows.sum(code, range)
    const seen = new Set<number>()
    for (const [day, rounds] of this.rounds.get(code) ?? []) {
      if (day < range.start || day >= range.end) continue
      for (const [round, n] of rounds) if (n > 0) seen.add(round)
    }
    return {
      sites: s[SITES]!,
      sitesRectifying: s[SITES_RECTIFYING]!,
      firePoints: s[FIRE_POINTS]!,
      rectifying: s[RECTIFYING]!,
      inspections: f[INSPECTIONS]!,
      hazards: f[HAZARDS]!,
      rectified: f[RECTIFIED]!,
      rounds: seen.size,
      lastRound: seen.size ? Math.max(...seen) : null,
    }
  }

  water(code: string, range: DayRange): WaterFigures {
    const s = this.stocks.of(code)
    const f = this.flows.sum(code, range)
    return {
      points: s[WATER]!,
      byStatus: Object.fromEntries(RISK_STATUSES.map((st, k) => [st, s[WATER_STATUS + k]!])) as Record<RiskStatus, number>,
      rescueSets: s[RESCUE_SETS]!,
      rescueReady: s[RESCUE_READY]!,
      patrols: f[PATROLS]!,
      hazards: f[WATER_HAZARDS]!,
    }
  }

  private countRound(regionCode: string, day: number, round: number): void {
    for (const code of this.tree.get(regionCode)?.lineage ?? []) {
      let days = this.rounds.get(code)
      if (!days) this.rounds.set(code, (days = new Map()))
      let rounds = days.get(day)
      if (!rounds) days.set(day, (rounds = new Map()))
      rounds.set(round, (rounds.get(round) ?? 0) + 1)
    }
  }
}
