import { Type, type Static } from 'typebox'
import { OneOf } from '../events/schema'

/** `instruction.overdue`: an instruction (指令) not signed or not fed back by its due time. */
export const ALARM_KINDS = ['case.red', 'risk.alarm', 'instruction.overdue'] as const
export type AlarmKind = (typeof ALARM_KINDS)[number]
export const ALARM_KIND_LABELS: Record<AlarmKind, string> = { 'case.red': '案件红色督办', 'risk.alarm': '风险点告警', 'instruction.overdue': '指令超时未办' }

/** raised → acknowledged (who, when, note) → closed. */
export const ALARM_STATUSES = ['raised', 'acknowledged', 'closed'] as const
export type AlarmStatus = (typeof ALARM_STATUSES)[number]
export const ALARM_STATUS_LABELS: Record<AlarmStatus, string> = { raised: '待确认', acknowledged: '已确认', closed: '已关闭' }

const Instant = Type.String({ description: 'ISO-8601, +08:00' })
const Maybe = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()])

export const AlarmSchema = Type.Object({
  id: Type.Integer(),
  kind: OneOf(ALARM_KINDS),
  /** The case, risk point or instruction that raised it. */
  subjectId: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  title: Type.String(),
  status: OneOf(ALARM_STATUSES),
  raisedAt: Instant,
  acknowledgedBy: Maybe(Type.String()),
  acknowledgedAt: Maybe(Instant),
  acknowledgeNote: Maybe(Type.String()),
  /** When the cause ended (case resolved, risk out of alarm); an unacknowledged alarm stays raised. */
  clearedAt: Maybe(Instant),
  closedBy: Maybe(Type.String()),
  closedAt: Maybe(Instant),
  closeNote: Maybe(Type.String()),
  /** When it escalated to the region's leaders, left unacknowledged for YIPING_ALARM_ESCALATE_MINUTES (null: not escalated). */
  escalatedAt: Type.Optional(Maybe(Instant)),
})
export type Alarm = Static<typeof AlarmSchema>

export const AuditEntrySchema = Type.Object({
  at: Instant,
  actor: Type.String(),
  action: Type.String(),
  target: Type.String(),
  note: Maybe(Type.String()),
})
export type AuditEntry = Static<typeof AuditEntrySchema>

export const AlarmNoteSchema = Type.Object({ note: Type.Optional(Type.String({ maxLength: 500 })) })
