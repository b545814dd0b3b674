import { REGION_LEVEL_LABELS, type RegionLevel } from '../../../../shared/domain/vocabulary'
import type { RegionDetail } from '../../../../shared/summary/detail'
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
 * 全省, 全市, 全区, 全县 …: the whole of the region named, from its name's last character (浙江省,
 * 杭州市, 富阳区, 淳安县); its level's word when the name does not end in one.
 */
export function wholeOf(name: string | undefined, level: RegionLevel | undefined): string {
  const last = name?.slice(-1)
  if (last && '省市区县镇乡'.includes(last)) return `全${last}`
  return level ? `全${REGION_LEVEL_LABELS[level].slice(0, 1)}` : ''
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
  const what = `${level ? REGION_LEVEL_LABELS[level] : '下级区域'}排名`
  return { rows, level, below, withinNamed, title: below ? `${wholeOf(region?.name, region?.level)}${what}` : what }
}

/** The name a grandchild's row is shown with: its child's name shortened (杭州市 → 杭州), then its own. */
export function shortName(name: string): string {
  return name.length > 2 && /[省市区县]$/.test(name) ? name.slice(0, -1) : name
}
