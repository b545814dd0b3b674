import type { RegionLevel } from '../../../../shared/domain/vocabulary'
import type { RegionDetail } from '../../../../shared/summary/detail'
import { rankTitle } from '../../../../shared/summary/rankScope'
import type { RankedChild } from './rows'

/** What the ranking panel ranks: the rows, what they are, and a title that says so. */
export interface RankScope {
  rows: readonly RankedChild[]
  /** The level ranked (the first row's), when there are rows. */
  level: RegionLevel | undefined
  /** Whether the rows are grandchildren. */
  below: boolean
  /** Whether each row is named with the child it lies in (grandchildren of more than one child). */
  withinNamed: boolean
  title: string
}

/**
 * The children, or (when the detail carries them: a region of few children) the grandchildren,
 * titled 区县排名 / 乡镇街道排名 with the scope (全省区县排名) when they are not the region's own
 * children, so nobody takes the districts for the province's children; each row then names the
 * child it lies in (杭州 富阳区) when there are several.
 */
export function rankScope(detail: RegionDetail | null, region: { name: string; level: RegionLevel } | undefined): RankScope {
  const grand = detail?.grandchildren
  const below = grand !== undefined && grand.length > 0
  // Grandchildren all in one child (嘉兴市's one district) need no name of it on every row.
  const withinNamed = below && grand.some((g) => g.parent !== grand[0]!.parent)
  const rows = below ? (withinNamed ? grand : grand.map(({ parent: _p, parentName: _n, ...g }) => g)) : (detail?.children ?? [])
  const level = rows[0]?.level
  return { rows, level, below, withinNamed, title: rankTitle(level, below, region) }
}

