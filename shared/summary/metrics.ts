/**
 * The wall's rates, once. Each is a fraction 0..1, or null when its denominator is 0: a wall must
 * not show 0% satisfaction for a region that has had no follow-up yet.
 */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null
}

/** 催办率: chased cases over all cases. */
export const urgeRate = (urgedCases: number, total: number) => ratio(urgedCases, total)

/** 回访率: followed-up cases over resolved ones. */
export const followUpRate = (followedUp: number, resolved: number) => ratio(followedUp, resolved)

/** 满意率: satisfied plus basically satisfied, over followed-up. */
export const satisfactionRate = (satisfied: number, basic: number, followedUp: number) =>
  ratio(satisfied + basic, followedUp)

/** 按期办结率: resolved before their due time, over resolved. */
export const onTimeRate = (resolvedOnTime: number, resolved: number) => ratio(resolvedOnTime, resolved)

/** 矛盾不出村: disputes resolved at the grid, village or secretary tier, over disputes resolved. */
export const localResolutionRate = (resolvedInVillage: number, disputesResolved: number) => ratio(resolvedInVillage, disputesResolved)

/** 矛盾不出镇街: disputes resolved in the village or by the town, over disputes resolved. */
export const townResolutionRate = (resolvedByTown: number, disputesResolved: number) => ratio(resolvedByTown, disputesResolved)
