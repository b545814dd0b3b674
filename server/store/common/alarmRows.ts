import type { AlarmRecord } from '../../domain/alarms/alarmRecord'

/** A row of `alarms`: the same columns in both stores. */
export interface AlarmRow {
  id: number
  episode: string
  kind: AlarmRecord['kind']
  subject_id: string
  region_code: string
  region_path: string
  title: string
  status: AlarmRecord['status']
  raised_at: number
  ack_by: string | null
  ack_at: number | null
  ack_note: string | null
  cleared_at: number | null
  closed_by: string | null
  closed_at: number | null
  close_note: string | null
}

/** A row of `alarms` as the duty desk's record. */
export const alarmOf = (r: AlarmRow): AlarmRecord => ({
  id: r.id,
  episode: r.episode,
  kind: r.kind,
  subjectId: r.subject_id,
  regionCode: r.region_code,
  title: r.title,
  status: r.status,
  raisedAt: r.raised_at,
  ackBy: r.ack_by,
  ackAt: r.ack_at,
  ackNote: r.ack_note,
  clearedAt: r.cleared_at,
  closedBy: r.closed_by,
  closedAt: r.closed_at,
  closeNote: r.close_note,
})
