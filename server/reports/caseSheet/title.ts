import type { CaseFilter } from '../../../shared/api/cases'
import { CASE_STAGE_LABELS, SUPERVISION_COLOR_LABELS } from '../../../shared/domain/vocabulary'
import { formatDateTime, formatPeriod } from '../format'

/** The filter in words, for the sheet's title row and the audit trail's reader. */
export function describeCaseFilter(f: CaseFilter): string {
  const parts: string[] = []
  if (f.stage) parts.push(`环节为${CASE_STAGE_LABELS[f.stage]}`)
  if (f.color) parts.push(SUPERVISION_COLOR_LABELS[f.color])
  if (f.overdue === true) parts.push('超期')
  if (f.overdue === false) parts.push('未超期')
  if (f.q) parts.push(`含“${f.q}”`)
  return parts.length ? parts.join('、') : '全部案件'
}

export interface SheetTitle {
  /** The first row: what this is. */
  heading: string
  /** The second row: region, period, filter, order and when it was made. */
  facts: string
}

export function caseSheetTitle(f: CaseFilter, regionName: string, exportedAt: number, actor: string): SheetTitle {
  const from = f.from === undefined ? undefined : Date.parse(f.from)
  const to = f.to === undefined ? undefined : Date.parse(f.to)
  const order = f.sort === 'urgent' ? '最紧急在前' : '最新上报在前'
  return {
    heading: `${regionName}案件清单`,
    facts:
      `区域：${regionName}（${f.region}，含下辖）　上报时间：${formatPeriod(from, to)}　筛选：${describeCaseFilter(f)}　排序：${order}　` +
      `导出时间：${formatDateTime(exportedAt)}（${actor}）　上报人姓名、电话已脱敏`,
  }
}
