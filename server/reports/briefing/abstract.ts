import { REGION_LEVEL_LABELS, type RegionLevel } from '../../../shared/domain/vocabulary'
import { wholeOf } from '../../../shared/summary/rankScope'
import type { Summary } from '../../../shared/summary/schema'
import { formatCount, formatRate } from '../format'
import type { BriefingData } from './data'
import { FIGURE_LABELS, FLOW_FIGURES, formatFigure, valueOf, type Figure } from './figures'

const figure = (path: string) => FLOW_FIGURES.find((f) => f.path === path)!

/** "同比上升12.3%" / "环比提高1.2个百分点" / "同比持平"; empty when there is nothing to compare with. */
function moved(word: string, f: Figure, now: number | null, base: number | null): string {
  if (now === null || base === null || (f.unit === 'count' && base === 0)) return ''
  if (f.unit === 'rate') {
    const points = Math.round((now - base) * 1000) / 10
    return points === 0 ? `${word}持平` : `${word}${points > 0 ? '提高' : '降低'}${Math.abs(points).toFixed(1)}个百分点`
  }
  if (now === base) return `${word}持平`
  const pct = (Math.abs(now - base) / base) * 100
  return `${word}${now > base ? '上升' : '下降'}${pct >= 100 ? pct.toFixed(0) : pct.toFixed(1)}%`
}

/** A figure with its 同比 and 环比 in words: "受理案件1,234件，同比上升12.3%，环比下降4.0%". */
function withChanges(s: Summary, path: string, lead: string): string {
  const f = figure(path)
  const now = valueOf(s, f)
  const parts = [`${lead}${formatFigure(f, now)}${f.unit === 'count' ? '件' : ''}`]
  const ly = s.compare?.lastYear?.summary
  const prev = s.compare?.previousToDate?.summary
  const a = ly ? moved('同比', f, now, valueOf(ly, f)) : ''
  const b = prev ? moved('环比', f, now, valueOf(prev, f)) : ''
  return [...parts, a, b].filter(Boolean).join('，')
}

/**
 * 研判要点: the few sentences a leader reads first, written from the same figures as the tables
 * below them (nothing here that the tables do not show).
 */
export function abstractOf(d: BriefingData): string[] {
  const s = d.summary
  const c = s.cases
  const out = [
    `${withChanges(s, 'cases.total', '本期受理案件')}；${withChanges(s, 'cases.resolved', '已办结')}。`,
    `${withChanges(s, 'cases.onTimeRate', '按期办结率')}；${withChanges(s, 'cases.satisfactionRate', '满意率')}；${withChanges(s, 'cases.urgeRate', '催办率')}；矛盾不出村率${formatRate(c.localResolutionRate)}。`,
    `本期受理的案件中当前在办${formatCount(c.open)}件，其中超期${formatCount(c.overdue)}件、红色督办${formatCount(c.byColor.red)}件；` +
      `全区当前红色督办${formatCount(d.urgent.red)}件、超期${formatCount(d.urgent.overdue)}件，待确认告警${formatCount(s.alarms.open)}条，风险点告警${formatCount(s.risks.byStatus.alarm)}处。`,
  ]
  if (d.categories.length)
    out.push(`较上期上升较快的类别：${d.categories.slice(0, 3).map((k) => `${k.category}（+${formatCount(k.increase)}件）`).join('、')}。`)
  const ranked = d.ranking.rows.filter((ch) => ch.value !== null)
  if (ranked.length >= 2 && ranked[0]!.value !== ranked[ranked.length - 1]!.value) {
    const label = FIGURE_LABELS[d.ranking.rankBy] ?? d.ranking.rankBy
    const f = [...FLOW_FIGURES].find((x) => x.path === d.ranking.rankBy) ?? { unit: 'count' as const }
    const first = ranked[0]!
    const last = ranked[ranked.length - 1]!
    // Grandchildren (a city of few districts ranks its towns) are said with the scope and their district.
    const level = first.level as RegionLevel
    const scope = d.ranking.below ? `${wholeOf(d.region.name, d.region.level as RegionLevel)}${REGION_LEVEL_LABELS[level]}` : '下级区域'
    const name = (ch: (typeof ranked)[number]) => ('parentName' in ch ? `${ch.parentName}${ch.name}` : ch.name)
    out.push(`${scope}以${label}排名，${name(first)}居首（${formatFigure(f, first.value)}），${name(last)}居末（${formatFigure(f, last.value)}）。`)
  }
  return out
}
