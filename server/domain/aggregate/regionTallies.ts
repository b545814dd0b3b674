import { R, RISK_COUNTER_COUNT } from '../../../shared/summary/counters'
import type { RegionTree } from '../../../shared/regions/tree'
import { ALARM_KINDS, type AlarmKind } from '../../../shared/api/alarms'
import type { Summary } from '../../../shared/summary/schema'
import type { RiskState } from '../risks/riskState'

const EMPTY_RISKS = new Int32Array(RISK_COUNTER_COUNT)

/**
 * Figures that are "as of now" rather than per day of report: risk points by status and kind, and
 * alarms by state, per region with every ancestor rolled up.
 */
export class RegionTallies {
  private risks = new Map<string, Int32Array>()
  /** Per region, per alarm kind: [raised, acknowledged]. */
  private alarms = new Map<string, Record<AlarmKind, [number, number]>>()

  constructor(private readonly tree: RegionTree) {}

  clear(): void {
    this.risks.clear()
    this.alarms.clear()
  }

  /** Count a risk point's move from `prev` to `next`; adds the touched regions to `dirty`. */
  applyRisk(prev: RiskState | null, next: RiskState, dirty: Set<string>): void {
    for (const code of this.tree.get(next.regionCode)!.lineage) {
      let r = this.risks.get(code)
      if (!r) this.risks.set(code, (r = new Int32Array(RISK_COUNTER_COUNT)))
      if (prev) {
        r[R.total]! -= 1
        r[R[`status.${prev.status}`]]! -= 1
        r[R[`kind.${prev.kind}`]]! -= 1
      }
      r[R.total]! += 1
      r[R[`status.${next.status}`]]! += 1
      r[R[`kind.${next.kind}`]]! += 1
      dirty.add(code)
    }
  }

  adjustAlarms(regionCode: string, kind: AlarmKind, dRaised: number, dAcknowledged: number, dirty: Set<string>): void {
    for (const code of this.tree.get(regionCode)?.lineage ?? []) {
      let byKind = this.alarms.get(code)
      if (!byKind) this.alarms.set(code, (byKind = Object.fromEntries(ALARM_KINDS.map((k) => [k, [0, 0]])) as Record<AlarmKind, [number, number]>))
      byKind[kind][0] += dRaised
      byKind[kind][1] += dAcknowledged
      dirty.add(code)
    }
  }

  riskCounts(code: string): Int32Array {
    return this.risks.get(code) ?? EMPTY_RISKS
  }

  /**
   * Alarms not yet closed, now: open (raised, not acknowledged) and acknowledged, in all and by
   * kind (in ALARM_KINDS order). A plain loop: every summary, and every compared period of one,
   * asks for it.
   */
  alarmCounts(code: string): Summary['alarms'] {
    const a = this.alarms.get(code)
    const byKind = {} as Record<AlarmKind, { open: number; acknowledged: number }>
    let open = 0
    let acknowledged = 0
    for (const k of ALARM_KINDS) {
      const kindOpen = a ? a[k][0] : 0
      const kindAcknowledged = a ? a[k][1] : 0
      byKind[k] = { open: kindOpen, acknowledged: kindAcknowledged }
      open += kindOpen
      acknowledged += kindAcknowledged
    }
    return { open, acknowledged, byKind }
  }

  /** Risk points' counts by region, for a replay snapshot (alarms are read per instant instead). */
  restoreRisks(entries: Iterable<[string, Int32Array]>): void {
    for (const [code, r] of entries) this.risks.set(code, Int32Array.from(r))
  }

  riskEntries(): IterableIterator<[string, Int32Array]> {
    return this.risks.entries()
  }
}
