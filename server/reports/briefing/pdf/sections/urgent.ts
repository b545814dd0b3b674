import { formatCount, formatDateTime, formatSpan } from '../../../format'
import type { BriefingData } from '../../data'
import { COLOR, CONTENT_WIDTH, type Flow } from '../doc'
import { drawHeading, drawParagraph } from '../frame'
import { drawTable } from '../table'

/** 五、红色督办与超期案件: how many, and the most urgent ones (reporters masked). */
export function drawUrgent(flow: Flow, d: BriefingData): void {
  const { red, overdue, redInPeriod, overdueInPeriod, cases, complete } = d.urgent
  drawHeading(flow, '五、红色督办与超期案件', '当前未办结，不限上报时间；上报人已脱敏', 110)
  const inPeriod = `其中本期受理的红色督办 ${formatCount(redInPeriod)} 件、超期 ${formatCount(overdueInPeriod)} 件`
  if (!cases.length) {
    drawParagraph(flow, `${d.region.name}当前没有红色督办或超期案件。`, { gap: 14 })
    return
  }
  const shown = complete ? '列表如下' : `以下为最紧急的 ${cases.length} 件`
  drawParagraph(flow, `${d.region.name}当前红色督办 ${formatCount(red)} 件、超期 ${formatCount(overdue)} 件（${inPeriod}）；${shown}，按办理时限先后。`, { size: 9.5, gap: 6 })
  const now = d.generatedAt
  drawTable(
    flow,
    [
      { header: '案件编号', width: 1.25 },
      { header: '标题', width: 2.0 },
      { header: '所在区域', width: 1.0 },
      { header: '类别', width: 0.95 },
      { header: '上报时间', width: 1.05 },
      { header: '时限', width: 1.55 },
      { header: '催办', width: 0.6, align: 'right' },
      { header: '上报人', width: 0.7 },
    ],
    cases.map((c) => {
      const left = Date.parse(c.dueAt) - now
      return [
        c.id,
        { text: c.title, bold: true },
        c.regionName,
        c.category,
        formatDateTime(Date.parse(c.reportedAt)).slice(5),
        left <= 0 ? { text: `超期${formatSpan(left)}`, color: COLOR.worse, bold: true } : { text: `剩${formatSpan(left)}`, color: COLOR.red },
        c.urgeCount ? `${c.urgeCount}次` : '—',
        c.reporter?.name ?? '—',
      ]
    }),
    { width: CONTENT_WIDTH, fontSize: 8.5, rowHeight: 17 },
  )
  flow.gap(16)
}
