import { ALARM_KIND_LABELS, ALARM_STATUS_LABELS } from '../../../../../shared/api/alarms'
import { RISK_KIND_LABELS, RISK_KINDS, RISK_STATUS_LABELS, RISK_STATUSES } from '../../../../../shared/domain/vocabulary'
import { formatCount, formatDateTime } from '../../../format'
import type { BriefingData } from '../../data'
import { COLOR, CONTENT_WIDTH, type Flow } from '../doc'
import { drawHeading, drawParagraph } from '../frame'
import { drawTable, type Cell } from '../table'

/** 六、风险隐患: risk points by status and by kind (now), and the alarms not yet closed. */
export function drawRisks(flow: Flow, d: BriefingData): void {
  const r = d.summary.risks
  drawHeading(flow, '六、风险隐患与告警', '当前状态', 120)
  const count = (n: number, alert = false): Cell => ({ text: formatCount(n), ...(alert && n > 0 ? { color: COLOR.worse, bold: true } : {}) })
  drawTable(
    flow,
    [{ header: '按状态（处）', width: 1.3 }, ...RISK_STATUSES.map((s) => ({ header: RISK_STATUS_LABELS[s], width: 1, align: 'right' as const })), { header: '合计', width: 1, align: 'right' }],
    [[{ text: '风险点', bold: true }, ...RISK_STATUSES.map((s) => count(r.byStatus[s], s === 'alarm' || s === 'warning')), { text: formatCount(r.total), bold: true }]],
    { width: CONTENT_WIDTH, fontSize: 9, rowHeight: 18 },
  )
  flow.gap(8)
  drawTable(
    flow,
    [{ header: '按类型（处）', width: 1.3 }, ...RISK_KINDS.map((k) => ({ header: RISK_KIND_LABELS[k], width: Math.max(1, RISK_KIND_LABELS[k].length / 3.6), align: 'right' as const })), { header: '合计', width: 1, align: 'right' }],
    [[{ text: '风险点', bold: true }, ...RISK_KINDS.map((k) => count(r.byKind[k])), { text: formatCount(r.total), bold: true }]],
    { width: CONTENT_WIDTH, fontSize: 9, rowHeight: 18 },
  )
  flow.gap(10)
  const { open, acknowledged, items } = d.alarms
  if (!items.length) {
    drawParagraph(flow, '当前没有未关闭的告警。', { gap: 14 })
    return
  }
  const listed = open + acknowledged > items.length ? `，最近 ${items.length} 条如下` : '，如下'
  drawParagraph(flow, `当前未关闭告警 ${formatCount(open + acknowledged)} 条（待确认 ${formatCount(open)} 条、已确认 ${formatCount(acknowledged)} 条）${listed}。`, { size: 9.5, gap: 6 })
  drawTable(
    flow,
    [
      { header: '告警时间', width: 1.3 },
      { header: '类型', width: 1.1 },
      { header: '内容', width: 3 },
      { header: '所在区域', width: 1.2 },
      { header: '状态', width: 0.8 },
    ],
    items.map((a) => [
      formatDateTime(Date.parse(a.raisedAt)),
      ALARM_KIND_LABELS[a.kind],
      { text: a.title, bold: true },
      a.regionName,
      a.status === 'raised' ? { text: ALARM_STATUS_LABELS[a.status], color: COLOR.worse, bold: true } : ALARM_STATUS_LABELS[a.status],
    ]),
    { width: CONTENT_WIDTH, fontSize: 8.5, rowHeight: 17 },
  )
  flow.gap(16)
}
