import type { FireTheme, PetitionTheme, SafetyTheme, ThemeChild, WaterTheme } from '../../../shared/api/themes'
import { FRAUD_TYPE_LABELS } from '../../../shared/events/themeFields'
import type { ThemePage } from '../../../shared/themes/pages'
import type { RegionTree } from '../../../shared/regions/tree'
import { lastYearPeriod, type DayRange } from '../../../shared/time/periods'
import { toShanghaiIso } from '../../../shared/time/shanghai'
import type { CaseState } from '../cases/caseState'
import { DEFERRED_CHANGES_MAX } from '../deferred'
import type { RiskState } from '../risks/riskState'
import type { DayCountersDump } from './dayCounters'
import { FraudTallies } from './fraud'
import { PetitionTallies } from './petition'
import { RiskTallies, type RiskTalliesDump } from './riskTallies'

/**
 * Changes queued before the tallies are decoded, at most (DEFERRED_CHANGES_MAX's reason, with a
 * larger bound): a cold `asOf` instant's tail after a snapshot nets ~25,000 changes, and a queue
 * decoded and replayed at 10,000 applied all of them to tallies its summary never reads (6% of the
 * instant). Three entries of an array per change, the states they hold mostly the replay's own.
 */
export const THEME_CHANGES_MAX = 5 * DEFERRED_CHANGES_MAX

/** A queued change of a risk point (else of a case). */
const RISK = true

const change = (now: number, before: number) => (before === 0 ? null : (now - before) / before)

export interface ThemeTalliesDump {
  petition: DayCountersDump
  fraud: DayCountersDump
  risks: RiskTalliesDump
}

/** A snapshot's themed tallies, decoded when a themed page is first read (a replay's, domain/replay/snapshotCodec.ts). */
export type DeferredThemeTallies = () => ThemeTalliesDump

/** What the fire page needs from outside the log: the stations and the rescue-circle coverage. */
export interface FireContext {
  stations(code: string): number
  coverage(code: string): number | null
}

/**
 * The themed pages' figures, kept incrementally by the aggregator (aggregate/aggregator.ts): every
 * committed case and risk change is applied (O(depth)), a read sums day counters of one region
 * over the period and the same period a year before. Rebuilt with the aggregator at start-up, or
 * restored with it from a snapshot.
 */
export class ThemeTallies {
  private readonly tallies: { petition: PetitionTallies; fraud: FraudTallies; risks: RiskTallies }
  /**
   * A snapshot's tallies not decoded yet (a replay of a summary never reads them), and the changes
   * since, in order: three entries per change (RISK or not, its state before, after), no closure
   * made per change.
   */
  private unloaded: { load: DeferredThemeTallies; unresolved: () => Iterable<CaseState>; changes: Array<CaseState | RiskState | boolean | null> } | null = null

  constructor(private readonly tree: RegionTree) {
    this.tallies = { petition: new PetitionTallies(tree), fraud: new FraudTallies(tree), risks: new RiskTallies(tree) }
  }

  get petition(): PetitionTallies {
    this.load()
    return this.tallies.petition
  }

  get fraud(): FraudTallies {
    this.load()
    return this.tallies.fraud
  }

  get risks(): RiskTallies {
    this.load()
    return this.tallies.risks
  }

  clear(): void {
    this.unloaded = null
    this.tallies.petition.clear()
    this.tallies.fraud.clear()
    this.tallies.risks.clear()
  }

  applyCase(prev: CaseState | null, next: CaseState): void {
    if (this.unloaded) return this.defer(false, prev, next)
    this.tallies.petition.apply(prev, next)
    this.tallies.fraud.apply(prev, next)
  }

  applyRisk(prev: RiskState | null, next: RiskState): void {
    if (this.unloaded) return this.defer(RISK, prev, next)
    this.tallies.risks.apply(prev, next)
  }

  /** Everything as plain data (snapshots of the aggregates); open 积案 come back from the unresolved cases. */
  dump(): ThemeTalliesDump {
    return { petition: this.petition.dump(), fraud: this.fraud.dump(), risks: this.risks.dump() }
  }

  /**
   * Take a dump back (after `clear`), with every unresolved case. A deferred one is decoded at the
   * first read, and the changes until then are applied after it in order: the figures are exactly
   * those of a dump taken back at once.
   */
  restore(d: ThemeTalliesDump | DeferredThemeTallies, unresolved: Iterable<CaseState> | (() => Iterable<CaseState>)): void {
    if (typeof d === 'function') {
      const list = typeof unresolved === 'function' ? unresolved : [...unresolved]
      this.unloaded = { load: d, unresolved: typeof list === 'function' ? list : () => list, changes: [] }
      return
    }
    // A function stays one: the petitions' open 积案 decode the snapshot's cases at their first read.
    this.tallies.petition.restore(d.petition, unresolved)
    this.tallies.fraud.restore(d.fraud)
    this.tallies.risks.restore(d.risks)
  }

  /** Queue a change until the first read; a long queue is applied at once (see THEME_CHANGES_MAX). */
  private defer(risk: boolean, prev: CaseState | RiskState | null, next: CaseState | RiskState): void {
    const changes = this.unloaded!.changes
    changes.push(risk, prev, next)
    if (changes.length >= THEME_CHANGES_MAX * 3) this.load()
  }

  private load(): void {
    const u = this.unloaded
    if (!u) return
    this.unloaded = null
    this.restore(u.load(), u.unresolved)
    const q = u.changes
    for (let i = 0; i < q.length; i += 3) {
      if (q[i] === RISK) this.applyRisk(q[i + 1] as RiskState | null, q[i + 2] as RiskState)
      else this.applyCase(q[i + 1] as CaseState | null, q[i + 2] as CaseState)
    }
  }

  petitionPage(code: string, range: DayRange, now: number): PetitionTheme {
    const f = this.petition.figures(code, range)
    const before = this.petition.counts(code, lastYearPeriod(range))
    const open = this.petition.openBacklog(code, 8)
    return {
      ...f,
      openBacklog: {
        total: open.total,
        items: open.items.map((b) => ({
          caseId: b.caseId,
          title: b.title,
          regionName: this.tree.get(b.regionCode)?.name ?? b.regionCode,
          level: b.level,
          caseLeader: b.caseLeader,
          clearBy: b.clearBy === null ? null : toShanghaiIso(b.clearBy),
          overdue: b.clearBy !== null && b.clearBy < now,
        })),
      },
      lastYear: { petitions: before.petitions, overLevel: before.overLevel, repeatVisits: before.repeatVisits },
    }
  }

  safetyPage(code: string, range: DayRange): SafetyTheme {
    const f = this.fraud.figures(code, range)
    const before = this.fraud.figures(code, lastYearPeriod(range))
    return {
      cases: f.cases,
      loss: f.loss,
      byHour: f.byHour,
      byType: f.byType.map((t) => ({ ...t, label: FRAUD_TYPE_LABELS[t.type] })),
      lastYear: { cases: before.cases, loss: before.loss },
      casesChange: change(f.cases, before.cases),
      lossChange: change(f.loss, before.loss),
    }
  }

  firePage(code: string, range: DayRange, ctx: FireContext): FireTheme {
    return { ...this.risks.fire(code, range), stations: ctx.stations(code), coverage: ctx.coverage(code) }
  }

  waterPage(code: string, range: DayRange): WaterTheme {
    const before = this.risks.water(code, lastYearPeriod(range))
    return { ...this.risks.water(code, range), lastYear: { patrols: before.patrols, hazards: before.hazards } }
  }

  /** Each child region's main figures of a page (its subtree, rolled up like the region's own). */
  children(page: ThemePage, code: string, range: DayRange): ThemeChild[] {
    return (this.tree.get(code)?.children ?? []).map((c) => {
      const n = this.tree.get(c)!
      return { code: c, name: n.name, level: n.level, figures: this.childFigures(page, c, range) }
    })
  }

  private childFigures(page: ThemePage, code: string, range: DayRange): Record<string, number> {
    if (page === 'petition') return { petitions: this.petition.counts(code, range).petitions, openBacklog: this.petition.openCount(code) }
    if (page === 'safety') {
      const f = this.fraud.figures(code, range)
      return { cases: f.cases, loss: f.loss }
    }
    if (page === 'fire') {
      const f = this.risks.fire(code, range)
      return { hazards: f.hazards, rectified: f.rectified, sites: f.sites }
    }
    const w = this.risks.water(code, range)
    return { points: w.points, alarm: w.byStatus.alarm, patrols: w.patrols, rescueSets: w.rescueSets }
  }
}
