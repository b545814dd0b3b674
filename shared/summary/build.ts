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
import { C, R } from './counters'
import { followUpRate, localResolutionRate, onTimeRate, satisfactionRate, townResolutionRate, urgeRate } from './metrics'
import type { CaseFigures, Summary } from './schema'

function pick<const K extends readonly string[]>(keys: K, value: (k: K[number]) => number) {
  return Object.fromEntries(keys.map((k) => [k, value(k)])) as Record<K[number], number>
}

const UNRESOLVED_STAGES = CASE_STAGES.filter((s) => s !== 'followup')

/**
 * Case figures from a summed counter vector (see counters.ts); all rates from metrics.ts.
 * `disputeCategories` only names, in the answer, what the dispute counters counted.
 */
export function caseFigures(c: ArrayLike<number>, disputeCategories: readonly string[]): CaseFigures {
  const get = (name: keyof typeof C) => c[C[name]]!
  const total = get('total')
  const closed = get('closed')
  const resolved = get('resolved')
  const followedUp = get('followedUp')
  const urgedCases = get('urged')
  const disputes = get('dispute.resolved')
  const village = get('dispute.village')
  const town = get('dispute.town')
  return {
    total,
    open: UNRESOLVED_STAGES.reduce((sum, s) => sum + get(`stage.${s}`), 0),
    closed,
    overdue: get('overdue'),
    byStage: pick(CASE_STAGES, (s) => get(`stage.${s}`)),
    byColor: pick(SUPERVISION_COLORS, (k) => get(`color.${k}`)),
    bySource: pick(CASE_SOURCES, (s) => get(`source.${s}`)),
    urgedCases,
    urgeCount: get('urgeCount'),
    urgeRate: urgeRate(urgedCases, total),
    resolved,
    resolvedOnTime: get('resolvedOnTime'),
    resolvedByTier: pick(RESOLUTION_TIERS, (t) => get(`tier.${t}`)),
    localResolution: { categories: [...disputeCategories], disputes, village, town },
    localResolutionRate: localResolutionRate(village, disputes),
    townResolutionRate: townResolutionRate(town, disputes),
    followedUp,
    bySatisfaction: pick(SATISFACTIONS, (s) => get(`satisfaction.${s}`)),
    followUpRate: followUpRate(followedUp, resolved),
    satisfactionRate: satisfactionRate(get('satisfaction.satisfied'), get('satisfaction.basic'), followedUp),
    onTimeRate: onTimeRate(get('resolvedOnTime'), resolved),
  }
}

export function backlogFigures(c: ArrayLike<number>): Summary['backlog'] {
  return Object.fromEntries(
    BACKLOG_LEVELS.map((l) => [l, { total: c[C[`backlog.${l}.total`]]!, resolved: c[C[`backlog.${l}.resolved`]]! }]),
  ) as Summary['backlog']
}

export function riskFigures(r: ArrayLike<number>): Summary['risks'] {
  return {
    total: r[R.total]!,
    byStatus: pick(RISK_STATUSES, (s) => r[R[`status.${s}`]]!),
    byKind: pick(RISK_KINDS, (k) => r[R[`kind.${k}`]]!),
  }
}
