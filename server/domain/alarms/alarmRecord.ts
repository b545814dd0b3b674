import type { AlarmKind, AlarmStatus } from '../../../shared/api/alarms'

/** An alarm as stored; times in ms. `episode` makes raising idempotent (one alarm per red spell). */
export interface AlarmRecord {
  id: number
  episode: string
  kind: AlarmKind
  subjectId: string
  regionCode: string
  title: string
  status: AlarmStatus
  raisedAt: number
  ackBy: string | null
  ackAt: number | null
  ackNote: string | null
  clearedAt: number | null
  closedBy: string | null
  closedAt: number | null
  closeNote: string | null
}

export type NewAlarm = Pick<AlarmRecord, 'episode' | 'kind' | 'subjectId' | 'regionCode' | 'title' | 'raisedAt'>

export interface AuditRecord {
  at: number
  actor: string
  action: string
  target: string
  note: string | null
  /** The region the entry concerns, when one applies (scoped administrators read their subtree's). */
  region?: string | null
}

export const SYSTEM_ACTOR = 'system'
/** The system's note when an alarm closes because its cause ended and a seat has seen it. */
export const CAUSE_ENDED_NOTE = '原因已消除，自动关闭'

/**
 * What happens to an open alarm when its cause ends (seen at any time, ended at `endedAt` by the
 * events' own time). An acknowledged one has nothing left to watch; an unacknowledged one waits for
 * a seat, unless it was raised after its cause had already ended (a resolution that arrived late,
 * a backfill of history): that was never a live alarm. Null: it stays open, marked cleared.
 */
export function closeNoteOnClear(a: Pick<AlarmRecord, 'status' | 'raisedAt'>, endedAt: number): string | null {
  if (a.status === 'acknowledged') return CAUSE_ENDED_NOTE
  if (a.status === 'raised' && endedAt < a.raisedAt) return '告警产生前原因已消除（补录的历史数据），自动归档'
  return null
}
