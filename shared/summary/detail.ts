import { Type, type Static } from 'typebox'
import { REGION_LEVELS } from '../domain/vocabulary'
import { OneOf } from '../events/schema'
import { COMPARE_KINDS } from '../time/periods'
import { PeriodSchema } from './periods'
import { NullableNumber, SummaryQuerySchema } from './schema'

const Count = Type.Integer({ minimum: 0 })
const Rate = NullableNumber({ minimum: 0, maximum: 1 })
const Figure = NullableNumber()

export const RANK_ORDERS = ['asc', 'desc'] as const
export type RankOrder = (typeof RANK_ORDERS)[number]
/** What the ranking uses when the caller names nothing: 受理量, largest first. */
export const DEFAULT_RANK_BY = 'cases.total'
export const DEFAULT_RANK_ORDER: RankOrder = 'desc'

/** One child region's headline figures over the period, for the ranking panel and the map's colours. */
export const ChildFiguresSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: OneOf(REGION_LEVELS),
  total: Count,
  open: Count,
  overdue: Count,
  resolved: Count,
  urgeRate: Rate,
  onTimeRate: Rate,
  satisfactionRate: Rate,
  localResolutionRate: Rate,
  townResolutionRate: Rate,
  riskAlarms: Count,
  value: NullableNumber({ description: "the child's `rankBy` figure; null (no denominator) ranks last" }),
  compare: Type.Object(
    Object.fromEntries(COMPARE_KINDS.map((k) => [k, Type.Optional(Figure)])) as Record<(typeof COMPARE_KINDS)[number], Type.TOptional<typeof Figure>>,
    { description: 'the `rankBy` figure over each compared period asked for' },
  ),
})
export type ChildFigures = Static<typeof ChildFiguresSchema>

/** The largest `grandchildrenBelow` a read or subscribe may ask for. */
export const MAX_GRANDCHILDREN_BELOW = 16

/** A grandchild region ranked like a child, with the child it lies in (its name alone may not be unique). */
export const GrandchildFiguresSchema = Type.Object({
  ...ChildFiguresSchema.properties,
  parent: Type.String({ description: 'code of the child region it lies in' }),
  parentName: Type.String({ description: 'name of that child region' }),
})
export type GrandchildFigures = Static<typeof GrandchildFiguresSchema>

/** Cases reported and resolved in one time slot (an hour or a Shanghai day). */
export const ActivitySlotSchema = Type.Object({
  at: Type.String({ description: 'start of the slot, ISO-8601 +08:00' }),
  reported: Count,
  resolved: Count,
})
export type ActivitySlot = Static<typeof ActivitySlotSchema>

export const DailySlotSchema = Type.Object({
  ...ActivitySlotSchema.properties,
  lastYear: Type.Object({ reported: Count, resolved: Count }, { description: 'the same calendar day a year before (29 Feb → 28 Feb)' }),
  partial: Type.Optional(Type.Literal(true, { description: 'today: the day is not over' })),
})
export type DailySlot = Static<typeof DailySlotSchema>

/**
 * What the wall's panels need beyond the summary: children ranked, activity over time, and
 * categories. Computed once per view per push, like the summary.
 */
export const RegionDetailSchema = Type.Object({
  region: Type.String(),
  seq: Type.Integer(),
  period: PeriodSchema,
  /** The summary path the children are ranked by, and in which order. */
  rankBy: Type.String({ description: 'the summary path the children are ranked by' }),
  order: OneOf(RANK_ORDERS),
  comparePeriods: Type.Object(
    Object.fromEntries(COMPARE_KINDS.map((k) => [k, Type.Optional(PeriodSchema)])) as Record<(typeof COMPARE_KINDS)[number], Type.TOptional<typeof PeriodSchema>>,
    { description: 'the compared periods behind each child’s `compare` values' },
  ),
  /** Every child, ranked by `rankBy` in `order`, nulls last. */
  children: Type.Array(ChildFiguresSchema),
  /** Only with `grandchildrenBelow` and a region with fewer children than that: every child of every child, ranked alike. */
  grandchildren: Type.Optional(
    Type.Array(GrandchildFiguresSchema, {
      description:
        'only when `grandchildrenBelow` was asked for and the region has fewer children than it: every child of every child ' +
        '(the districts of a province with two cities), ranked by `rankBy` in `order` like `children`, each with the child it lies in',
    }),
  ),
  /** Today's hours in Shanghai, 00:00 up to the current hour. */
  hourly: Type.Array(ActivitySlotSchema),
  /** The last 30 Shanghai days, today (partial) last, by the day things happened. */
  daily: Type.Array(DailySlotSchema),
  /** Case categories in the period, most frequent first (top 12). */
  byCategory: Type.Array(Type.Object({ category: Type.String(), count: Count })),
})
export type RegionDetail = Static<typeof RegionDetailSchema>

export const DetailQuerySchema = Type.Object({
  ...SummaryQuerySchema.properties,
  rankBy: Type.Optional(Type.String({ minLength: 1, description: `a numeric figure's path in the summary, e.g. cases.onTimeRate; default ${DEFAULT_RANK_BY}` })),
  order: Type.Optional(OneOf(RANK_ORDERS, `default ${DEFAULT_RANK_ORDER}`)),
  grandchildrenBelow: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: MAX_GRANDCHILDREN_BELOW,
      description: 'when the region has fewer children than this, the answer also ranks its grandchildren (`grandchildren`); default: never',
    }),
  ),
})
export type DetailQuery = Static<typeof DetailQuerySchema>
