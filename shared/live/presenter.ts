import { Type, type Static } from 'typebox'
import { PlaylistPeriodSchema } from '../api/playlists'
import { OneOf } from '../events/schema'
import { WALL_PAGES } from '../themes/pages'
import { WALL_NAME } from './wallNames'

export { isWallName, wallOfRoom, wallRoom, WALL_NAME } from './wallNames'

/**
 * Presenter mode (主控): a leader's or dispatcher's seat drives a named wall (`/?wall=NAME`) over
 * /live. The seat `presenter:take`s the wall with what to show; every wall of that name follows
 * (`presenter:state`) until the seat releases it or stays idle, and then goes back to its playlist
 * or rotation (`presenter:state` with `state: null`).
 */
export const WallNameSchema = Type.String({ pattern: WALL_NAME, description: 'the name a wall opens with, `/?wall=NAME`' })

export const PresenterTakeSchema = Type.Object(
  {
    wall: WallNameSchema,
    region: Type.String({ minLength: 1, maxLength: 32 }),
    page: OneOf(WALL_PAGES),
    period: Type.Optional(PlaylistPeriodSchema),
    /** A replay instant (ISO); absent = live figures. */
    asOf: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
)
export type PresenterTake = Static<typeof PresenterTakeSchema>

/** What a driven wall shows, who drives it, and when it goes back by itself if nothing changes. */
export interface PresenterState {
  wall: string
  region: string
  page: PresenterTake['page']
  period: PresenterTake['period'] | null
  asOf: string | null
  /** The seat's account. */
  by: string
  /** When the seat last took or changed it, and when the wall is handed back without a change (ISO). */
  at: string
  idleUntil: string
}

export interface PresenterPush {
  wall: string
  /** null: released (by the seat or idle); the wall goes back to its playlist or rotation. */
  state: PresenterState | null
}
