import type { BacklogLevel } from '../../shared/domain/vocabulary'
import type { CaseReported } from '../../shared/events/schema'
import type { FraudType } from '../../shared/events/themeFields'
import { DAY_MS, toShanghaiIso } from '../../shared/time/shanghai'
import type { CaseSpec } from './case-plan'
import { PLACES } from './content'
import { createRandom, hashSeed, type Random } from './random'

/** The demo's share of petitions that come again (重访) and that skip a level (越级访). */
const REPEAT_SHARE = 0.27
const OVER_LEVEL_SHARE = 0.03

/** 包案领导 by level of the 积案: the higher the level, the more senior the leader answering for it. */
const CASE_LEADERS: Record<BacklogLevel, readonly string[]> = {
  national: ['区委书记', '区长', '区委副书记'],
  provincial: ['区委副书记', '常务副区长', '政法委书记', '公安分局局长'],
  municipal: ['副区长', '政法委书记', '信访局局长'],
  district: ['镇党委书记', '街道党工委书记', '镇长', '街道办事处主任'],
}
/** 化解时限: months from the report to clear a 积案 of that level. */
const CLEAR_MONTHS: Record<BacklogLevel, number> = { national: 3, provincial: 4, municipal: 6, district: 6 }

/** 电信诈骗 types as police see them (刷单返利 the most common), with a typical loss in yuan. */
export const DEMO_FRAUD: ReadonlyArray<readonly [FraudType, number, number]> = [
  ['rebate', 34, 18_000],
  ['investment', 16, 95_000],
  ['impersonation', 10, 60_000],
  ['loan', 14, 12_000],
  ['service', 14, 15_000],
  ['romance', 7, 40_000],
  ['other', 5, 8_000],
]

/** A typical fraud case: its type and loss, drawn from `r`. */
export function drawFraud(r: Random): { fraudType: FraudType; loss: number } {
  const [fraudType, , typical] = DEMO_FRAUD[r.weighted(DEMO_FRAUD.map((f, i) => [i, f[1]] as const))]!
  return { fraudType, loss: Math.round(typical * r.float(0.3, 1.8) / 100) * 100 }
}

/** Planned fraud reports may carry exact figures (龙岗镇's losses fall by the article's share). */
export interface PlannedFraud {
  fraudType: FraudType
  loss: number
}

/**
 * The themed pages' fields of a demo report, from the case's own id (its own random stream), so
 * that adding them changes nothing else in the dataset: 初访/重访 and 越级访 on petitions (never in
 * 万市镇's first eight villages, the article's villages without backlog, 槎源坞村 among them), a
 * 包案领导 and a clearance deadline on 积案, type and loss on telecom fraud.
 */
export function demoThemeFields(spec: CaseSpec & { fraud?: PlannedFraud }): Partial<CaseReported> {
  const { draft, caseId, reportedAt } = spec
  const r = createRandom(hashSeed('theme', caseId))
  const out: Partial<CaseReported> = {}
  if (draft.source === 'petition') {
    out.visit = r.chance(REPEAT_SHARE) ? 'repeat' : 'first'
    const quiet = spec.town.town.name === PLACES.wanshi && spec.town.villages.indexOf(spec.region) >= 0 && spec.town.villages.indexOf(spec.region) < 8
    if (!quiet && !spec.backlogLevel && r.chance(OVER_LEVEL_SHARE)) out.overLevel = true
  }
  if (spec.backlogLevel) {
    out.caseLeader = r.pick(CASE_LEADERS[spec.backlogLevel])
    out.clearBy = toShanghaiIso(reportedAt + CLEAR_MONTHS[spec.backlogLevel] * 30 * DAY_MS)
  }
  if (draft.category === '电信诈骗') Object.assign(out, spec.fraud ?? drawFraud(r))
  return out
}

