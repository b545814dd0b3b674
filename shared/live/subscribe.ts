import { Type, type Static } from 'typebox'
import { OneOf } from '../events/schema'
import { MAX_GRANDCHILDREN_BELOW, RANK_ORDERS } from '../summary/detail'
import { CompareKindSchema, PeriodPresetSchema } from '../summary/periods'

/**
 * `subscribe` on /live: a region and, optionally, the view of it (period, comparisons, ranking).
 * A relative period (今日, 本月 …) is resolved again by the server at every push and at Shanghai
 * midnight, so a wall rolls over to the new day without reloading.
 */
export const SubscribeRequestSchema = Type.Object({
  region: Type.String({ minLength: 1 }),
  period: Type.Optional(
    Type.Union([
      PeriodPresetSchema,
      Type.Object({ from: Type.String({ format: 'date-time' }), to: Type.String({ format: 'date-time' }) }, { description: 'whole Shanghai days overlapping [from, to)' }),
    ]),
  ),
  compare: Type.Optional(Type.Array(CompareKindSchema, { maxItems: 3 })),
  rankBy: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  order: Type.Optional(OneOf(RANK_ORDERS)),
  /** As on GET /api/v1/summary/detail: the detail also ranks the grandchildren of a region with fewer children than this. */
  grandchildrenBelow: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_GRANDCHILDREN_BELOW })),
})
export type SubscribeRequest = Static<typeof SubscribeRequestSchema>
export type PeriodRequest = NonNullable<SubscribeRequest['period']>
