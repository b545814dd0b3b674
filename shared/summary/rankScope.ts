import { REGION_LEVEL_LABELS, type RegionLevel } from '../domain/vocabulary'

/**
 * A region with fewer children than this ranks the level below instead, on the wall (which asks
 * the server for them with `grandchildrenBelow`, live and in replay alike) and in the 研判简报
 * alike, so a leader reads the same ranking on the screen and on paper. Under four there is no
 * 红榜 or 黑榜: two cities, or three districts, are a comparison, not a ranking, which the map
 * beside the wall's ranking already draws. Four, not three: a city of three districts (杭州市 in
 * the demo, or any city part-way through joining) ranks its towns, where 晾晒 bites, and shows
 * their best and worst (client/src/panels/ranking/rows.ts, endsOf) rather than a long tour of pages.
 */
export const RANK_GRANDCHILDREN_BELOW = 4

/** Whether a region of `children` children ranks its grandchildren instead. */
export const ranksGrandchildren = (children: number): boolean => children < RANK_GRANDCHILDREN_BELOW

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
 * What a ranking of `level` is called: 区县排名 for children, and with the scope (全省区县排名) for
 * grandchildren, so nobody takes the districts for the province's own children.
 */
export function rankTitle(level: RegionLevel | undefined, below: boolean, region: { name: string; level: RegionLevel } | undefined): string {
  const what = `${level ? REGION_LEVEL_LABELS[level] : '下级区域'}排名`
  return below ? `${wholeOf(region?.name, region?.level)}${what}` : what
}

/** The name a grandchild's row is shown with: its child's name shortened (杭州市 → 杭州), then its own. */
export function shortName(name: string): string {
  return name.length > 2 && /[省市区县]$/.test(name) ? name.slice(0, -1) : name
}
