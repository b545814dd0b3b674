/**
 * Which way is better, for every headline figure the wall compares or ranks: the ONE rule that
 * colours a change (同比/环比 arrows, the ranking's changes) and orders a 红黑榜. Keyed by the
 * figure's summary path, as in `data-metric` and `rankBy`.
 *
 * - Higher is better: service quality (满意率, 按期办结率, 回访率), disputes settled close to home
 *   (不出村率, 不出镇街率), backlog cleared.
 * - Lower is better: what signals trouble (催办率, 超期, cases chased, risk points in alarm, alarms
 *   waiting for a seat).
 * - Neutral: volumes (受理量, 在办, 已办结). More reports can mean more trouble as much as more trust
 *   in the hotline; a wall must not paint either red.
 */
export type Polarity = 'higherIsBetter' | 'lowerIsBetter' | 'neutral'

export const FIGURE_POLARITY: Readonly<Record<string, Polarity>> = {
  'cases.total': 'neutral',
  'cases.open': 'neutral',
  'cases.resolved': 'neutral',
  'cases.closed': 'neutral',
  'cases.urgeRate': 'lowerIsBetter',
  'cases.urgedCases': 'lowerIsBetter',
  'cases.overdue': 'lowerIsBetter',
  'cases.followUpRate': 'higherIsBetter',
  'cases.satisfactionRate': 'higherIsBetter',
  'cases.onTimeRate': 'higherIsBetter',
  'cases.localResolutionRate': 'higherIsBetter',
  'cases.townResolutionRate': 'higherIsBetter',
  'risks.byStatus.alarm': 'lowerIsBetter',
  'alarms.open': 'lowerIsBetter',
}

/** The polarity of a figure; anything not listed is neutral (never coloured as good or bad). */
export function polarityOf(path: string): Polarity {
  return FIGURE_POLARITY[path] ?? 'neutral'
}

/** What a move in `direction` means for the figure at `path`. */
export function verdictOf(path: string, direction: 'up' | 'down' | 'flat'): 'better' | 'worse' | 'neutral' {
  const p = polarityOf(path)
  if (direction === 'flat' || p === 'neutral') return 'neutral'
  return (direction === 'up') === (p === 'higherIsBetter') ? 'better' : 'worse'
}

/** Order that puts the best first (红榜 at the top, 黑榜 at the bottom); neutral figures: most first. */
export function bestFirstOrder(path: string): 'asc' | 'desc' {
  return polarityOf(path) === 'lowerIsBetter' ? 'asc' : 'desc'
}
