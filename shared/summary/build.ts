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

/** Counter indices of `${prefix}${key}` for each key, found once. */
function indices<const K extends readonly string[]>(index: Record<string, number>, prefix: string, keys: K): number[] {
  return keys.map((k) => index[`${prefix}${k}`]!)
}

/** A record of the counters at `at` for each key (a plain loop: summaries are built many times per read). */
function pick<const K extends readonly string[]>(c: ArrayLike<number>, keys: K, at: readonly number[]): Record<K[number], number> {
  const out = {} as Record<string, number>
  for (let i = 0; i < keys.length; i++) out[keys[i]!] = c[at[i]!]!
  return out as Record<K[number], number>
}

const STAGE = indices(C, 'stage.', CASE_STAGES)
const COLOR = indices(C, 'color.', SUPERVISION_COLORS)
const SOURCE = indices(C, 'source.', CASE_SOURCES)
const TIER = indices(C, 'tier.', RESOLUTION_TIERS)
const SATISFACTION = indices(C, 'satisfaction.', SATISFACTIONS)
const STATUS = indices(R, 'status.', RISK_STATUSES)
const KIND = indices(R, 'kind.', RISK_KINDS)
const UNRESOLVED = CASE_STAGES.filter((s) => s !== 'followup').map((s) => C[`stage.${s}`])

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
    open: UNRESOLVED.reduce((sum, i) => sum + c[i]!, 0),
    closed,
    overdue: get('overdue'),
    byStage: pick(c, CASE_STAGES, STAGE),
    byColor: pick(c, SUPERVISION_COLORS, COLOR),
    bySource: pick(c, CASE_SOURCES, SOURCE),
    urgedCases,
    urgeCount: get('urgeCount'),
    urgeRate: urgeRate(urgedCases, total),
    resolved,
    resolvedOnTime: get('resolvedOnTime'),
    resolvedByTier: pick(c, RESOLUTION_TIERS, TIER),
    localResolution: { categories: [...disputeCategories], disputes, village, town },
    localResolutionRate: localResolutionRate(village, disputes),
    townResolutionRate: townResolutionRate(town, disputes),
    followedUp,
    bySatisfaction: pick(c, SATISFACTIONS, SATISFACTION),
    followUpRate: followUpRate(followedUp, resolved),
    satisfactionRate: satisfactionRate(get('satisfaction.satisfied'), get('satisfaction.basic'), followedUp),
    onTimeRate: onTimeRate(get('resolvedOnTime'), resolved),
  }
}

const BACKLOG_TOTAL = indices(C, 'backlog.', BACKLOG_LEVELS.map((l) => `${l}.total`))
const BACKLOG_RESOLVED = indices(C, 'backlog.', BACKLOG_LEVELS.map((l) => `${l}.resolved`))

export function backlogFigures(c: ArrayLike<number>): Summary['backlog'] {
  const out = {} as Record<string, { total: number; resolved: number }>
  for (let i = 0; i < BACKLOG_LEVELS.length; i++) out[BACKLOG_LEVELS[i]!] = { total: c[BACKLOG_TOTAL[i]!]!, resolved: c[BACKLOG_RESOLVED[i]!]! }
  return out as Summary['backlog']
}

export function riskFigures(r: ArrayLike<number>): Summary['risks'] {
  return {
    total: r[R.total]!,
    byStatus: pick(r, RISK_STATUSES, STATUS),
    byKind: pick(r, RISK_KINDS, KIND),
  }
}
