import type { CaseView, RiskView } from '../../shared/api/cases'
import { maskReporter } from '../../shared/privacy/mask'
import type { RegionTree } from '../../shared/regions/tree'
import { toShanghaiIso } from '../../shared/time/shanghai'
import { unitOf, type CaseState } from '../domain/cases/caseState'
import { isOverdue, supervisionColor } from '../domain/cases/deadline'
import type { RiskState } from '../domain/risks/riskState'

const iso = (ms: number | null) => (ms === null ? null : toShanghaiIso(ms))

/** A case for the API. The reporter is masked here, at the edge, whoever asks. */
export function caseView(c: CaseState, tree: RegionTree, now: number): CaseView {
  return {
    id: c.id,
    regionCode: c.regionCode,
    regionName: tree.get(c.regionCode)?.name ?? c.regionCode,
    source: c.source,
    category: c.category,
    size: c.size,
    title: c.title,
    backlogLevel: c.backlogLevel,
    reporter: c.reporter ? maskReporter(c.reporter) : null,
    stage: c.stage,
    reportedAt: toShanghaiIso(c.reportedAt),
    dueAt: toShanghaiIso(c.dueAt),
    stageAt: Object.fromEntries(Object.entries(c.stageAt).map(([k, v]) => [k, toShanghaiIso(v)])),
    overdue: isOverdue(c, now),
    color: supervisionColor(c, now),
    urgeCount: c.urgeCount,
    resolvedAt: iso(c.resolvedAt),
    tier: c.tier,
    followedUpAt: iso(c.followedUpAt),
    satisfaction: c.satisfaction,
    reopenCount: c.reopenCount,
    unit: unitOf(c),
    handlingRegion: c.handlingRegion ?? null,
  }
}

export function riskView(r: RiskState, tree: RegionTree): RiskView {
  return {
    id: r.id,
    regionCode: r.regionCode,
    regionName: tree.get(r.regionCode)?.name ?? r.regionCode,
    kind: r.kind,
    name: r.name,
    lng: r.lng,
    lat: r.lat,
    status: r.status,
    note: r.note,
    updatedAt: toShanghaiIso(r.updatedAt),
  }
}
