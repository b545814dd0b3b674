import type { CameraRecord } from '../../store/types'

const EARTH_RADIUS_M = 6_371_008.8

/** Great-circle distance in metres between two lng/lat points (haversine). */
export function distanceMetres(a: { lng: number; lat: number }, b: { lng: number; lat: number }): number {
  const rad = Math.PI / 180
  const dLat = (b.lat - a.lat) * rad
  const dLng = (b.lng - a.lng) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)))
}

/** `hls` when the stream is HLS (an .m3u8 playlist, playable in the page); else `link` (open the platform). */
export function cameraKind(c: Pick<CameraRecord, 'streamUrl'>): 'hls' | 'link' {
  if (!c.streamUrl) return 'link'
  try {
    return new URL(c.streamUrl).pathname.toLowerCase().endsWith('.m3u8') ? 'hls' : 'link'
  } catch {
    return 'link'
  }
}

/** The `limit` cameras nearest to a point, nearest first, with their distance in whole metres. */
export function nearestCameras(cameras: readonly CameraRecord[], at: { lng: number; lat: number }, limit: number): Array<CameraRecord & { distance: number }> {
  return cameras
    .map((c) => ({ ...c, distance: Math.round(distanceMetres(at, c)) }))
    .sort((a, b) => a.distance - b.distance || a.id.localeCompare(b.id))
    .slice(0, limit)
}
