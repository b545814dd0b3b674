import { Type, type Static } from 'typebox'
import { REGION_LEVELS } from '../domain/vocabulary'
import { OneOf } from '../events/schema'

const Count = Type.Integer({ minimum: 0 })
const Rate = Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()])

/** One child region's headline figures, for the ranking panel and the map's colours. */
export const ChildFiguresSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: OneOf(REGION_LEVELS),
  total: Count,
  open: Count,
  overdue: Count,
  urgeRate: Rate,
  satisfactionRate: Rate,
  riskAlarms: Count,
})
export type ChildFigures = Static<typeof ChildFiguresSchema>

/** Cases reported and resolved in one time slot (an hour or a Shanghai day). */
export const ActivitySlotSchema = Type.Object({
  at: Type.String({ description: 'start of the slot, ISO-8601 +08:00' }),
  reported: Count,
  resolved: Count,
})
export type ActivitySlot = Static<typeof ActivitySlotSchema>

/**
 * What the wall's panels need beyond the summary: children for ranking and the map, activity over
 * time, and categories. Computed once per region per push, like the summary.
 */
export const RegionDetailSchema = Type.Object({
  region: Type.String(),
  seq: Type.Integer(),
  children: Type.Array(ChildFiguresSchema),
  /** Today's hours in Shanghai, 00:00 up to the current hour. */
  hourly: Type.Array(ActivitySlotSchema),
  /** The last 30 Shanghai days, today included, oldest first. */
  daily: Type.Array(ActivitySlotSchema),
  /** Case categories in the summary's period, most frequent first (top 12). */
  byCategory: Type.Array(Type.Object({ category: Type.String(), count: Count })),
})
export type RegionDetail = Static<typeof RegionDetailSchema>
