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
  /** The stage, tier, satisfaction or colour the event carried. */
  detail: Nullable(Type.String()),
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
