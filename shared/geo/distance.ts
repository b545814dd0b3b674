/** Mean Earth radius (m), as GB/T and WGS-84 spherical approximations use. */
export const EARTH_RADIUS_M = 6_371_008.8
const RAD = Math.PI / 180

/**
 * Great-circle distance in metres between two lng/lat points (haversine): the map's rescue circles
 * and the server's nearest cameras measure alike.
 */
export function distanceMetres(a: { lng: number; lat: number }, b: { lng: number; lat: number }): number {
  const h = Math.sin(((b.lat - a.lat) * RAD) / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(((b.lng - a.lng) * RAD) / 2) ** 2
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)))
}
