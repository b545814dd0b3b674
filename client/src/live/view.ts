import type { CompareKind } from '../../../shared/time/periods'

/**
 * What the wall compares every flow figure with: 同比 the same days a year before (`lastYear`),
 * 环比 the same stretch of the period before (`previousToDate`: Nov 1–4 for Dec 1–4, so a month
 * four days old is not set against a whole month).
 */
export const WALL_COMPARE = ['lastYear', 'previousToDate'] as const satisfies readonly CompareKind[]
export type WallCompareKind = (typeof WALL_COMPARE)[number]
export const COMPARE_LABELS: Record<WallCompareKind, string> = { lastYear: '同比', previousToDate: '环比' }
