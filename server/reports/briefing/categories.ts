export interface RisingCategory {
  category: string
  count: number
  previous: number
  /** count − previous, > 0 */
  increase: number
}

const SHOWN = 6

/** Categories with the largest increase over the compared period, largest first (ties: more cases first). */
export function risingCategories(now: ReadonlyMap<string, number>, before: ReadonlyMap<string, number>): RisingCategory[] {
  return [...now]
    .map(([category, count]) => ({ category, count, previous: before.get(category) ?? 0, increase: count - (before.get(category) ?? 0) }))
    .filter((c) => c.increase > 0)
    .sort((a, b) => b.increase - a.increase || b.count - a.count || a.category.localeCompare(b.category, 'zh-CN'))
    .slice(0, SHOWN)
}
