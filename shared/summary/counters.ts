import {
  BACKLOG_LEVELS,
  CASE_SOURCES,
  CASE_STAGES,
  RESOLUTION_TIERS,
  RISK_KINDS,
  RISK_STATUSES,
  SATISFACTIONS,
  SUPERVISION_COLORS,
} from '../domain/vocabulary'

/**
 * The counters kept per region and per day of report: one flat numeric vector, so that summing a
 * period is a tight loop over typed arrays and a case's change is a handful of +1/-1.
 *
 * Each case counts in `total` and in exactly one of: `stage.receive` … `stage.review` (unresolved),
 * `stage.followup` (resolved, awaiting follow-up) or `closed` (followed up), so that
 * total = open + awaiting follow-up + closed holds by construction (API.md v1.1).
 */
export const CASE_COUNTERS = [
  'total',
  'closed',
  ...CASE_STAGES.map((s) => `stage.${s}` as const),
  'overdue',
  ...SUPERVISION_COLORS.map((c) => `color.${c}` as const),
  'urged',
  'urgeCount',
  'resolved',
  'resolvedOnTime',
  ...RESOLUTION_TIERS.map((t) => `tier.${t}` as const),
  /** Resolved dispute cases (矛盾纠纷: the configured categories), those settled in the village, and by the town. */
  'dispute.resolved',
  'dispute.village',
  'dispute.town',
  'followedUp',
  ...SATISFACTIONS.map((s) => `satisfaction.${s}` as const),
  ...CASE_SOURCES.map((s) => `source.${s}` as const),
  ...BACKLOG_LEVELS.map((l) => `backlog.${l}.total` as const),
  ...BACKLOG_LEVELS.map((l) => `backlog.${l}.resolved` as const),
] as const
export type CaseCounter = (typeof CASE_COUNTERS)[number]
export const CASE_COUNTER_COUNT = CASE_COUNTERS.length
export const C = Object.fromEntries(CASE_COUNTERS.map((name, i) => [name, i])) as Record<CaseCounter, number>

export const RISK_COUNTERS = [
  'total',
  ...RISK_STATUSES.map((s) => `status.${s}` as const),
  ...RISK_KINDS.map((k) => `kind.${k}` as const),
] as const
export type RiskCounter = (typeof RISK_COUNTERS)[number]
export const RISK_COUNTER_COUNT = RISK_COUNTERS.length
export const R = Object.fromEntries(RISK_COUNTERS.map((name, i) => [name, i])) as Record<RiskCounter, number>

export type CounterVector = Int32Array | Float64Array | number[]

/** target += source, element-wise. */
export function addInto(target: Int32Array | Float64Array, source: ArrayLike<number>): void {
  for (let i = 0; i < target.length; i++) target[i]! += source[i]!
}
