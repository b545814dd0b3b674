import { writePeriod, type PeriodChoice } from '../period/choice'

/** Two to six regions side by side: fewer says nothing, more cannot be read across a room. */
export const COMPARE_MIN = 2
export const COMPARE_MAX = 6

/** The comparison page for `regions` over `period` (deep-linkable like the wall). */
export function compareHref(regions: readonly string[], period: PeriodChoice): string {
  const params = new URLSearchParams()
  params.set('regions', regions.slice(0, COMPARE_MAX).join(','))
  writePeriod(params, period)
  return `/compare?${params.toString().replace(/%2C/g, ',')}`
}

/**
 * What the wall offers to compare: from a ranking, its best three and worst three (红黑榜 side by
 * side); with fewer than seven children, all of them; a region without children, itself and its
 * siblings.
 */
export function wallCompareRegions(rankedChildren: readonly string[], self: string, siblings: readonly string[]): string[] {
  if (rankedChildren.length >= COMPARE_MIN) {
    if (rankedChildren.length <= COMPARE_MAX) return [...rankedChildren]
    return [...rankedChildren.slice(0, 3), ...rankedChildren.slice(-3)]
  }
  const others = siblings.filter((c) => c !== self).slice(0, COMPARE_MAX - 1)
  return [self, ...others]
}
