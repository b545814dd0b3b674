import { Type, type Static } from 'typebox'
import { OneOf } from '../events/schema'
import { DetailQuerySchema } from '../summary/detail'

/**
 * GET /api/v1/reports/briefing: a region over a period, as the summary and detail take them
 * (from/to as whole Shanghai days, or a `period` preset; rankBy/order for the ranking of children).
 */
export const BriefingQuerySchema = Type.Object({
  region: DetailQuerySchema.properties.region,
  from: DetailQuerySchema.properties.from,
  to: DetailQuerySchema.properties.to,
  period: DetailQuerySchema.properties.period,
  rankBy: Type.Optional(Type.String({ minLength: 1, description: 'the figure the children are ranked by (a numeric summary path); default cases.onTimeRate' })),
  order: DetailQuerySchema.properties.order,
  format: Type.Optional(OneOf(['pdf'] as const, 'the file format; only pdf for now')),
})
export type BriefingQuery = Static<typeof BriefingQuerySchema>

/** The briefing's ranking: by 按期办结率, best first, so its head and tail are the 红榜 and 黑榜. */
export const BRIEFING_RANK_BY = 'cases.onTimeRate'
