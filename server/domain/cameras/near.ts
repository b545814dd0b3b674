import { distanceMetres } from '../../../shared/geo/distance'
import type { CameraRecord } from '../../store/types'

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
