import { Type, type Static } from 'typebox'
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
import { OneOf, ReporterSchema } from '../events/schema'

const Instant = Type.String({ description: 'ISO-8601, +08:00' })
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()])

/** A case as the API shows it: reporter always masked (张*丰, 138****5678). */
export const CaseViewSchema = Type.Object({
  id: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  source: OneOf(CASE_SOURCES),
  category: Type.String(),
  size: OneOf(CASE_SIZES),
  title: Type.String(),
  backlogLevel: Nullable(OneOf(BACKLOG_LEVELS)),
  reporter: Nullable(ReporterSchema),
  stage: OneOf(CASE_STAGES),
  reportedAt: Instant,
  dueAt: Instant,
  stageAt: Type.Record(Type.String(), Instant),
  overdue: Type.Boolean(),
  color: Nullable(OneOf(SUPERVISION_COLORS)),
  urgeCount: Type.Integer(),
  resolvedAt: Nullable(Instant),
  tier: Nullable(OneOf(RESOLUTION_TIERS)),
  followedUpAt: Nullable(Instant),
  satisfaction: Nullable(OneOf(SATISFACTIONS)),
  reopenCount: Type.Integer(),
  /** 承办单位 handling the case now (null: none assigned). */
  unit: Type.Optional(Nullable(Type.String())),
  /** 提级: the region whose level handles the case now, when escalated above its own region (else null). */
  handlingRegion: Type.Optional(Nullable(Type.String())),
})
export type CaseView = Static<typeof CaseViewSchema>

/** Which cases: the filter shared by the case list and its export (the same cases, by construction). */
export const CaseFilterProperties = {
  region: Type.String({ minLength: 1 }),
  from: Type.Optional(Type.String({ format: 'date-time', description: 'cases reported at or after this instant' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'cases reported before this instant' })),
  stage: Type.Optional(OneOf(CASE_STAGES)),
  color: Type.Optional(OneOf(SUPERVISION_COLORS)),
  overdue: Type.Optional(Type.Boolean()),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'words in the title, a category, or a case id' })),
  sort: Type.Optional(OneOf(['newest', 'urgent'] as const, 'newest: by report time (default); urgent: unresolved first, earliest due first')),
}
export const CaseFilterSchema = Type.Object(CaseFilterProperties)
export type CaseFilter = Static<typeof CaseFilterSchema>

export const CaseListQuerySchema = Type.Object({
  ...CaseFilterProperties,
  cursor: Type.Optional(Type.String({ maxLength: 200, description: 'nextCursor of the previous page' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
})
export type CaseListQuery = Static<typeof CaseListQuerySchema>

export const CaseListSchema = Type.Object({ items: Type.Array(CaseViewSchema), nextCursor: Nullable(Type.String()) })

/** One step of a case's life, from the event log (personal data left out). */
export const TimelineEntrySchema = Type.Object({
  seq: Type.Integer(),
  at: Instant,
  type: Type.String(),
  /** The stage, tier, satisfaction, colour, unit (转派) or handling region (提级) the event carried. */
  detail: Nullable(Type.String()),
  /** The account that acted at the command desk; null for an integrator's or the server's own event. */
  actor: Type.Optional(Nullable(Type.String())),
  /** The words of a desk action (催办意见, 退回理由 …). */
  note: Type.Optional(Nullable(Type.String())),
})
export const CaseDetailSchema = Type.Object({ case: CaseViewSchema, timeline: Type.Array(TimelineEntrySchema) })
export type CaseDetail = Static<typeof CaseDetailSchema>

export const RiskViewSchema = Type.Object({
  id: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  kind: OneOf(RISK_KINDS),
  name: Type.String(),
  lng: Type.Number(),
  lat: Type.Number(),
  status: OneOf(RISK_STATUSES),
  note: Nullable(Type.String()),
  updatedAt: Instant,
})
export type RiskView = Static<typeof RiskViewSchema>

/** The command desk's case actions (API.md "Command desk"). */
export const CASE_ACTIONS = ['urge', 'supervise', 'escalate', 'transfer', 'return'] as const
export type CaseAction = (typeof CASE_ACTIONS)[number]
export const CASE_ACTION_LABELS: Record<CaseAction, string> = { urge: '催办', supervise: '督办', escalate: '提级', transfer: '转派', return: '退回' }

export const CaseActionBodySchema = Type.Object({
  action: OneOf(CASE_ACTIONS, 'urge 催办 · supervise 督办 (with color) · escalate 提级 · transfer 转派 (to a unit) · return 退回'),
  note: Type.Optional(Type.String({ maxLength: 500 })),
  color: Type.Optional(OneOf(SUPERVISION_COLORS, 'supervise: the 三色督办 colour')),
  to: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'transfer: the handling unit (承办单位) the case goes to' })),
})
export type CaseActionBody = Static<typeof CaseActionBodySchema>

export const CaseActionResultSchema = Type.Object({
  /** The log position of the event the action became. */
  seq: Type.Integer(),
  event: Type.Object({ id: Type.String(), type: Type.String(), at: Instant }),
  case: CaseViewSchema,
})
export type CaseActionResult = Static<typeof CaseActionResultSchema>
