import { figureChange, isRatePath, type FigureChange } from '../../../../shared/figures/change'
import type { Summary } from '../../../../shared/summary/schema'
import { COMPARE_LABELS, WALL_COMPARE, type WallCompareKind } from '../../live/view'
import { STOCK_TAG } from '../../period/labels'
import { figureAt } from '../../../../shared/summary/paths'

export type Tone = 'alert' | 'warn' | 'good' | undefined

export interface TileChange {
  kind: WallCompareKind
  label: string
  change: FigureChange
}

export interface Tile {
  label: string
  metric: string
  value: number | null | undefined
  kind: 'count' | 'rate'
  unit: string
  /** What it counts: the period's tag for flows, 当前 for stocks. */
  counts: string
  tone: Tone
  /** 同比 and 环比, for flows only (a stock "now" has no period to compare). */
  changes: TileChange[]
  /** Figures that make up this one, shown small beneath it (告警待确认 = 案件 + 风险). */
  parts: { label: string; metric: string; value: number | null | undefined }[]
}

/**
 * Flows are counted over the period and compared; stocks stand as of now. 已办结 and 已回访 count
 * the period's cases as they stand now, so they carry the period but no comparison: last year's
 * cases have had a year more to be finished, and the arrow would always point up.
 */
type Spec = { label: string; metric: string; nature: 'flow' | 'cohort' | 'stock'; unit?: string; tone?: (v: number) => Tone }

const hot = (tone: Tone) => (v: number) => (v > 0 ? tone : undefined)

export const COUNT_TILES: Spec[] = [
  { label: '受理量', metric: 'cases.total', nature: 'flow' },
  { label: '在办', metric: 'cases.open', nature: 'stock' },
  { label: '已办结', metric: 'cases.resolved', nature: 'cohort', tone: () => 'good' },
  { label: '超期', metric: 'cases.overdue', nature: 'stock', tone: hot('alert') },
  { label: '风险告警', metric: 'risks.byStatus.alarm', nature: 'stock', unit: '个', tone: hot('alert') },
  { label: '告警待确认', metric: 'alarms.open', nature: 'stock', unit: '条', tone: hot('alert') },
]

export const RATE_TILES: Spec[] = [
  { label: '催办率', metric: 'cases.urgeRate', nature: 'flow', tone: () => 'warn' },
  { label: '回访率', metric: 'cases.followUpRate', nature: 'flow' },
  { label: '满意率', metric: 'cases.satisfactionRate', nature: 'flow', tone: () => 'good' },
  { label: '按期办结率', metric: 'cases.onTimeRate', nature: 'flow' },
  { label: '矛盾不出村', metric: 'cases.localResolutionRate', nature: 'flow', tone: () => 'good' },
  { label: '风险点位', metric: 'risks.total', nature: 'stock', unit: '个' },
]

const ALARM_PARTS = [
  { label: '案件', metric: 'alarms.byKind.case.red.open' },
  { label: '风险', metric: 'alarms.byKind.risk.alarm.open' },
]

/** The headline tiles of `summary`, labelled with what they count over `periodTag`. */
export function buildTiles(specs: readonly Spec[], summary: Summary | null, periodTag: string): Tile[] {
  const compare = summary?.compare
  return specs.map((s) => {
    const value = summary ? figureAt(summary, s.metric) : undefined
    const rate = isRatePath(s.metric)
    const changes =
      s.nature === 'flow' && summary
        ? WALL_COMPARE.map((kind) => ({
            kind,
            label: COMPARE_LABELS[kind],
            change: figureChange(s.metric, value, compare?.[kind] ? figureAt(compare[kind]!.summary, s.metric) : undefined),
          }))
        : []
    const parts =
      s.metric === 'alarms.open' && summary
        ? ALARM_PARTS.map((p) => ({ ...p, value: figureAt(summary, p.metric) }))
        : []
    return {
      label: s.label,
      metric: s.metric,
      value,
      kind: rate ? 'rate' : 'count',
      unit: rate ? '%' : (s.unit ?? '件'),
      counts: s.nature === 'stock' ? STOCK_TAG : periodTag,
      tone: typeof value === 'number' ? s.tone?.(value) : undefined,
      changes,
      parts,
    }
  })
}
