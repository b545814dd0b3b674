import { formatDateTime } from '../../format'
import { COLOR, CONTENT_WIDTH, PAGE, type Doc, type Flow } from './doc'
import { FONT } from './fonts'

export interface FrameText {
  regionName: string
  /** 浙江省 › 杭州市 › 富阳区 */
  lineage: string
  /** 2026年6月1日至15日（本月） */
  period: string
  generatedAt: number
}

/** Page 1's head, the way an official 简报 opens: the title in red over a double red rule. */
export function drawTitle(flow: Flow, t: FrameText): void {
  const { doc } = flow
  doc.font(FONT.bold).fontSize(30).fillColor(COLOR.red)
  doc.text('研判简报', PAGE.left, flow.y, { width: CONTENT_WIDTH, align: 'center', characterSpacing: 6 })
  flow.y = doc.y + 2
  doc.font(FONT.bold).fontSize(13).fillColor(COLOR.text)
  doc.text(`${t.regionName}　${t.period}`, PAGE.left, flow.y, { width: CONTENT_WIDTH, align: 'center' })
  flow.y = doc.y + 10
  doc.moveTo(PAGE.left, flow.y).lineTo(PAGE.left + CONTENT_WIDTH, flow.y).lineWidth(1.8).strokeColor(COLOR.red).stroke()
  doc.moveTo(PAGE.left, flow.y + 3).lineTo(PAGE.left + CONTENT_WIDTH, flow.y + 3).lineWidth(0.5).strokeColor(COLOR.red).stroke()
  flow.y += 9
  doc.font(FONT.regular).fontSize(8.5).fillColor(COLOR.muted)
  doc.text(t.lineage, PAGE.left, flow.y, { width: CONTENT_WIDTH / 2, lineBreak: false })
  doc.text(`生成时间　${formatDateTime(t.generatedAt)}`, PAGE.left + CONTENT_WIDTH / 2, flow.y, { width: CONTENT_WIDTH / 2, align: 'right', lineBreak: false })
  flow.y += 22
  doc.fillColor(COLOR.text)
}

/** Pages after the first: what this is, small, above a hairline. */
export function drawRunningHeader(doc: Doc, t: FrameText): void {
  const y = PAGE.top - 22
  doc.font(FONT.regular).fontSize(8).fillColor(COLOR.faint)
  doc.text(`研判简报 · ${t.regionName} · ${t.period}`, PAGE.left, y, { width: CONTENT_WIDTH, lineBreak: false })
  doc.moveTo(PAGE.left, y + 13).lineTo(PAGE.left + CONTENT_WIDTH, y + 13).lineWidth(0.4).strokeColor(COLOR.line).stroke()
  doc.fillColor(COLOR.text)
}

/** Every page's foot, once the page count is known: the page number in the middle. */
export function drawFooters(doc: Doc): void {
  const range = doc.bufferedPageRange()
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i)
    // Writing below the bottom margin would start a new page: lift the margin while the foot is drawn.
    const bottom = doc.page.margins.bottom
    doc.page.margins.bottom = 0
    const y = PAGE.height - PAGE.bottom + 26
    doc.moveTo(PAGE.left, y - 8).lineTo(PAGE.left + CONTENT_WIDTH, y - 8).lineWidth(0.4).strokeColor(COLOR.line).stroke()
    doc.font(FONT.regular).fontSize(8).fillColor(COLOR.faint)
    doc.text('一屏 · 基层治理指挥中心', PAGE.left, y, { width: CONTENT_WIDTH / 3, lineBreak: false })
    doc.fillColor(COLOR.muted).text(`第 ${i - range.start + 1} 页 / 共 ${range.count} 页`, PAGE.left + CONTENT_WIDTH / 3, y, { width: CONTENT_WIDTH / 3, align: 'center', lineBreak: false })
    doc.fillColor(COLOR.faint).text('内部资料　注意保存', PAGE.left + (CONTENT_WIDTH * 2) / 3, y, { width: CONTENT_WIDTH / 3, align: 'right', lineBreak: false })
    doc.page.margins.bottom = bottom
  }
}

/** 一、核心指标: a short red bar, the heading, and an optional note in grey on the same line. */
export function drawHeading(flow: Flow, title: string, note?: string, keepWith = 80): void {
  const { doc } = flow
  flow.room(22 + keepWith)
  doc.rect(PAGE.left, flow.y + 2, 3, 13).fill(COLOR.red)
  doc.font(FONT.bold).fontSize(12.5).fillColor(COLOR.text)
  doc.text(title, PAGE.left + 9, flow.y, { lineBreak: false })
  if (note) {
    const x = PAGE.left + 9 + doc.widthOfString(title) + 10
    doc.font(FONT.regular).fontSize(8.5).fillColor(COLOR.faint)
    doc.text(note, x, flow.y + 4, { width: PAGE.left + CONTENT_WIDTH - x, lineBreak: false })
  }
  flow.y += 24
  doc.fillColor(COLOR.text)
}

/** A paragraph of body text that flows (and breaks pages) like prose. */
export function drawParagraph(flow: Flow, text: string, opts: { size?: number; color?: string; indent?: number; gap?: number } = {}): void {
  const { doc } = flow
  const size = opts.size ?? 10
  doc.font(FONT.regular).fontSize(size).fillColor(opts.color ?? COLOR.text)
  const width = CONTENT_WIDTH - (opts.indent ?? 0)
  flow.room(doc.heightOfString(text, { width, lineGap: 3 }))
  doc.text(text, PAGE.left + (opts.indent ?? 0), flow.y, { width, lineGap: 3 })
  flow.y = doc.y + (opts.gap ?? 4)
  doc.fillColor(COLOR.text)
}
