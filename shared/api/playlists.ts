import { Type, type Static } from 'typebox'
import { OneOf } from '../events/schema'
import { TIME_OF_DAY } from '../playlists/schedule'
import { isDay } from '../time/calendar'
import { PERIOD_PRESETS } from '../time/periods'
import { WALL_PAGES } from '../themes/pages'

/** Most items one playlist holds, and the dwell bounds of one item (seconds). */
export const PLAYLIST_MAX_ITEMS = 50
export const DWELL_MIN_S = 5
export const DWELL_MAX_S = 3600

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' })
const TimeOfDay = Type.String({ pattern: TIME_OF_DAY.source, description: 'HH:MM, Shanghai time' })

/** The wall's own period vocabulary (`?period=` or `?from=&to=`, both days included). */
export const PlaylistPeriodSchema = Type.Union([
  OneOf(PERIOD_PRESETS, 'a period relative to today, as `?period=` on the wall'),
  Type.Object({ from: Day, to: Day }, { additionalProperties: false, description: 'whole Shanghai days, both included, as `?from=&to=` on the wall' }),
])
export type PlaylistPeriod = Static<typeof PlaylistPeriodSchema>

/**
 * What the schema cannot say about a period (a playlist item's or a presenter's take): its days are
 * real ones and the range does not end before it starts, as the wall's own address reads them.
 */
export function periodProblem(p: PlaylistPeriod | null | undefined): string | null {
  if (!p || typeof p === 'string') return null
  if (!isDay(p.from) || !isDay(p.to)) return 'not a calendar day'
  return p.from > p.to ? 'the range ends before it starts' : null
}

export const DailyWindowSchema = Type.Object(
  { from: TimeOfDay, to: TimeOfDay },
  { additionalProperties: false, description: 'active daily from `from` (included) to `to` (excluded), Shanghai time; `to` before `from` runs across midnight' },
)

export const PlaylistItemSchema = Type.Object(
  {
    region: Type.String({ minLength: 1, maxLength: 32, description: 'a region code inside the caller’s scope' }),
    page: OneOf(WALL_PAGES, 'the overview or a themed page'),
    period: Type.Optional(PlaylistPeriodSchema),
    dwell: Type.Integer({ minimum: DWELL_MIN_S, maximum: DWELL_MAX_S, description: 'seconds this item stays on the wall' }),
    schedule: Type.Optional(DailyWindowSchema),
  },
  { additionalProperties: false },
)
export type PlaylistItem = Static<typeof PlaylistItemSchema>

export const PlaylistInputSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 80 }),
    items: Type.Array(PlaylistItemSchema, { minItems: 1, maxItems: PLAYLIST_MAX_ITEMS }),
    schedule: Type.Optional(Type.Union([DailyWindowSchema, Type.Null()], { description: 'the whole playlist shows only inside this window' })),
  },
  { additionalProperties: false },
)
export type PlaylistInput = Static<typeof PlaylistInputSchema>

export const PlaylistSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  items: Type.Array(PlaylistItemSchema),
  schedule: Type.Union([DailyWindowSchema, Type.Null()]),
  /** The nearest region holding every item's: who may see the playlist (an account whose scope covers it). */
  region: Type.String(),
  createdBy: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedBy: Type.String(),
  updatedAt: Type.String({ format: 'date-time' }),
})
export type Playlist = Static<typeof PlaylistSchema>

/** One playlist as the wall reads it: with the server's `now` and the items showing now (their schedules by the server clock). */
export const PlaylistAnswerSchema = Type.Object({
  ...PlaylistSchema.properties,
  now: Type.String({ format: 'date-time' }),
  active: Type.Array(Type.Integer(), { description: 'indices of the items inside their schedules now' }),
})
export type PlaylistAnswer = Static<typeof PlaylistAnswerSchema>

export const PlaylistListSchema = Type.Object({ items: Type.Array(PlaylistSchema) })
