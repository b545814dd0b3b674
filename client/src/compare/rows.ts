import { figureChange, isRatePath, type FigureChange } from '../../../shared/figures/change'
import { polarityOf } from '../../../shared/figures/polarity'
import type { Summary } from '../../../shared/summary/schema'
import { COMPARE_LABELS, WALL_COMPARE, type WallCompareKind } from '../live/view'
import { STOCK_TAG } from '../period/labels'
import { figureAt } from '../../../shared/summary/paths'
import { formatCount, formatRate } from '../util/format'
import { COMPARE_MAX, COMPARE_MIN } from './href'

/** The figures set side by side, as on the wall: flows over the period, stocks now. */
export const COMPARE_FIGURES = [
  { path: 'cases.total', label: '受理量', nature: 'flow' },
  { path: 'cases.open', label: '在办', nature: 'stock' },
  { path: 'cases.resolved', label: '已办结', nature: 'cohort' },
  { path: 'cases.overdue', label: '超期', nature: 'stock' },
  { path: 'cases.urgeRate', label: '催办率', nature: 'flow' },
  { path: 'cases.followUpRate', label: '回访率', nature: 'flow' },
  { path: 'cases.satisfactionRate', label: '满意率', nature: 'flow' },
  { path: 'cases.onTimeRate', label: '按期办结率', nature: 'flow' },
  { path: 'cases.localResolutionRate', label: '不出村率', nature: 'flow' },
  { path: 'alarms.open', label: '告警待确认', nature: 'stock' },
] as const

export type ComparedSummary = Summary

export interface CompareCell {
  code: string
  value: number | null | undefined
  text: string
  unit: string
  changes: { kind: WallCompareKind; label: string; change: FigureChange }[]
  /** The best and the worst of the row, when the figure has a better direction and 3+ regions stand. */
  standing: 'best' | 'worst' | null
}

export interface CompareRow {
  path: string
  label: string
  counts: string
  cells: CompareCell[]
}

const unitOf = (path: string) => (isRatePath(path) ? '%' : path.startsWith('alarms.') ? '条' : '件')

/** One row per figure, one cell per region (in the order given), with its 同比/环比 for flows. */
export function compareRows(columns: readonly { code: string; summary: ComparedSummary | null }[], periodTag: string): CompareRow[] {
  return COMPARE_FIGURES.map((f) => {
    const cells: CompareCell[] = columns.map(({ code, summary }) => {
      const value = summary ? figureAt(summary, f.path) : undefined
      return {
        code,
        value,
        text: isRatePath(f.path) ? formatRate(value) : formatCount(value),
        unit: unitOf(f.path),
        changes:
          f.nature === 'flow' && summary
            ? WALL_COMPARE.map((kind) => ({
                kind,
                label: COMPARE_LABELS[kind],
                change: figureChange(f.path, value, summary.compare?.[kind] ? figureAt(summary.compare[kind]!.summary, f.path) : undefined),
              }))
            : [],
        standing: null,
      }
    })
    markEnds(f.path, cells)
    return { path: f.path, label: f.label, counts: f.nature === 'stock' ? STOCK_TAG : periodTag, cells }
  })
}

function markEnds(path: string, cells: CompareCell[]) {
  const polarity = polarityOf(path)
  const known = cells.filter((c): c is CompareCell & { value: number } => typeof c.value === 'number')
  if (polarity === 'neutral' || known.length < 3) return
  const values = known.map((c) => c.value)
  const hi = Math.max(...values)
  const lo = Math.min(...values)
  if (hi === lo) return
  for (const c of known) {
    if (c.value === (polarity === 'higherIsBetter' ? hi : lo)) c.standing = 'best'
    else if (c.value === (polarity === 'higherIsBetter' ? lo : hi)) c.standing = 'worst'
  }
}

/**
 * The regions in `?regions=A,B,…`: trimmed, without repeats, at most six; `problem` says what is
 * wrong when fewer than two remain (the page then asks for more instead of showing one column).
 */
export function regionsFromParam(param: string | null): { codes: string[]; problem: string | null } {
  const codes = [...new Set((param ?? '').split(',').map((s) => s.trim()).filter(Boolean))]
  if (codes.length > COMPARE_MAX) return { codes: codes.slice(0, COMPARE_MAX), problem: `最多对比 ${COMPARE_MAX} 个区域，已取前 ${COMPARE_MAX} 个` }
  if (codes.length < COMPARE_MIN) return { codes, problem: `请至少选择 ${COMPARE_MIN} 个区域进行对比` }
  return { codes, problem: null }
}
