import type { ChildFigures } from '../../../../../shared/summary/detail'
import { REGION_LEVEL_LABELS, type RegionLevel } from '../../../../../shared/domain/vocabulary'
import { formatCount, formatRate } from '../../../format'
import type { BriefingData } from '../../data'
import { changeOf, FIGURE_LABELS, type Figure } from '../../figures'
import { COLOR, CONTENT_WIDTH, type Flow } from '../doc'
import { drawHeading, drawParagraph } from '../frame'
import { drawTable, type Cell } from '../table'

/** Shown whole up to this many children; beyond it the first and last five (红黑榜). */
const WHOLE = 12
const ENDS = 5

/** 三、下级区域排名: children ranked by the briefing's figure, with its 同比, and their other headline figures. */
export function drawRanking(flow: Flow, d: BriefingData): void {
  const children = d.ranking.children
  const label = FIGURE_LABELS[d.ranking.rankBy] ?? d.ranking.rankBy
  const level = children[0] ? REGION_LEVEL_LABELS[children[0].level as RegionLevel] : ''
  const order = d.ranking.order === 'desc' ? '从高到低' : '从低到高'
  drawHeading(flow, '三、下级区域排名', children.length ? `${level}按${label}${order}，共 ${children.length} 个` : undefined, 120)
  if (!children.length) {
    drawParagraph(flow, `${d.region.name}没有下级区域。`, { gap: 12 })
    return
  }
  const f: Figure = { label, path: d.ranking.rankBy, unit: /Rate$/.test(d.ranking.rankBy) ? 'rate' : 'count', better: d.ranking.rankBy === 'cases.urgeRate' || d.ranking.rankBy === 'cases.overdue' ? 'down' : 'up' }
  const fmt = (v: number | null) => (f.unit === 'rate' ? formatRate(v) : formatCount(v))
  const row = (ch: ChildFigures, rank: number): Cell[] => {
    const c = changeOf(f, ch.value, ch.compare.lastYear ?? null)
    return [
      String(rank),
      { text: ch.name, bold: true },
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
    const names = missing.slice(0, 8).map((c) => c.name).join('、')
    flow.gap(5)
    drawParagraph(flow, `未参与排名（本期无${label}数据）：${names}${missing.length > 8 ? ` 等 ${missing.length} 个` : ''}。`, { size: 8.5, color: COLOR.muted, gap: 0 })
  }
  flow.gap(16)
}
