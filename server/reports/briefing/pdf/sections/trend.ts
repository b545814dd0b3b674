import SVGtoPDF from 'svg-to-pdfkit'
import { formatDateTime } from '../../../format'
import { trendSvg } from '../../chart'
import type { BriefingData } from '../../data'
import { COLOR, CONTENT_WIDTH, PAGE, type Flow } from '../doc'
import { FONT } from '../fonts'
import { drawHeading, drawParagraph } from '../frame'

const HEIGHT = 190

/** 二、受理与办结趋势: the chart (server-side ECharts SVG drawn as vectors) and what it shows. */
export function drawTrend(flow: Flow, d: BriefingData): void {
  const unit = d.trend.unit === 'day' ? '按日' : '按月'
  drawHeading(flow, '二、受理与办结趋势', `${unit}，按发生时间；虚线为去年同期`, HEIGHT)
  flow.room(HEIGHT)
  const svg = trendSvg(d.trend, CONTENT_WIDTH, HEIGHT)
  SVGtoPDF(flow.doc, svg, PAGE.left, flow.y, {
    width: CONTENT_WIDTH,
    height: HEIGHT,
    assumePt: true,
    fontCallback: (_family: string, bold: boolean) => (bold ? FONT.bold : FONT.regular),
  })
  flow.y += HEIGHT + 6
  const notes: string[] = []
  if (d.trend.range.start < d.period.range.start) notes.push('统计期不足一周，图中显示截至期末的7天')
  if (d.trend.slots.some((s) => s.partial)) notes.push(`最后一${d.trend.unit === 'day' ? '日' : '月'}尚未结束（数据截至 ${formatDateTime(d.generatedAt)}，浅色柱）`)
  if (notes.length) drawParagraph(flow, `${notes.join('；')}。`, { size: 8, color: COLOR.faint, gap: 10 })
  else flow.gap(8)
}
