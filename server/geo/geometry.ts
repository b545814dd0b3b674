/**
 * Plain GeoJSON geometry in lng/lat degrees, and the few planar helpers the geo build needs.
 * Rings are GeoJSON rings (closed: the last position repeats the first) unless a name says "open".
 */

export type Position = [lng: number, lat: number]
export type Ring = Position[]
/** Outer ring first, then holes. */
export type PolygonCoords = Ring[]

export interface PolygonGeometry {
  type: 'Polygon'
  coordinates: PolygonCoords
}
export interface MultiPolygonGeometry {
  type: 'MultiPolygon'
  coordinates: PolygonCoords[]
}
export type AreaGeometry = PolygonGeometry | MultiPolygonGeometry

export interface AreaFeature<P = Record<string, unknown>> {
  type: 'Feature'
  properties: P
  geometry: AreaGeometry
}

export const polygonsOf = (g: AreaGeometry): PolygonCoords[] => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates)

/** One polygon → Polygon, several → MultiPolygon. */
export function geometryOf(polygons: PolygonCoords[]): AreaGeometry {
  return polygons.length === 1 && polygons[0] ? { type: 'Polygon', coordinates: polygons[0] } : { type: 'MultiPolygon', coordinates: polygons }
}

export const samePosition = (a: Position, b: Position) => a[0] === b[0] && a[1] === b[1]

/** Drop consecutive repeats (the package repeats many points) and the closing position. */
export function openRing(ring: readonly Position[]): Position[] {
  const out: Position[] = []
  for (const p of ring) {
    const last = out[out.length - 1]
    if (!last || !samePosition(last, p)) out.push([p[0], p[1]])
  }
  while (out.length > 1 && samePosition(out[0]!, out[out.length - 1]!)) out.pop()
  return out
}

export function closeRing(open: readonly Position[]): Ring {
  const ring = open.map((p): Position => [p[0], p[1]])
  if (ring.length > 0 && !samePosition(ring[0]!, ring[ring.length - 1]!)) ring.push([ring[0]![0], ring[0]![1]])
  return ring
}

/** Signed area (shoelace, in square degrees): positive when counter-clockwise. Open or closed. */
export function ringArea(ring: readonly Position[]): number {
  let sum = 0
  const n = ring.length
  for (let i = 0; i < n; i++) {
    const a = ring[i]!
    const b = ring[(i + 1) % n]!
    sum += a[0] * b[1] - b[0] * a[1]
  }
  return sum / 2
}

/** Area of polygons with holes (holes subtract whatever their orientation). */
export function polygonsArea(polygons: readonly PolygonCoords[]): number {
  let area = 0
  for (const poly of polygons) poly.forEach((ring, i) => (area += i === 0 ? Math.abs(ringArea(ring)) : -Math.abs(ringArea(ring))))
  return area
}

/** Even–odd ray casting; works on open or closed rings. */
export function pointInRing(p: Position, ring: readonly Position[]): boolean {
  let inside = false
  const n = ring.length
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const a = ring[i]!
    const b = ring[j]!
    if (a[1] > p[1] !== b[1] > p[1] && p[0] < ((b[0] - a[0]) * (p[1] - a[1])) / (b[1] - a[1]) + a[0]) inside = !inside
  }
  return inside
}

export function pointInPolygons(p: Position, polygons: readonly PolygonCoords[]): boolean {
  return polygons.some((poly) => poly[0] !== undefined && pointInRing(p, poly[0]) && !poly.slice(1).some((hole) => pointInRing(p, hole)))
}

/** Area-weighted centroid of a ring (falls back to the vertex mean for a degenerate ring). */
export function ringCentroid(ring: readonly Position[]): Position {
  let a = 0
  let cx = 0
  let cy = 0
  const n = ring.length
  for (let i = 0; i < n; i++) {
    const p = ring[i]!
    const q = ring[(i + 1) % n]!
    const cross = p[0] * q[1] - q[0] * p[1]
    a += cross
    cx += (p[0] + q[0]) * cross
    cy += (p[1] + q[1]) * cross
  }
  if (Math.abs(a) < 1e-15) {
    const sx = ring.reduce((s, p) => s + p[0], 0)
    const sy = ring.reduce((s, p) => s + p[1], 0)
    return [sx / Math.max(1, n), sy / Math.max(1, n)]
  }
  return [cx / (3 * a), cy / (3 * a)]
}

/** The largest outer ring of a set of polygons. */
export function largestRing(polygons: readonly PolygonCoords[]): Ring | undefined {
  let best: Ring | undefined
  let bestArea = -1
  for (const poly of polygons) {
    const outer = poly[0]
    if (!outer) continue
    const area = Math.abs(ringArea(outer))
    if (area > bestArea) {
      bestArea = area
      best = outer
    }
  }
  return best
}

/** A label point: the centroid of the largest ring when it lies inside, else `fallback`. */
export function labelPoint(polygons: readonly PolygonCoords[], fallback: Position): Position {
  const ring = largestRing(polygons)
  if (!ring) return fallback
  const c = ringCentroid(openRing(ring))
  return pointInPolygons(c, polygons) ? c : fallback
}

export function round(x: number, decimals: number): number {
  const f = 10 ** decimals
  return Math.round(x * f) / f
}

/**
 * Round every position, drop the repeats rounding makes, and drop rings that collapse (fewer than
 * three distinct points or no area). Polygons whose outer ring collapses are dropped whole.
 */
export function roundPolygons(polygons: readonly PolygonCoords[], decimals: number): PolygonCoords[] {
  const out: PolygonCoords[] = []
  for (const poly of polygons) {
    const rings: Ring[] = []
    poly.forEach((ring, i) => {
      const open = openRing(ring.map((p): Position => [round(p[0], decimals), round(p[1], decimals)]))
      if (open.length < 3 || ringArea(open) === 0) return
      if (i === 0 || rings.length > 0) rings.push(closeRing(open))
    })
    if (rings.length > 0) out.push(rings)
  }
  return out
}

export interface BBox {
  minLng: number
  minLat: number
  maxLng: number
  maxLat: number
}

export function bboxOf(polygons: readonly PolygonCoords[]): BBox {
  const b: BBox = { minLng: Infinity, minLat: Infinity, maxLng: -Infinity, maxLat: -Infinity }
  for (const poly of polygons)
    for (const ring of poly)
      for (const [lng, lat] of ring) {
        if (lng < b.minLng) b.minLng = lng
        if (lng > b.maxLng) b.maxLng = lng
        if (lat < b.minLat) b.minLat = lat
        if (lat > b.maxLat) b.maxLat = lat
      }
  return b
}
