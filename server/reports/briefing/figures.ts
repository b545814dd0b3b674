import { figureAt } from '../../../shared/summary/paths'
import { formatCount, formatRate } from '../format'

/** A headline figure: where it is in the summary, how it is written, and which way is better. */
export interface Figure {
  label: string
  path: string
  unit: 'count' | 'rate'
  /** A rise is good (up), bad (down), or neither (null: volume). */
  better: 'up' | 'down' | null
  /** The measure word after a count: 件, 处, 条. */
  measure?: string
}

/** Flows over the period: compared with last year (同比) and with the period before (环比). */
export const FLOW_FIGURES: readonly Figure[] = [
  { label: '受理量', path: 'cases.total', unit: 'count', better: null },
  { label: '已办结', path: 'cases.resolved', unit: 'count', better: null },
  { label: '已回访', path: 'cases.closed', unit: 'count', better: null },
  { label: '按期办结率', path: 'cases.onTimeRate', unit: 'rate', better: 'up' },
  { label: '催办率', path: 'cases.urgeRate', unit: 'rate', better: 'down' },
  { label: '回访率', path: 'cases.followUpRate', unit: 'rate', better: 'up' },
  { label: '满意率', path: 'cases.satisfactionRate', unit: 'rate', better: 'up' },
  { label: '矛盾不出村', path: 'cases.localResolutionRate', unit: 'rate', better: 'up' },
  { label: '矛盾不出镇街', path: 'cases.townResolutionRate', unit: 'rate', better: 'up' },
]

/** Stocks now (当前): of the cases reported in the period, and risk points and alarms whenever. */
export const STOCK_FIGURES: readonly Figure[] = [
  { label: '在办', path: 'cases.open', unit: 'count', better: null, measure: '件' },
  { label: '超期', path: 'cases.overdue', unit: 'count', better: 'down', measure: '件' },
  { label: '红色督办', path: 'cases.byColor.red', unit: 'count', better: 'down', measure: '件' },
  { label: '风险点告警', path: 'risks.byStatus.alarm', unit: 'count', better: 'down', measure: '处' },
  { label: '待确认告警', path: 'alarms.open', unit: 'count', better: 'down', measure: '条' },
]

/** Labels of the figures a ranking may be by (the rest show their path). */
export const FIGURE_LABELS: Record<string, string> = Object.fromEntries([...FLOW_FIGURES, ...STOCK_FIGURES].map((f) => [f.path, f.label]))

export const formatFigure = (f: Pick<Figure, 'unit'>, v: number | null) => (f.unit === 'rate' ? formatRate(v) : formatCount(v))

export function valueOf(summary: object, f: Figure): number | null {
  return figureAt(summary, f.path)
}

export type Tone = 'better' | 'worse' | 'neutral'

export interface Change {
  /** ▲ 12.3%, ▼ 1.2个百分点, 持平, or — when there is nothing to compare with. */
  text: string
  tone: Tone
}

/** The change from `base` to `now`: relative for counts, in percentage points for rates. */
export function changeOf(f: Figure, now: number | null, base: number | null): Change {
  if (now === null || base === null) return { text: '—', tone: 'neutral' }
  const diff = now - base
  let text: string
  if (f.unit === 'rate') {
    const points = Math.round(diff * 1000) / 10
    if (points === 0) return { text: '持平', tone: 'neutral' }
    text = `${points > 0 ? '▲' : '▼'} ${Math.abs(points).toFixed(1)}个百分点`
  } else {
    if (diff === 0) return { text: '持平', tone: 'neutral' }
    // Nothing a year (or a period) ago is no basis for a percentage: said as "—", not as +∞.
    if (base === 0) return { text: '—', tone: 'neutral' }
    const pct = (Math.abs(diff) / base) * 100
    text = `${diff > 0 ? '▲' : '▼'} ${pct >= 100 ? pct.toFixed(0) : pct.toFixed(1)}%`
  }
  return { text, tone: toneOf(f, diff) }
}

function toneOf(f: Figure, diff: number): Tone {
  if (f.better === null || diff === 0) return 'neutral'
  return (diff > 0) === (f.better === 'up') ? 'better' : 'worse'
}
