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
}

export const SYSTEM_ACTOR = 'system'
