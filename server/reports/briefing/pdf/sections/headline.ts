import { formatPeriod } from '../../../format'
import type { BriefingData } from '../../data'
import { changeOf, FLOW_FIGURES, formatFigure, STOCK_FIGURES, valueOf, type Tone } from '../../figures'
import { COLOR, CONTENT_WIDTH, PAGE, type Flow } from '../doc'
import { FONT } from '../fonts'
import { drawHeading, drawParagraph } from '../frame'
import { drawTable, type Cell } from '../table'

const TONE_COLOR: Record<Tone, string> = { better: COLOR.better, worse: COLOR.worse, neutral: COLOR.muted }
const periodText = (p: { from: string; to: string }) => formatPeriod(Date.parse(p.from), Date.parse(p.to))

/** 研判要点: the abstract's sentences in a shaded box with a red edge. */
export function drawAbstract(flow: Flow, sentences: readonly string[]): void {
  const { doc } = flow
  const pad = 10
  const width = CONTENT_WIDTH - pad * 2 - 14
  doc.font(FONT.regular).fontSize(10)
  const heights = sentences.map((s) => doc.heightOfString(s, { width, lineGap: 3 }))
  const h = 22 + heights.reduce((a, b) => a + b + 4, 0) + pad
  flow.room(h)
  doc.rect(PAGE.left, flow.y, CONTENT_WIDTH, h).fill(COLOR.zebra)
  doc.rect(PAGE.left, flow.y, 2.5, h).fill(COLOR.red)
  doc.font(FONT.bold).fontSize(10.5).fillColor(COLOR.red).text('研判要点', PAGE.left + pad + 2, flow.y + pad - 2, { lineBreak: false })
  let y = flow.y + 22 + 2
  sentences.forEach((s, i) => {
    doc.font(FONT.bold).fontSize(10).fillColor(COLOR.text).text(`${i + 1}.`, PAGE.left + pad + 2, y, { lineBreak: false })
    doc.font(FONT.regular).fontSize(10).text(s, PAGE.left + pad + 16, y, { width, lineGap: 3 })
    y += heights[i]! + 4
  })
  flow.y += h + 16
}

/** 一、核心指标: flows with 同比 and 环比, then the stocks now as tiles. */
export function drawHeadline(flow: Flow, d: BriefingData): void {
  const s = d.summary
  const ly = s.compare?.lastYear
  const prev = s.compare?.previousToDate
  drawHeading(flow, '一、核心指标', '本期受理的案件；同比为去年同期，环比为上一周期同一时段', 230)
  const tone = (c: { text: string; tone: Tone }): Cell => ({ text: c.text, color: TONE_COLOR[c.tone], bold: c.tone !== 'neutral' })
  const rows: Cell[][] = FLOW_FIGURES.map((f) => {
    const now = valueOf(s, f)
    const a = ly ? valueOf(ly.summary, f) : null
    const b = prev ? valueOf(prev.summary, f) : null
    return [{ text: f.label, bold: true }, { text: formatFigure(f, now), bold: true }, formatFigure(f, a), tone(changeOf(f, now, a)), formatFigure(f, b), tone(changeOf(f, now, b))]
  })
  drawTable(
    flow,
    [
      { header: '指标', width: 1.25 },
      { header: '本期', width: 1, align: 'right' },
      { header: '去年同期', width: 1, align: 'right' },
      { header: '同比', width: 1.35, align: 'right' },
      { header: '上期', width: 1, align: 'right' },
      { header: '环比', width: 1.35, align: 'right' },
    ],
    rows,
    { width: CONTENT_WIDTH, fontSize: 9.5, rowHeight: 19 },
  )
  flow.gap(5)
  const periods = [ly ? `同比期 ${periodText(ly.period)}` : '', prev ? `环比期 ${periodText(prev.period)}` : ''].filter(Boolean).join('；')
  drawParagraph(flow, `${periods}。▲▼ 为升降；绿色为向好，红色为需关注；比率的变化以百分点计，“—”为无可比数据。`, { size: 8, color: COLOR.faint, gap: 12 })
  drawStockTiles(flow, d)
}

/** 当前态势: the stocks as five tiles; a non-zero figure where less is better is red. */
function drawStockTiles(flow: Flow, d: BriefingData): void {
  const { doc } = flow
  const h = 48
  const gap = 8
  const w = (CONTENT_WIDTH - gap * (STOCK_FIGURES.length - 1)) / STOCK_FIGURES.length
  flow.room(h + 18)
  doc.font(FONT.bold).fontSize(10).fillColor(COLOR.text).text('当前态势', PAGE.left, flow.y, { lineBreak: false })
  doc.font(FONT.regular).fontSize(8.5).fillColor(COLOR.faint).text('本期受理案件生成时的办理状态；风险点与告警不限于本期', PAGE.left + 52, flow.y + 2, { lineBreak: false })
  flow.y += 16
  STOCK_FIGURES.forEach((f, i) => {
    const x = PAGE.left + i * (w + gap)
    const v = valueOf(d.summary, f)
    const alert = f.better === 'down' && (v ?? 0) > 0
    doc.rect(x, flow.y, w, h).lineWidth(0.6).strokeColor(COLOR.line).stroke()
    doc.font(FONT.regular).fontSize(8.5).fillColor(COLOR.muted).text(f.label, x + 8, flow.y + 7, { width: w - 16, lineBreak: false })
    const text = formatFigure(f, v)
    doc.font(FONT.bold).fontSize(17).fillColor(alert ? COLOR.worse : COLOR.text).text(text, x + 8, flow.y + 20, { lineBreak: false })
    const after = x + 8 + doc.widthOfString(text) + 3
    doc.font(FONT.regular).fontSize(8.5).fillColor(COLOR.muted).text(f.measure ?? '', after, flow.y + 28.5, { lineBreak: false })
  })
  flow.y += h + 18
  doc.fillColor(COLOR.text)
}
