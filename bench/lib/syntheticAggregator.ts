import { mulberry32 } from '../../server/demo/random'
import { Aggregator } from '../../server/domain/aggregate/aggregator'
import type { CaseState } from '../../server/domain/cases/caseState'
import type { RiskState } from '../../server/domain/risks/riskState'
import { ALARM_KINDS } from '../../shared/api/alarms'
import { BACKLOG_LEVELS, CASE_SOURCES, CASE_STAGES, RESOLUTION_TIERS, RISK_KINDS, RISK_STATUSES, SATISFACTIONS, SUPERVISION_COLORS } from '../../shared/domain/vocabulary'
import { RegionTree, type Region } from '../../shared/regions/tree'
import { DAY_MS, HOUR_MS } from '../../shared/time/shanghai'


const CATEGORIES = ['邻里纠纷', '劳动争议', '婚姻家庭纠纷', '环境卫生', '路灯维修', '占道经营', '噪音扰民', '物业管理'] as const

/**
 * An aggregator counting `cases` random cases over the `days` days before `now` in the villages of
 * `regions` (every stage, colour, tier and follow-up, some backlog and urges), `risks` risk points
 * and a few alarms (the clock `now`, or `clock` once counted): the figures of a store without its store, for reads measured or compared in
 * process. Cases are added through `addCase`, as a rebuild counts them.
 */
export function syntheticAggregator(regions: readonly Region[], opts: { cases: number; days: number; now: number; seed?: number; risks?: number; clock?: () => number }): Aggregator {
  // Deterministic: two builds of the same seed are the same store.
  const rnd = mulberry32(opts.seed ?? 1)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!
  const tree = new RegionTree(regions)
  const agg = new Aggregator(tree, opts.clock ?? (() => opts.now))
  const villages = regions.filter((r) => r.level === 'village').map((r) => r.code)
  for (let i = 0; i < opts.cases; i++) {
    const reportedAt = opts.now - Math.floor(rnd() * opts.days * DAY_MS)
    const major = rnd() < 0.2
    const dueAt = reportedAt + (major ? 720 : 24) * HOUR_MS
    const resolved = rnd() < 0.8 ? reportedAt + Math.floor(rnd() * 48 * HOUR_MS) : null
    const resolvedAt = resolved !== null && resolved <= opts.now ? resolved : null
    const followedUpAt = resolvedAt !== null && rnd() < 0.6 ? Math.min(opts.now, resolvedAt + HOUR_MS) : null
    const stage = resolvedAt !== null ? 'followup' : pick(CASE_STAGES.filter((s) => s !== 'followup'))
    const c: CaseState = {
      id: `S${i}`,
      regionCode: pick(villages),
      source: pick(CASE_SOURCES),
      category: pick(CATEGORIES),
      size: major ? 'major' : 'minor',
      title: '合成',
      backlogLevel: rnd() < 0.05 ? pick(BACKLOG_LEVELS) : null,
      reporter: null,
      stage,
      reportedAt,
      clockFrom: reportedAt,
      dueAt,
      stageAt: { [stage]: reportedAt },
      urgeCount: rnd() < 0.15 ? 1 + Math.floor(rnd() * 3) : 0,
      supervisedColor: rnd() < 0.05 ? pick(SUPERVISION_COLORS) : null,
      resolvedAt,
      tier: resolvedAt !== null ? pick(RESOLUTION_TIERS) : null,
      followedUpAt,
      satisfaction: followedUpAt !== null ? pick(SATISFACTIONS) : null,
      reopenCount: 0,
      updatedAt: resolvedAt ?? reportedAt,
    }
    agg.addCase(c)
  }
  for (let i = 0; i < (opts.risks ?? 200); i++) {
    const r: RiskState = { id: `R${i}`, regionCode: pick(villages), kind: pick(RISK_KINDS), name: '合成', lng: 120, lat: 30, status: pick(RISK_STATUSES), note: null, updatedAt: opts.now }
    agg.addRisk(r)
  }
  for (let i = 0; i < 50; i++) agg.adjustAlarms(pick(villages), pick(ALARM_KINDS), 1, rnd() < 0.3 ? 1 : 0)
  return agg
}
