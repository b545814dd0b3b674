import { changeText, figureChange, isRatePath, type ChangeText, type FigureChange } from '../../../../shared/figures/change'
import { bestFirstOrder, polarityOf } from '../../../../shared/figures/polarity'
import type { ChildFigures } from '../../../../shared/summary/detail'
import type { CompareKind } from '../../../../shared/time/periods'
import { formatCount, formatRate } from '../../util/format'
import { shortName } from '../../../../shared/summary/rankScope'

/**
 * A child as the detail carries it: its figures, and `value`/`compare` of the figure ranked by; a
 * grandchild with the name of the child it lies in (`parentName`).
 */
export type RankedChild = Pick<ChildFigures, 'code' | 'name' | 'value' | 'compare'> & { level?: ChildFigures['level']; parentName?: string }

export interface RankRow {
  code: string
  name: string
  /** The region it lies in, shortened (杭州), when it is not a child of the region shown: names alone may repeat. */
  within: string | null
  /** 1-based; equal figures share a rank (1, 2, 2, 4); null when the child has no figure. */
  rank: number | null
  value: number | null
  text: string
  /** Bar length, 0..1 of the largest figure. */
  share: number
  /**
   * 红榜 (ranked among the best three), 黑榜 (among the worst three), or neither. Ties share their
   * fate (eight townships at 100% are all on the 红榜), a figure everyone shares puts nobody on
   * either, and volumes are never put on either.
   */
  standing: 'top' | 'bottom' | null
  change: FigureChange
  changeText: ChangeText
}


/**
 * The league table of `children` by the figure at `path`, best first (shared/figures/polarity.ts:
 * the lowest 催办率 leads, the highest 满意率 leads, the most cases lead a volume), children without
 * a figure last. The best and the worst three (fewer when there are fewer than twelve children,
 * none under four) are marked as 红榜 and 黑榜, with each child's change against last year (同比).
 */
export function rankingRows(children: readonly RankedChild[], path: string, compareKind: CompareKind = 'lastYear'): RankRow[] {
  const asc = bestFirstOrder(path) === 'asc'
  const rated = children.map((c) => ({ c, v: c.value ?? null }))
  rated.sort((a, b) => {
    if (a.v === null || b.v === null) return a.v === null ? (b.v === null ? a.c.code.localeCompare(b.c.code) : 1) : -1
    return (asc ? a.v - b.v : b.v - a.v) || a.c.code.localeCompare(b.c.code)
  })
  const values = rated.flatMap((r) => (r.v === null ? [] : [r.v]))
  // Three at each end from a dozen children; fewer below that, none under four (two cities are a
  // comparison, not a 红黑榜).
  const ends = polarityOf(path) === 'neutral' || values.length < 4 ? 0 : Math.min(3, Math.floor(values.length / 4))
  const best = values[0]
  const worst = values[values.length - 1]
  /** How many children have a figure strictly worse than `v`, plus one: the rank from the bottom. */
  const fromBottom = (v: number) => 1 + values.filter((x) => (asc ? x > v : x < v)).length
  const max = Math.max(0, ...rated.map((r) => r.v ?? 0))
  const rate = isRatePath(path)
  let rank = 0
  return rated.map(({ c, v }, i) => {
    if (v !== null && (i === 0 || rated[i - 1]!.v !== v)) rank = i + 1
    const change = figureChange(path, v, c.compare?.[compareKind])
    return {
      code: c.code,
      name: c.name,
      within: c.parentName === undefined ? null : shortName(c.parentName),
      rank: v === null ? null : rank,
      value: v,
      text: v === null ? '—' : rate ? `${formatRate(v)}%` : `${formatCount(v)}件`,
      share: v === null || max <= 0 ? 0 : v / max,
      standing: v === null || best === worst ? null : rank <= ends && v !== worst ? 'top' : fromBottom(v) <= ends && v !== best ? 'bottom' : null,
      change,
      changeText: changeText(change, true),
    }
  })
}

/**
 * Rows cut into pages of at most `perPage`, the pages as even as they can be (23 rows by 10 → 8,
 * 8, 7), so the last page is never a lonely row or two.
 */
export function pagesOf<T>(rows: readonly T[], perPage: number): T[][] {
  if (rows.length === 0) return [[]]
  const count = Math.ceil(rows.length / Math.max(1, perPage))
  const size = Math.ceil(rows.length / count)
  return Array.from({ length: count }, (_, i) => rows.slice(i * size, (i + 1) * size))
}

/** The most rows at each end of a 红黑榜 view: the first and last five, as the 研判简报 shows beyond twelve. */
export const ENDS_SHOWN = 5

/** The best and the worst of a ranking, and how many rows lie between them or have no figure. */
export interface RankEnds<T> {
  best: T[]
  worst: T[]
  between: number
  unranked: number
}

/**
 * The two ends of a ranking too long for one page: as many rows at each end as fit in `perPage`
 * beside one line saying what lies between, at most ENDS_SHOWN; null when every row fits, or when
 * too few have a figure to make two ends. The panel shows it for grandchildren (a city of three
 * districts ranks its 65 towns): a city leader looks across the towns for those to learn from and
 * those to press, not for the 40th, and six pages of eight seconds are a tour nobody standing at
 * the wall follows; each town is ranked in full on its own district's wall. A region's own
 * children are every one a unit answering to it, so they are all shown, turning the page.
 */
export function endsOf<T extends { value: number | null }>(rows: readonly T[], perPage: number): RankEnds<T> | null {
  if (rows.length <= perPage) return null
  const valued = rows.filter((r) => r.value !== null)
  const each = Math.min(ENDS_SHOWN, Math.floor((perPage - 1) / 2))
  if (each < 1 || valued.length <= 2 * each) return null
  return { best: valued.slice(0, each), worst: valued.slice(-each), between: valued.length - 2 * each, unranked: rows.length - valued.length }
}
