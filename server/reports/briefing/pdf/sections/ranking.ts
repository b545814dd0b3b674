import type { ChildFigures, GrandchildFigures } from '../../../../../shared/summary/detail'
import { REGION_LEVEL_LABELS, REGION_LEVELS, type RegionLevel } from '../../../../../shared/domain/vocabulary'
import { RANK_GRANDCHILDREN_BELOW, rankTitle, shortName } from '../../../../../shared/summary/rankScope'
import { formatCount, formatRate } from '../../../format'
import type { BriefingData } from '../../data'
import { changeOf, FIGURE_LABELS, type Figure } from '../../figures'
import { COLOR, CONTENT_WIDTH, type Flow } from '../doc'
import { drawHeading, drawParagraph } from '../frame'
import { drawTable, type Cell } from '../table'

/** Shown whole up to this many children; beyond it the first and last five (红黑榜). */
const WHOLE = 12
const ENDS = 5

/**
 * 三、下级区域排名: children ranked by the briefing's figure, with its 同比, and their other headline
 * figures; for a region of few children its grandchildren, as on the wall, titled with the scope
 * (三、全省区县排名) and each named with the child it lies in (杭州 富阳区) when they lie in several.
 */
export function drawRanking(flow: Flow, d: BriefingData): void {
  const children = d.ranking.rows
  const label = FIGURE_LABELS[d.ranking.rankBy] ?? d.ranking.rankBy
  const rankedLevel = children[0]?.level as RegionLevel | undefined
  const level = rankedLevel ? REGION_LEVEL_LABELS[rankedLevel] : ''
  const order = d.ranking.order === 'desc' ? '从高到低' : '从低到高'
  const below = d.ranking.below
  const title = below ? rankTitle(rankedLevel, true, { name: d.region.name, level: d.region.level as RegionLevel }) : '下级区域排名'
  drawHeading(flow, `三、${title}`, children.length ? `${level}按${label}${order}，共 ${children.length} 个` : undefined, 120)
  if (!children.length) {
    drawParagraph(flow, `${d.region.name}没有下级区域。`, { gap: 12 })
    return
  }
  if (below) {
    const childLevel = REGION_LEVELS[REGION_LEVELS.indexOf(d.region.level as RegionLevel) + 1]
    const them = childLevel ? REGION_LEVEL_LABELS[childLevel] : '下级区域'
    drawParagraph(flow, `${d.region.name}下辖${them}仅 ${d.ranking.children} 个（不足 ${RANK_GRANDCHILDREN_BELOW} 个），与大屏一致，排名其下的${level}。`, { size: 8.5, color: COLOR.muted, gap: 6 })
  }
  const parents = new Set(children.map((c) => (c as Partial<GrandchildFigures>).parentName))
  const nameOf = (ch: ChildFigures | GrandchildFigures) => ('parentName' in ch && parents.size > 1 ? `${shortName(ch.parentName)} ${ch.name}` : ch.name)
  const f: Figure = { label, path: d.ranking.rankBy, unit: /Rate$/.test(d.ranking.rankBy) ? 'rate' : 'count', better: d.ranking.rankBy === 'cases.urgeRate' || d.ranking.rankBy === 'cases.overdue' ? 'down' : 'up' }
  const fmt = (v: number | null) => (f.unit === 'rate' ? formatRate(v) : formatCount(v))
  const row = (ch: ChildFigures | GrandchildFigures, rank: number): Cell[] => {
    const c = changeOf(f, ch.value, ch.compare.lastYear ?? null)
    return [
      String(rank),
      { text: nameOf(ch), bold: true },
      { text: fmt(ch.value), bold: true },
      { text: c.text, color: c.tone === 'better' ? COLOR.better : c.tone === 'worse' ? COLOR.worse : COLOR.muted },
      formatCount(ch.total),
      formatCount(ch.open),
      { text: formatCount(ch.overdue), ...(ch.overdue > 0 ? { color: COLOR.worse } : {}) },
      formatRate(ch.urgeRate),
      formatRate(ch.satisfactionRate),
    ]
  }
  // Children without the figure (a rate with no denominator) rank nowhere: named after the table.
  const valued = children.filter((c) => c.value !== null)
  const missing = children.filter((c) => c.value === null)
  const cut = valued.length > WHOLE
  const shown = cut ? [...valued.slice(0, ENDS).map((c, i) => row(c, i + 1)), ...valued.slice(-ENDS).map((c, i) => row(c, valued.length - ENDS + i + 1))] : valued.map((c, i) => row(c, i + 1))
  if (shown.length)
    drawTable(
      flow,
      [
        { header: '名次', width: 0.55, align: 'center' },
        { header: '区域', width: 1.6 },
        { header: label, width: 1.1, align: 'right' },
        { header: '同比', width: 1.35, align: 'right' },
        { header: '受理量', width: 0.9, align: 'right' },
        { header: '在办', width: 0.75, align: 'right' },
        { header: '超期', width: 0.75, align: 'right' },
        { header: '催办率', width: 0.9, align: 'right' },
        { header: '满意率', width: 0.9, align: 'right' },
      ],
      shown,
      { width: CONTENT_WIDTH, fontSize: 9, rowHeight: 18, ...(cut ? { separatorAt: { index: ENDS, text: `…… 中间 ${valued.length - ENDS * 2} 个从略 ……` } } : {}) },
    )
  if (missing.length) {
    const names = missing.slice(0, 8).map(nameOf).join('、')
    flow.gap(5)
    drawParagraph(flow, `未参与排名（本期无${label}数据）：${names}${missing.length > 8 ? ` 等 ${missing.length} 个` : ''}。`, { size: 8.5, color: COLOR.muted, gap: 0 })
  }
  flow.gap(16)
}
