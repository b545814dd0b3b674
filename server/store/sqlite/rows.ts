import type { CaseState } from '../../domain/cases/caseState'
import { caseMarks } from '../../domain/cases/marks'
import type { RiskState } from '../../domain/risks/riskState'

/** Row shapes and their mapping; the JSON column is the state, the others exist for queries. */
export interface CaseRow {
  state: string
}

/** The queried columns of a case: its own fields and the domain's marks (domain/cases/marks.ts). */
export function caseParams(c: CaseState, path: string) {
  const m = caseMarks(c)
  return {
    id: c.id,
    region_code: c.regionCode,
    region_path: path,
    stage: c.stage,
    title: c.title,
    category: c.category,
    reported_at: c.reportedAt,
    due_at: c.dueAt,
    resolved_at: c.resolvedAt,
    followed_up_at: c.followedUpAt,
    supervised_color: c.supervisedColor,
    updated_at: c.updatedAt,
    overdue_from: m.overdueFrom,
    green_from: m.greenFrom,
    yellow_from: m.yellowFrom,
    red_from: m.redFrom,
    state: JSON.stringify(c),
  }
}

export function riskParams(r: RiskState, path: string) {
  return { id: r.id, region_code: r.regionCode, region_path: path, status: r.status, state: JSON.stringify(r) }
}

export const parseState = <T>(row: { state: string }): T => JSON.parse(row.state) as T
