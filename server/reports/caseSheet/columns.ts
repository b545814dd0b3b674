import type { CaseView } from '../../../shared/api/cases'
import {
  BACKLOG_LEVEL_LABELS,
  CASE_SIZE_LABELS,
  CASE_SOURCE_LABELS,
  CASE_STAGE_LABELS,
  RESOLUTION_TIER_LABELS,
  SATISFACTION_LABELS,
  SUPERVISION_COLOR_LABELS,
} from '../../../shared/domain/vocabulary'
import { SHANGHAI_OFFSET_MS } from '../../../shared/time/shanghai'

/** A spreadsheet cell: text, a number, or a date (shown in Shanghai time). */
export type Cell = string | number | Date | null

export interface CaseColumn {
  header: string
  /** Excel character widths. */
  width: number
  value: (c: CaseView, where: string) => Cell
  numFmt?: string
}

const DATE_FMT = 'yyyy-mm-dd hh:mm'

/**
 * Excel dates carry no zone: the cell holds the wall-clock time in Shanghai, so a reader anywhere
 * sees the time the case happened as it was written in the log.
 */
const when = (iso: string | null): Date | null => (iso === null ? null : new Date(Date.parse(iso) + SHANGHAI_OFFSET_MS))

const state = (c: CaseView) => (c.followedUpAt ? '已回访' : c.resolvedAt ? '待回访' : '在办')

/** The columns of the case list, in order. The reporter arrives masked (caseView) and stays so. */
export const CASE_COLUMNS: readonly CaseColumn[] = [
  { header: '案件编号', width: 18, value: (c) => c.id },
  { header: '所在区域', width: 24, value: (_c, where) => where },
  { header: '来源', width: 11, value: (c) => CASE_SOURCE_LABELS[c.source] },
  { header: '类别', width: 12, value: (c) => c.category },
  { header: '大小事', width: 7, value: (c) => CASE_SIZE_LABELS[c.size] },
  { header: '标题', width: 40, value: (c) => c.title },
  { header: '积案级别', width: 10, value: (c) => (c.backlogLevel ? BACKLOG_LEVEL_LABELS[c.backlogLevel] : null) },
  { header: '上报人', width: 10, value: (c) => c.reporter?.name ?? null },
  { header: '联系电话', width: 14, value: (c) => c.reporter?.phone ?? null },
  { header: '上报时间', width: 17, value: (c) => when(c.reportedAt), numFmt: DATE_FMT },
  { header: '办理时限', width: 17, value: (c) => when(c.dueAt), numFmt: DATE_FMT },
  { header: '办理状态', width: 10, value: state },
  { header: '当前环节', width: 10, value: (c) => (c.followedUpAt ? null : CASE_STAGE_LABELS[c.stage]) },
  { header: '三色督办', width: 10, value: (c) => (c.color ? SUPERVISION_COLOR_LABELS[c.color] : null) },
  { header: '是否超期', width: 10, value: (c) => (c.overdue ? '超期' : '否') },
  { header: '催办次数', width: 10, value: (c) => c.urgeCount },
  { header: '办结时间', width: 17, value: (c) => when(c.resolvedAt), numFmt: DATE_FMT },
  { header: '办结层级', width: 18, value: (c) => (c.tier ? RESOLUTION_TIER_LABELS[c.tier] : null) },
  { header: '回访时间', width: 17, value: (c) => when(c.followedUpAt), numFmt: DATE_FMT },
  { header: '满意度', width: 10, value: (c) => (c.satisfaction ? SATISFACTION_LABELS[c.satisfaction] : null) },
  { header: '重办次数', width: 10, value: (c) => c.reopenCount },
]
