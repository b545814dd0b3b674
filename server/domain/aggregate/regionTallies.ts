import { R, RISK_COUNTER_COUNT } from '../../../shared/summary/counters'
import type { RegionTree } from '../../../shared/regions/tree'
import type { RiskState } from '../risks/riskState'

const EMPTY_RISKS = new Int32Array(RISK_COUNTER_COUNT)

/**
 * Figures that are "as of now" rather than per day of report: risk points by status and kind, and
 * alarms by state, per region with every ancestor rolled up.
 */
export class RegionTallies {
  private risks = new Map<string, Int32Array>()
  /** [raised, acknowledged] */
  private alarms = new Map<string, [number, number]>()

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

  adjustAlarms(regionCode: string, dRaised: number, dAcknowledged: number, dirty: Set<string>): void {
    for (const code of this.tree.get(regionCode)?.lineage ?? []) {
      const a = this.alarms.get(code) ?? this.alarms.set(code, [0, 0]).get(code)!
      a[0] += dRaised
      a[1] += dAcknowledged
      dirty.add(code)
    }
  }

  riskCounts(code: string): Int32Array {
    return this.risks.get(code) ?? EMPTY_RISKS
  }

  alarmCounts(code: string): { open: number; acknowledged: number } {
    const a = this.alarms.get(code)
    return { open: a?.[0] ?? 0, acknowledged: a?.[1] ?? 0 }
  }

  riskEntries(): IterableIterator<[string, Int32Array]> {
    return this.risks.entries()
  }
}
