import type { CompareKind } from '../../../shared/time/periods'

/**
 * What the wall compares every flow figure with: 同比 the same days a year before (`lastYear`),
 * 环比 the same stretch of the period before (`previousToDate`: Nov 1–4 for Dec 1–4, so a month
 * four days old is not set against a whole month).
 */
export const WALL_COMPARE = ['lastYear', 'previousToDate'] as const satisfies readonly CompareKind[]
export type WallCompareKind = (typeof WALL_COMPARE)[number]
/**
 * A region with fewer children than this ranks the level below instead: the wall asks the server
 * for the grandchildren of such a region (`grandchildrenBelow`, live and in replay alike; the
 * ranking panel's panels/ranking/scope.ts). Under four there is no 红榜 or 黑榜 (ranking/rows.ts):
 * two cities, or one district, are a comparison, not a ranking, and a tall panel of two bars tells
 * a briefing nothing the map beside it does not.
 */
export const RANK_GRANDCHILDREN_BELOW = 4

export const COMPARE_LABELS: Record<WallCompareKind, string> = { lastYear: '同比', previousToDate: '环比' }
