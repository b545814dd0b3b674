import { Type, type Static } from 'typebox'
import { OneOf } from '../events/schema'

/** The duty room's shift: 值班日志 (duty log), 排班 (roster: 值班员 and 带班领导), 交接班 (handover). */

const Instant = Type.String({ description: 'ISO-8601, +08:00' })
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'a Shanghai calendar day, YYYY-MM-DD' })
const Maybe = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()])
const Person = Type.String({ minLength: 1, maxLength: 64 })
const RegionCode = Type.String({ minLength: 1, maxLength: 32 })

export const DutyLogBodySchema = Type.Object({
  text: Type.String({ minLength: 1, maxLength: 2000 }),
  /** Carried into the shift's handover record (重要事项). */
  notable: Type.Optional(Type.Boolean()),
  /** The region the entry concerns; defaults to the writer's scope (the whole tree for an unscoped account). */
  region: Type.Optional(RegionCode),
})
export const DutyLogEntrySchema = Type.Object({
  id: Type.Integer(),
  at: Instant,
  actor: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  text: Type.String(),
  notable: Type.Boolean(),
})
export type DutyLogEntry = Static<typeof DutyLogEntrySchema>
export const DutyLogQuerySchema = Type.Object({
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  region: Type.Optional(RegionCode),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })),
})

/** One shift of the day as configured (YIPING_SHIFTS), e.g. 白班 08:00-20:00. */
export const ShiftSchema = Type.Object({
  /** Index in YIPING_SHIFTS, 0 first. */
  index: Type.Integer(),
  label: Type.String({ description: 'HH:MM-HH:MM' }),
  /** The Shanghai day the shift starts on (a night shift belongs to the day it starts). */
  day: Day,
  start: Instant,
  end: Instant,
})
export type Shift = Static<typeof ShiftSchema>

export const RosterBodySchema = Type.Object({
  day: Day,
  /** The shift's index in YIPING_SHIFTS or its label (`20:00-08:00`). */
  shift: Type.Union([Type.Integer({ minimum: 0 }), Type.String({ minLength: 1, maxLength: 11 })]),
  /** The duty room's region; defaults to the caller's scope (the whole tree for an unscoped account). */
  region: Type.Optional(RegionCode),
  /** 值班员. */
  officers: Type.Array(Person, { minItems: 1, maxItems: 20 }),
  /** 带班领导. */
  leader: Maybe(Person),
})
export const RosterEntrySchema = Type.Object({
  shift: ShiftSchema,
  regionCode: Type.String(),
  regionName: Type.String(),
  officers: Type.Array(Type.String()),
  leader: Maybe(Type.String()),
  updatedBy: Type.String(),
  updatedAt: Instant,
})
export type RosterEntry = Static<typeof RosterEntrySchema>
export const RosterQuerySchema = Type.Object({
  from: Day,
  to: Type.Optional(Day),
  region: Type.Optional(RegionCode),
})

export const DutyNowSchema = Type.Object({
  shift: ShiftSchema,
  /** Who is on duty: the roster entry of the region, or of its nearest ancestor that has one; null when nobody is rostered. */
  roster: Maybe(RosterEntrySchema),
  shifts: Type.Array(Type.String(), { description: 'the configured shifts (YIPING_SHIFTS)' }),
})
export type DutyNow = Static<typeof DutyNowSchema>

const HandoverAlarm = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  title: Type.String(),
  regionName: Type.String(),
  status: Type.String(),
  raisedAt: Instant,
  acknowledgedBy: Maybe(Type.String()),
})
const HandoverInstruction = Type.Object({
  id: Type.String(),
  assignee: Type.String(),
  text: Type.String(),
  status: Type.String(),
  dueAt: Maybe(Instant),
  overdue: Type.Boolean(),
})
const HandoverLogEntry = Type.Object({ at: Instant, actor: Type.String(), text: Type.String() })

export const HANDOVER_COUNTS = ['alarmsRaised', 'alarmsAcknowledged', 'alarmsOpen', 'casesTurnedRed', 'instructionsOpen', 'notableEntries'] as const
export const HANDOVER_COUNT_LABELS: Record<(typeof HANDOVER_COUNTS)[number], string> = {
  alarmsRaised: '本班新增告警',
  alarmsAcknowledged: '本班确认告警',
  alarmsOpen: '仍未关闭告警',
  casesTurnedRed: '本班转红案件',
  instructionsOpen: '未办结指令',
  notableEntries: '重要值班记录',
}

/** 交接班记录: what happened in one shift of one region, computed by the server when handed over. */
export const HandoverSchema = Type.Object({
  id: Type.Integer(),
  regionCode: Type.String(),
  regionName: Type.String(),
  shift: ShiftSchema,
  /** The period it covers: the shift's start to the moment of the handover (or the shift's end). */
  from: Instant,
  to: Instant,
  handedOverBy: Type.String(),
  handedOverAt: Instant,
  note: Type.String(),
  officers: Type.Array(Type.String()),
  leader: Maybe(Type.String()),
  counts: Type.Object(Object.fromEntries(HANDOVER_COUNTS.map((k) => [k, Type.Integer()])) as Record<(typeof HANDOVER_COUNTS)[number], ReturnType<typeof Type.Integer>>),
  alarmsRaised: Type.Array(HandoverAlarm),
  alarmsAcknowledged: Type.Array(HandoverAlarm),
  alarmsOpen: Type.Array(HandoverAlarm),
  casesTurnedRed: Type.Array(HandoverAlarm),
  instructionsOpen: Type.Array(HandoverInstruction),
  notableEntries: Type.Array(HandoverLogEntry),
})
export type Handover = Static<typeof HandoverSchema>
export type HandoverAlarm = Static<typeof HandoverAlarm>

export const HandoverBodySchema = Type.Object({
  note: Type.String({ maxLength: 2000 }),
  region: Type.Optional(RegionCode),
  /** A past shift instead of the current one: its day and index (or label). */
  day: Type.Optional(Day),
  shift: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.String({ minLength: 1, maxLength: 11 })])),
})
export const HandoverListQuerySchema = Type.Object({
  region: Type.Optional(RegionCode),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
})
export const HandoverFormatSchema = Type.Object({ format: Type.Optional(OneOf(['json', 'pdf'] as const)) })
