import { Type, type Static } from 'typebox'
import { OneOf } from '../events/schema'

/**
 * 五分钟救援圈: a station must reach any point of its circle within five minutes of the call. At the
 * 30 km/h a fire engine averages through town streets, five minutes cover 2,500 m, so that is the
 * radius the map draws around every station (and the gaps between circles are the blind spots).
 */
export const RESCUE_SPEED_KMH = 30
export const RESCUE_MINUTES = 5
export const RESCUE_RADIUS_M = (RESCUE_SPEED_KMH * 1000 * RESCUE_MINUTES) / 60

/** 中心站 (a town's full-time brigade) or 分站 ("1+X": one main station, X sub-stations). */
export const FIRE_STATION_ROLES = ['main', 'sub'] as const
export type FireStationRole = (typeof FIRE_STATION_ROLES)[number]
export const FIRE_STATION_ROLE_LABELS: Record<FireStationRole, string> = { main: '中心站', sub: '分站' }

export const FireStationSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: OneOf(FIRE_STATION_ROLES),
  /** The town (street) the station serves. */
  regionCode: Type.String(),
  regionName: Type.String(),
  lng: Type.Number(),
  lat: Type.Number(),
  rescueRadiusM: Type.Number({ description: 'radius of the five-minute rescue circle (五分钟救援圈), metres' }),
})
export type FireStationView = Static<typeof FireStationSchema>

export const FireStationListSchema = Type.Object({ items: Type.Array(FireStationSchema) })
export type FireStationList = Static<typeof FireStationListSchema>
