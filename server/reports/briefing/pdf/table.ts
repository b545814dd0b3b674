import { COLOR, fit, PAGE, type Flow } from './doc'
import { FONT } from './fonts'

export interface Column {
  header: string
  /** Share of the table's width. */
  width: number
  align?: 'left' | 'right' | 'center'
}

export type CellStyle = { text: string; color?: string; bold?: boolean }
export type Cell = string | CellStyle

export interface TableOptions {
  width: number
  fontSize?: number
  rowHeight?: number
  /** A full-width note row drawn in place of a row (e.g. "…… 中间 13 个略"). */
  separatorAt?: { index: number; text: string }
}

const PAD = 5

/**
 * A plain ruled table: a shaded header, hairlines between rows, light zebra stripes, one line per
 * cell (cut with … when too long). The header is repeated when the table runs onto a new page.
 */
export function drawTable(flow: Flow, columns: readonly Column[], rows: readonly Cell[][], opts: TableOptions): void {
  const { doc } = flow
  const size = opts.fontSize ?? 9
  const h = opts.rowHeight ?? size + 9
  const total = columns.reduce((s, c) => s + c.width, 0)
  const widths = columns.map((c) => (c.width / total) * opts.width)
  const x0 = PAGE.left

  const line = (y: number, color: string = COLOR.line, w = 0.5) => {
    doc.moveTo(x0, y).lineTo(x0 + opts.width, y).lineWidth(w).strokeColor(color).stroke()
  }
  const cells = (y: number, values: readonly Cell[], header: boolean) => {
    let x = x0
    values.forEach((v, i) => {
      const cell = typeof v === 'string' ? { text: v } : v
      const col = columns[i]!
      doc.font(cell.bold || header ? FONT.bold : FONT.regular).fontSize(header ? size - 0.5 : size)
      doc.fillColor(header ? COLOR.muted : (cell.color ?? COLOR.text))
      const w = widths[i]! - PAD * 2
      doc.text(fit(doc, cell.text, w), x + PAD, y + (h - size * 1.32) / 2 + 0.5, { width: w, align: col.align ?? 'left', lineBreak: false })
      x += widths[i]!
    })
  }
  const header = () => {
    doc.rect(x0, flow.y, opts.width, h).fill(COLOR.fill)
    cells(flow.y, columns.map((c) => c.header), true)
    line(flow.y, COLOR.muted, 0.8)
    line(flow.y + h, COLOR.muted, 0.5)
    flow.y += h
  }

  flow.room(h * Math.min(rows.length + 1, 4))
  header()
  rows.forEach((row, i) => {
    if (flow.y + h > flow.bottom) {
      line(flow.y, COLOR.muted, 0.8)
      flow.room(h * 2)
      header()
    }
    if (opts.separatorAt?.index === i) {
      doc.font(FONT.regular).fontSize(size - 1).fillColor(COLOR.faint)
      doc.text(opts.separatorAt.text, x0, flow.y + (h - size * 1.32) / 2, { width: opts.width, align: 'center', lineBreak: false })
      line(flow.y + h)
      flow.y += h
    }
    if (i % 2 === 1) doc.rect(x0, flow.y, opts.width, h).fill(COLOR.zebra)
    cells(flow.y, row, false)
    line(flow.y + h)
    flow.y += h
  })
  line(flow.y, COLOR.muted, 0.8)
  doc.fillColor(COLOR.text)
}
