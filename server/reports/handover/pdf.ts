import { ALARM_KIND_LABELS, ALARM_STATUS_LABELS, type AlarmKind, type AlarmStatus } from '../../../shared/api/alarms'
import { HANDOVER_COUNT_LABELS, HANDOVER_COUNTS, type Handover, type HandoverAlarm } from '../../../shared/api/duty'
import { INSTRUCTION_STATUS_LABELS, type InstructionStatus } from '../../../shared/api/instructions'
import { COLOR, CONTENT_WIDTH, createDoc, fit, PAGE, type Doc } from '../briefing/pdf/doc'
import { FONT } from '../briefing/pdf/fonts'

/** `2026-06-15T09:00:00.000+08:00` → `06-15 09:00`, as a duty sheet writes times. */
const short = (iso: string) => `${iso.slice(5, 10)} ${iso.slice(11, 16)}`
const ROW = 13
/** Rows per list: with the header, figures, note and signatures, five full lists still fit one A4 page. */
const MAX_ROWS = 4

interface Column<T> {
  title: string
  width: number
  cell: (x: T) => string
}

/**
 * The handover record (交接班记录) as one A4 page, to print and sign: the shift, who handed over and
 * who was on duty, the six figures, then the lists (each cut to its first rows with "另有 n 条"), the
 * note, and lines for the two signatures. Never more than one page, whatever the shift held.
 */
export async function renderHandoverPdf(h: Handover): Promise<Buffer> {
  const doc = createDoc({ title: `${h.regionName} 值班交接班记录`, subject: `${h.shift.day} ${h.shift.label}` })
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve)
    doc.on('error', reject)
  })
  let y: number = PAGE.top
  const line = (text: string, x: number, at: number, width: number, size = 9, font: string = FONT.regular, color: string = COLOR.text) => {
    doc.font(font).fontSize(size).fillColor(color)
    doc.text(fit(doc, text, width), x, at, { width, lineBreak: false })
  }

  line(`${h.regionName} 值班交接班记录`, PAGE.left, y, CONTENT_WIDTH, 17, FONT.bold)
  y += 28
  line(`班次：${h.shift.day} ${h.shift.label}　　时段：${short(h.from)} 至 ${short(h.to)}`, PAGE.left, y, CONTENT_WIDTH, 10)
  y += 16
  const officers = h.officers.length > 0 ? h.officers.join('、') : '未排班'
  line(`值班员：${officers}　　带班领导：${h.leader ?? '未排班'}　　交班人：${h.handedOverBy}　　交班时间：${short(h.handedOverAt)}`, PAGE.left, y, CONTENT_WIDTH, 10)
  y += 22

  // The figures, six boxes in a row.
  const boxW = CONTENT_WIDTH / HANDOVER_COUNTS.length
  HANDOVER_COUNTS.forEach((k, i) => {
    const x = PAGE.left + i * boxW
    doc.rect(x + 2, y, boxW - 4, 44).fillColor(COLOR.fill).fill()
    line(String(h.counts[k]), x + 8, y + 5, boxW - 16, 16, FONT.bold, k === 'alarmsOpen' || k === 'casesTurnedRed' ? COLOR.red : COLOR.text)
    line(HANDOVER_COUNT_LABELS[k], x + 8, y + 28, boxW - 16, 8, FONT.regular, COLOR.muted)
  })
  y += 56

  const alarmColumns: Array<Column<HandoverAlarm>> = [
    { title: '产生时间', width: 62, cell: (a) => short(a.raisedAt) },
    { title: '类别', width: 74, cell: (a) => ALARM_KIND_LABELS[a.kind as AlarmKind] ?? a.kind },
    { title: '事项', width: 190, cell: (a) => a.title },
    { title: '区域', width: 70, cell: (a) => a.regionName },
    { title: '状态', width: 91, cell: (a) => `${ALARM_STATUS_LABELS[a.status as AlarmStatus] ?? a.status}${a.acknowledgedBy ? `（${a.acknowledgedBy}）` : ''}` },
  ]
  y = table(doc, y, '仍未关闭的告警', h.alarmsOpen, alarmColumns)
  y = table(doc, y, '本班转红案件', h.casesTurnedRed, alarmColumns)
  y = table(doc, y, '本班新增告警', h.alarmsRaised, alarmColumns)
  y = table<Handover['instructionsOpen'][number]>(doc, y, '未办结指令', h.instructionsOpen, [
    { title: '时限', width: 62, cell: (s) => (s.dueAt ? short(s.dueAt) : '—') },
    { title: '承办账号', width: 74, cell: (s) => s.assignee },
    { title: '指令内容', width: 260, cell: (s) => s.text },
    { title: '状态', width: 91, cell: (s) => `${INSTRUCTION_STATUS_LABELS[s.status as InstructionStatus] ?? s.status}${s.overdue ? '·超时' : ''}` },
  ])
  y = table<Handover['notableEntries'][number]>(doc, y, '重要值班记录', h.notableEntries, [
    { title: '时间', width: 62, cell: (e) => short(e.at) },
    { title: '记录人', width: 74, cell: (e) => e.actor },
    { title: '内容', width: 351, cell: (e) => e.text },
  ])

  line('交班说明', PAGE.left, y, CONTENT_WIDTH, 11, FONT.bold)
  y += 16
  doc.font(FONT.regular).fontSize(9).fillColor(COLOR.text)
  doc.text(h.note.trim() || '（无）', PAGE.left, y, { width: CONTENT_WIDTH, height: 36, ellipsis: true })
  y += 44
  line('交班人签字：______________　　接班人签字：______________　　带班领导签字：______________', PAGE.left, y, CONTENT_WIDTH, 10)
  // The footer sits in the bottom margin: without the margin PDFKit would not start a page for it.
  doc.page.margins.bottom = 0
  line(`一屏 · 交接班记录 #${h.id} · 由系统根据本班告警、案件、指令和值班日志生成`, PAGE.left, PAGE.height - PAGE.bottom + 20, CONTENT_WIDTH, 7, FONT.regular, COLOR.faint)

  doc.end()
  await ended
  return Buffer.concat(chunks)
}

function table<T>(doc: Doc, top: number, title: string, rows: readonly T[], columns: Column<T>[]): number {
  let y = top
  doc.font(FONT.bold).fontSize(11).fillColor(COLOR.text)
  doc.text(`${title}（${rows.length}）`, PAGE.left, y, { width: CONTENT_WIDTH, lineBreak: false })
  y += 15
  if (rows.length === 0) {
    doc.font(FONT.regular).fontSize(9).fillColor(COLOR.faint).text('无', PAGE.left + 4, y, { lineBreak: false })
    return y + ROW + 6
  }
  const cells = (values: string[], font: string, color: string) => {
    let x = PAGE.left + 4
    doc.font(font).fontSize(8.5).fillColor(color)
    columns.forEach((c, i) => {
      doc.text(fit(doc, values[i]!, c.width - 6), x, y + 2, { width: c.width - 6, lineBreak: false })
      x += c.width
    })
    y += ROW
  }
  doc.rect(PAGE.left, y, CONTENT_WIDTH, ROW).fillColor(COLOR.fill).fill()
  cells(columns.map((c) => c.title), FONT.bold, COLOR.muted)
  rows.slice(0, MAX_ROWS).forEach((r) => cells(columns.map((c) => c.cell(r)), FONT.regular, COLOR.text))
  if (rows.length > MAX_ROWS) {
    doc.font(FONT.regular).fontSize(8).fillColor(COLOR.muted).text(`另有 ${rows.length - MAX_ROWS} 条，见系统交接班记录`, PAGE.left + 4, y + 1, { lineBreak: false })
    y += 11
  }
  doc.moveTo(PAGE.left, y + 2).lineTo(PAGE.left + CONTENT_WIDTH, y + 2).lineWidth(0.5).strokeColor(COLOR.line).stroke()
  return y + 8
}
