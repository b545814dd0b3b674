import { Type, type Static } from 'typebox'
import { OneOf } from '../events/schema'

const Maybe = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()])

/** A camera of the registry (视频联动), as a map layer shows it. */
export const CameraSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  lng: Type.Number(),
  lat: Type.Number(),
  streamUrl: Maybe(Type.String()),
  platformUrl: Maybe(Type.String()),
  /** `hls`: `streamUrl` is an HLS playlist (.m3u8) the page can play; `link`: open `platformUrl` (or the stream) outside. */
  kind: OneOf(['hls', 'link'] as const),
  registeredAt: Type.String({ description: 'ISO-8601, +08:00' }),
})
export type Camera = Static<typeof CameraSchema>

export const NearCameraSchema = Type.Intersect([CameraSchema, Type.Object({ distance: Type.Integer({ description: 'metres from the place asked about' }) })])
export type NearCamera = Static<typeof NearCameraSchema>

/** `lng`/`lat`: where the distances are measured from; null (and no items) for an alarm that has no position. */
export const CamerasNearSchema = Type.Object({ lng: Maybe(Type.Number()), lat: Maybe(Type.Number()), items: Type.Array(NearCameraSchema) })
export type CamerasNear = Static<typeof CamerasNearSchema>

export const CamerasNearQuerySchema = Type.Object({
  alarmId: Type.Optional(Type.Integer({ minimum: 1 })),
  riskPointId: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
  lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 5 })),
})
