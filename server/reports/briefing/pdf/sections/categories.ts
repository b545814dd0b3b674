import { formatCount } from '../../../format'
import type { BriefingData } from '../../data'
import { COLOR, CONTENT_WIDTH, type Flow } from '../doc'
import { drawHeading, drawParagraph } from '../frame'
import { drawTable } from '../table'

/** 四、热点类别: the categories that rose most against the 环比 period. */
export function drawCategories(flow: Flow, d: BriefingData): void {
  drawHeading(flow, '四、上升较快的案件类别', '与环比期相比增加最多的类别', 90)
  if (!d.categories.length) {
    drawParagraph(flow, '与环比期相比，没有案件数上升的类别。', { gap: 14 })
    return
  }
  drawTable(
    flow,
    [
      { header: '类别', width: 2 },
      { header: '本期', width: 1, align: 'right' },
      { header: '上期', width: 1, align: 'right' },
      { header: '增加', width: 1, align: 'right' },
      { header: '增幅', width: 1, align: 'right' },
    ],
    d.categories.map((k) => [
      { text: k.category, bold: true },
      formatCount(k.count),
      formatCount(k.previous),
      { text: `+${formatCount(k.increase)}`, color: COLOR.worse, bold: true },
      { text: k.previous ? `▲ ${((k.increase / k.previous) * 100).toFixed(k.increase >= k.previous ? 0 : 1)}%` : '新出现', color: COLOR.worse },
    ]),
    { width: CONTENT_WIDTH, fontSize: 9, rowHeight: 18 },
  )
  flow.gap(16)
}
