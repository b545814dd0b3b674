import type { BacklogLevel, ResolutionTier } from '../../shared/domain/vocabulary'
import type { CaseEvent } from '../../shared/events/schema'
import type { Region } from '../../shared/regions/tree'
import { DAY_MS, HOUR_MS, toShanghaiIso } from '../../shared/time/shanghai'
import { pickSatisfaction, pickTier, urgeShare, type CaseDraft } from './content'
import type { Random } from './random'
import { DISTRICT, type TownInfo } from './territory'

const MINUTE = 60_000
const sec = (ms: number) => Math.round(ms / 1000) * 1000

export interface CaseSpec {
  caseId: string
  town: TownInfo
  region: Region
  draft: CaseDraft
  reportedAt: number
  backlogLevel?: BacklogLevel
  /** `resolved`: squeeze the timeline so it is resolved before now; `open`: never resolved. */
  fate?: 'resolved' | 'open'
  tier?: ResolutionTier
}

/** 小事不过夜、大事不满月. */
export const dueAfter = (size: CaseDraft['size']) => (size === 'minor' ? DAY_MS : 30 * DAY_MS)

/** The time from report to resolution: about 93 % on time, the late ones by hours or days. */
function resolutionTime(r: Random, spec: CaseSpec): { total: number; late: boolean; lateShare: number } {
  const minor = spec.draft.size === 'minor'
  const onTimeShare = spec.backlogLevel ? 0.6 : spec.town.district.code === DISTRICT.chunan ? 0.95 : 0.925
  const lateShare = 1 - onTimeShare
  const late = r.chance(lateShare)
  if (minor) {
    const total = late ? DAY_MS + r.float(0.5, 60) * HOUR_MS : r.normalish(9, 5, 1.5, 23.5) * HOUR_MS
    return { total, late, lateShare }
  }
  const total = late ? 30 * DAY_MS + r.float(0.5, 20) * DAY_MS : r.normalish(12, 7, 1, 29.5) * DAY_MS
  return { total, late, lateShare }
}

/**
 * Every event of one case's life, in order and cut at `now`: reported → assign → handle → review →
 * resolved → followedUp, with urges and 三色督办 only while unresolved. Ids are `demo-<caseId>-<n>`.
 */
export function planCase(r: Random, spec: CaseSpec, now: number): Array<{ at: number; event: CaseEvent }> {
  const { caseId, draft, reportedAt } = spec
  const out: Array<{ at: number; event: CaseEvent }> = []
  let n = 0
  const id = () => `demo-${caseId}-${n++}`
  const emit = (at: number, event: CaseEvent) => {
    if (at <= now) out.push({ at, event })
  }
  const iso = toShanghaiIso

  emit(reportedAt, {
    id: id(),
    type: 'case.reported',
    at: iso(reportedAt),
    caseId,
    regionCode: draft.regionCode,
    source: draft.source,
    category: draft.category,
    size: draft.size,
    title: draft.title,
    ...(spec.backlogLevel ? { backlogLevel: spec.backlogLevel } : {}),
    ...(draft.reporter ? { reporter: draft.reporter } : {}),
  })

  const timing = resolutionTime(r, spec)
  let { total, late } = timing
  if (spec.fate === 'resolved') {
    // Must be settled (and mostly followed up) by now: squeeze the timeline into the time there was.
    const room = now - reportedAt - 2 * HOUR_MS
    if (total > room * 0.8) total = Math.max(4 * MINUTE, room * r.float(0.4, 0.8))
  } else if (spec.fate === 'open') {
    // Still being worked on: stages spread over the time so far, resolution beyond now.
    total = (now - reportedAt) * r.float(1.2, 3) + DAY_MS
  }
  const due = reportedAt + dueAfter(draft.size)
  late = reportedAt + total > due

  const f1 = r.float(0.02, 0.08)
  const f2 = f1 + r.float(0.05, 0.25)
  const f3 = Math.min(0.95, f2 + r.float(0.3, 0.6))
  const assignAt = sec(reportedAt + Math.max(MINUTE, f1 * total))
  const handleAt = sec(Math.max(assignAt + MINUTE, reportedAt + f2 * total))
  const reviewAt = sec(Math.max(handleAt + MINUTE, reportedAt + f3 * total))
  const resolvedAt = sec(Math.max(reviewAt + MINUTE, reportedAt + total))
  emit(assignAt, { id: id(), type: 'case.stage', at: iso(assignAt), caseId, stage: 'assign' })
  emit(handleAt, { id: id(), type: 'case.stage', at: iso(handleAt), caseId, stage: 'handle' })
  emit(reviewAt, { id: id(), type: 'case.stage', at: iso(reviewAt), caseId, stage: 'review' })

  // 催办: late cases are chased twice as often, on-time ones less, so the share stays at urgeShare.
  const p = urgeShare(spec.town)
  const pLate = Math.min(0.85, 2 * p)
  const pOnTime = Math.max(0, (p - timing.lateShare * pLate) / (1 - timing.lateShare))
  const lastChance = resolvedAt - MINUTE
  if (r.chance(timing.late ? pLate : pOnTime)) {
    const count = 1 + (r.chance(0.25) ? 1 : 0) + (r.chance(0.08) ? 1 : 0)
    const earliest = late && due < lastChance ? due : reportedAt + Math.max(MINUTE, 0.3 * (lastChance - reportedAt))
    const times = Array.from({ length: count }, () => sec(r.float(earliest, lastChance)))
      .filter((t) => t > reportedAt && t < resolvedAt)
      .sort((a, b) => a - b)
    for (const t of times) emit(t, { id: id(), type: 'case.urged', at: iso(t), caseId })
  }
  if (r.chance(late ? 0.3 : 0.03)) {
    const from = late && due < lastChance ? due : reportedAt + 0.5 * (lastChance - reportedAt)
    const t = sec(r.float(from, lastChance))
    if (t > reportedAt && t < resolvedAt) {
      const color = late ? 'red' : r.chance(0.7) ? 'yellow' : 'green'
      emit(t, { id: id(), type: 'case.supervised', at: iso(t), caseId, color })
    }
  }
  if (spec.fate === 'open') return out

  const tier = spec.tier ?? pickTier(r, spec.town, spec.region, draft.size)
  emit(resolvedAt, { id: id(), type: 'case.resolved', at: iso(resolvedAt), caseId, tier })
  if (r.chance(0.955)) {
    const after = draft.size === 'minor' ? r.float(1, 36) * HOUR_MS : r.float(12, 144) * HOUR_MS
    let t = sec(resolvedAt + after)
    if (spec.fate === 'resolved' && t > now) t = sec(resolvedAt + r.float(0.1, 0.9) * (now - resolvedAt))
    if (t <= resolvedAt) t = resolvedAt + MINUTE
    const satisfaction = pickSatisfaction(r, spec.town)
    emit(t, { id: id(), type: 'case.followedUp', at: iso(t), caseId, satisfaction })
  }
  return out
}
