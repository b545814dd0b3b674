import { distanceMetres, EARTH_RADIUS_M } from '../../../shared/geo/distance'
import type { LngLat } from './geoFiles'

const RAD = Math.PI / 180

/**
 * A circle of `radiusM` metres around (lng, lat) as a closed ring of lng/lat points, walked on the
 * sphere (destination point by bearing). Drawn through the map's projection it keeps its true
 * size, so a five-minute rescue circle covers on the map exactly the ground it covers.
 */
export function circleRing(lng: number, lat: number, radiusM: number, steps = 72): LngLat[] {
  const d = radiusM / EARTH_RADIUS_M
  const latR = lat * RAD
  const lngR = lng * RAD
  const ring: LngLat[] = []
  for (let i = 0; i <= steps; i++) {
    const bearing = ((i % steps) / steps) * 2 * Math.PI
    const lat2R = Math.asin(Math.sin(latR) * Math.cos(d) + Math.cos(latR) * Math.sin(d) * Math.cos(bearing))
    const lng2R = lngR + Math.atan2(Math.sin(bearing) * Math.sin(d) * Math.cos(latR), Math.cos(d) - Math.sin(latR) * Math.sin(lat2R))
    ring.push([lng2R / RAD, lat2R / RAD])
  }
  return ring
}

/** Great-circle distance in metres (haversine). */
export const distanceM = ([lng1, lat1]: LngLat, [lng2, lat2]: LngLat): number => distanceMetres({ lng: lng1, lat: lat1 }, { lng: lng2, lat: lat2 })

/** Whether a circle of `radiusM` around (lng, lat) reaches into the box [[west, north], [east, south]]. */
export function circleReaches([[w, n], [e, s]]: readonly [LngLat, LngLat], lng: number, lat: number, radiusM: number): boolean {
  const nearest: LngLat = [Math.min(Math.max(lng, w), e), Math.min(Math.max(lat, s), n)]
  return distanceM([lng, lat], nearest) <= radiusM
}
