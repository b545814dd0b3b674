import type { CaseDetail } from '../../../shared/api/cases'
import {
  CASE_STAGE_LABELS,
  RESOLUTION_TIER_LABELS,
  SATISFACTION_LABELS,
  SUPERVISION_COLOR_LABELS,
  type CaseStage,
  type ResolutionTier,
  type Satisfaction,
  type SupervisionColor,
} from '../../../shared/domain/vocabulary'

export type TimelineTone = 'new' | 'move' | 'urge' | 'alert' | 'done'

export interface TimelineLine {
  seq: number
  at: number
  label: string
  tone: TimelineTone
  /** The desk account that acted (催办, 督办 …); null for an integrator's or the server's event. */
  actor: string | null
  /** The words given with a desk action (催办意见, 退回理由 …). */
  note: string | null
}

/**
 * A case's event log in the duty room's words, oldest first. A stage after a resolution is a
 * 重办 (reopening, README "Rules the server applies"), so it is named as one.
 */
export function timelineLines(entries: CaseDetail['timeline'], regionName: (code: string) => string = (c) => c): TimelineLine[] {
  let resolved = false
  return entries.map((e) => {
    const d = e.detail ?? ''
    const line = (label: string, tone: TimelineTone): TimelineLine => ({
      seq: e.seq,
      at: Date.parse(e.at),
      label,
      tone,
      actor: e.actor ?? null,
      note: e.note ?? null,
    })
    switch (e.type) {
      case 'case.reported':
        return line('受理登记', 'new')
      case 'case.stage': {
        const stage = CASE_STAGE_LABELS[d as CaseStage] ?? d
        if (resolved) {
          resolved = false
          return line(`重办 · 退回${stage}`, 'urge')
        }
        return line(`进入${stage}`, 'move')
      }
      case 'case.urged':
        return line('催办', 'urge')
      case 'case.supervised':
        return line(`督办 · ${SUPERVISION_COLOR_LABELS[d as SupervisionColor] ?? d}`, d === 'red' ? 'alert' : d === 'yellow' ? 'urge' : 'done')
      case 'case.resolved':
        resolved = true
        return line(`办结 · ${RESOLUTION_TIER_LABELS[d as ResolutionTier] ?? d}`, 'done')
      case 'case.escalated':
        return line(d ? `提级 · 由${regionName(d)}办理` : '提级', 'alert')
      case 'case.transferred':
        return line(d ? `转派 · ${d}` : '转派', 'move')
      case 'case.returned':
        return line('退回 · 重新交办', 'urge')
      case 'case.followedUp':
        return line(`回访 · ${SATISFACTION_LABELS[d as Satisfaction] ?? d}`, d === 'unsatisfied' ? 'urge' : 'done')
      default:
        return line(e.type, 'move')
    }
  })
}
