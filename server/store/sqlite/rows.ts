import type { CaseState } from '../../domain/cases/caseState'
import { YELLOW_SHARE } from '../../domain/cases/deadline'
import type { RiskState } from '../../domain/risks/riskState'

/** Row shapes and their mapping; the JSON column is the state, the others exist for queries. */
export interface CaseRow {
  state: string
}

export function caseParams(c: CaseState, path: string) {
  return {
    id: c.id,
    region_code: c.regionCode,
    region_path: path,
    stage: c.stage,
    reported_at: c.reportedAt,
    due_at: c.dueAt,
    yellow_at: Math.round(c.dueAt - (c.dueAt - c.clockFrom) * YELLOW_SHARE),
    resolved_at: c.resolvedAt,
    followed_up_at: c.followedUpAt,
    supervised_color: c.supervisedColor,
    updated_at: c.updatedAt,
    state: JSON.stringify(c),
  }
}

export function riskParams(r: RiskState, path: string) {
  return { id: r.id, region_code: r.regionCode, region_path: path, status: r.status, state: JSON.stringify(r) }
}

export const parseState = <T>(row: { state: string }): T => JSON.parse(row.state) as T
