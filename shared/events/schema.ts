import { Type, type Static, type TSchema } from 'typebox'
import {
  BACKLOG_LEVELS,
  CASE_SIZES,
  CASE_SOURCES,
  CASE_STAGES,
  RESOLUTION_TIERS,
  RISK_KINDS,
  RISK_STATUSES,
  SATISFACTIONS,
  SUPERVISION_COLORS,
} from '../domain/vocabulary'
import { FRAUD_FIELDS, PETITION_FIELDS, RISK_CHECK_FIELDS, RISK_POINT_FIELDS } from './themeFields'

/** A string enum from one of the vocabulary lists (JSON Schema `enum`, typed as the union). */
export function OneOf<const T extends readonly string[]>(values: T, description?: string) {
  return Type.Enum<[...T]>([...values], description ? { description } : {})
}

const Id = Type.String({ minLength: 1, maxLength: 128 })
const Code = Type.String({ minLength: 1, maxLength: 32, pattern: '^[0-9A-Za-z_-]+$' })
/** 承办单位: the unit handling a case (街道综治中心, 村委会, 城管, 市场监管, 住建 …), free text. */
export const UnitSchema = Type.String({ minLength: 1, maxLength: 64, description: '承办单位: the unit handling the case' })
/** A desk action's words (催办意见, 退回理由 …); optional on every desk-made case event. */
export const ActionNoteSchema = Type.String({ maxLength: 500 })

function EventOf<const K extends string, P extends Record<string, TSchema>>(type: K, props: P, description: string) {
  return Type.Object(
    {
      id: Type.String({ minLength: 1, maxLength: 128, description: 'idempotency key, unique per event' }),
      type: Type.Literal(type),
      at: Type.String({ format: 'date-time', description: 'when it happened, ISO-8601 with offset' }),
      ...props,
    },
    { description },
  )
}

export const ReporterSchema = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 64 }),
  phone: Type.String({ minLength: 3, maxLength: 32 }),
})

export const CaseReportedSchema = EventOf(
  'case.reported',
  {
    caseId: Id,
    regionCode: Code,
    source: OneOf(CASE_SOURCES),
    category: Type.String({ minLength: 1, maxLength: 64 }),
    size: OneOf(CASE_SIZES, 'minor 小事: due in 24 h · major 大事: due in 30 days'),
    title: Type.String({ minLength: 1, maxLength: 200 }),
    backlogLevel: Type.Optional(OneOf(BACKLOG_LEVELS)),
    reporter: Type.Optional(ReporterSchema),
    unit: Type.Optional(UnitSchema),
    ...PETITION_FIELDS,
    ...FRAUD_FIELDS,
  },
  'a case enters at stage receive (optionally already assigned to a handling unit)',
)
export const CaseStageSchema = EventOf('case.stage', { caseId: Id, stage: OneOf(CASE_STAGES) }, 'the case moves to that stage')
export const CaseUrgedSchema = EventOf('case.urged', { caseId: Id, note: Type.Optional(ActionNoteSchema) }, '催办: the case was chased')
export const CaseResolvedSchema = EventOf(
  'case.resolved',
  { caseId: Id, tier: OneOf(RESOLUTION_TIERS) },
  'handled; the case moves to followup',
)
export const CaseFollowedUpSchema = EventOf(
  'case.followedUp',
  { caseId: Id, satisfaction: OneOf(SATISFACTIONS) },
  '回访 done; the case is closed',
)
export const CaseSupervisedSchema = EventOf(
  'case.supervised',
  { caseId: Id, color: OneOf(SUPERVISION_COLORS), note: Type.Optional(ActionNoteSchema) },
  'manual 三色督办 override, until the case is resolved',
)
export const CaseEscalatedSchema = EventOf(
  'case.escalated',
  { caseId: Id, toRegion: Code, note: Type.Optional(ActionNoteSchema) },
  '提级: handling moves to the region directly above the one handling it now (the case keeps its own region)',
)
export const CaseTransferredSchema = EventOf(
  'case.transferred',
  { caseId: Id, unit: UnitSchema, note: Type.Optional(ActionNoteSchema) },
  '转派: the case is assigned to another handling unit (counts as an assignment of that unit)',
)
export const CaseReturnedSchema = EventOf(
  'case.returned',
  { caseId: Id, note: Type.Optional(ActionNoteSchema) },
  '退回 (退单): the handling unit gives the case back; it returns to stage assign (审核交办) without a unit',
)
export const RiskRegisteredSchema = EventOf(
  'risk.registered',
  {
    riskId: Id,
    regionCode: Code,
    kind: OneOf(RISK_KINDS),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    lng: Type.Number({ minimum: -180, maximum: 180 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    ...RISK_POINT_FIELDS,
  },
  'a risk point exists',
)
export const RiskStatusSchema = EventOf(
  'risk.status',
  { riskId: Id, status: OneOf(RISK_STATUSES), note: Type.Optional(Type.String({ maxLength: 500 })), ...RISK_CHECK_FIELDS },
  'its state changed',
)

const CameraUrl = Type.String({ minLength: 8, maxLength: 2000, pattern: '^https?://[^\\s]+$' })
export const CameraRegisteredSchema = EventOf(
  'camera.registered',
  {
    cameraId: Id,
    regionCode: Code,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    lng: Type.Number({ minimum: -180, maximum: 180 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    streamUrl: Type.Optional(CameraUrl),
    platformUrl: Type.Optional(CameraUrl),
  },
  '视频联动: a camera exists at that position (registering it again updates it); `streamUrl` an HLS stream (.m3u8) or another stream, `platformUrl` its page on the video platform',
)

/** Every event type, by its wire name: the ingest validator picks the schema by `type`. */
export const EVENT_SCHEMAS = {
  'case.reported': CaseReportedSchema,
  'case.stage': CaseStageSchema,
  'case.urged': CaseUrgedSchema,
  'case.resolved': CaseResolvedSchema,
  'case.followedUp': CaseFollowedUpSchema,
  'case.supervised': CaseSupervisedSchema,
  'case.escalated': CaseEscalatedSchema,
  'case.transferred': CaseTransferredSchema,
  'case.returned': CaseReturnedSchema,
  'risk.registered': RiskRegisteredSchema,
  'risk.status': RiskStatusSchema,
  'camera.registered': CameraRegisteredSchema,
} as const
export type EventType = keyof typeof EVENT_SCHEMAS
export const EVENT_TYPES = Object.keys(EVENT_SCHEMAS) as EventType[]

export const EventSchema = Type.Union(Object.values(EVENT_SCHEMAS) as unknown as TSchema[])
export type CaseReported = Static<typeof CaseReportedSchema>
export type CaseStageEvent = Static<typeof CaseStageSchema>
export type CaseUrged = Static<typeof CaseUrgedSchema>
export type CaseResolved = Static<typeof CaseResolvedSchema>
export type CaseFollowedUp = Static<typeof CaseFollowedUpSchema>
export type CaseSupervised = Static<typeof CaseSupervisedSchema>
export type CaseEscalated = Static<typeof CaseEscalatedSchema>
export type CaseTransferred = Static<typeof CaseTransferredSchema>
export type CaseReturned = Static<typeof CaseReturnedSchema>
export type RiskRegistered = Static<typeof RiskRegisteredSchema>
export type RiskStatusEvent = Static<typeof RiskStatusSchema>
export type CaseEvent =
  | CaseReported
  | CaseStageEvent
  | CaseUrged
  | CaseResolved
  | CaseFollowedUp
  | CaseSupervised
  | CaseEscalated
  | CaseTransferred
  | CaseReturned
export type RiskEvent = RiskRegistered | RiskStatusEvent
export type CameraRegistered = Static<typeof CameraRegisteredSchema>
export type YipingEvent = CaseEvent | RiskEvent | CameraRegistered

export const MAX_BATCH = 5000
export const IngestBodySchema = Type.Object({
  events: Type.Array(EventSchema, { minItems: 1, maxItems: MAX_BATCH }),
})
export type IngestBody = { events: YipingEvent[] }

export const IngestResultSchema = Type.Object({
  accepted: Type.Integer({ description: 'events written by this batch' }),
  duplicates: Type.Integer({ description: 'events whose id was seen before; they changed nothing' }),
  seq: Type.Optional(Type.Integer({ description: 'the server seq after this batch was applied' })),
})
export type IngestResult = Static<typeof IngestResultSchema>

export function isCaseEvent(e: YipingEvent): e is CaseEvent {
  return e.type.startsWith('case.')
}

/**
 * Instructions (指令) from the command desk, stored in the same log so that every node, replay and
 * the audit see them. Written by the server's instruction routes only (not part of integrator
 * ingest): their order (issued → signed → fed back → closed) and who may take each step are
 * checked there.
 */
export type InstructionEvent =
  | {
      id: string
      type: 'instruction.issued'
      at: string
      instructionId: string
      regionCode: string
      assignee: string
      text: string
      relatedCaseId?: string
      alarmId?: number
      dueAt?: string
    }
  | { id: string; type: 'instruction.signed'; at: string; instructionId: string }
  | { id: string; type: 'instruction.fedBack'; at: string; instructionId: string; text: string }
  | { id: string; type: 'instruction.closed'; at: string; instructionId: string; note?: string }

export type LogEvent = YipingEvent | InstructionEvent

export function isInstructionEvent(e: LogEvent): e is InstructionEvent {
  return e.type.startsWith('instruction.')
}

/** The case, risk point, camera or instruction an event is about (the log's subject column). */
export function subjectOf(e: LogEvent): string {
  return 'caseId' in e ? e.caseId : 'riskId' in e ? e.riskId : 'cameraId' in e ? e.cameraId : e.instructionId
}
