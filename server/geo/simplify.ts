/**
 * Douglas–Peucker simplification of polylines, and of whole maps without opening gaps: borders
 * shared by neighbours are cut into arcs at junctions (as TopoJSON does) and every arc is simplified
 * once, so both sides of a border get exactly the same points.
 */
import { closeRing, openRing, ringArea, samePosition, type AreaGeometry, type PolygonCoords, type Position, type Ring } from './geometry'

/** Simplification tolerance (degrees of latitude; 0.001° ≈ 110 m) and rounding per map level. */
export const LEVELS = {
  province: { tolerance: 0.006, decimals: 3, minArea: 1e-4 },
  city: { tolerance: 0.0015, decimals: 4, minArea: 4e-6 },
  district: { tolerance: 0.0006, decimals: 5, minArea: 1e-6 },
} as const

/** Squared distance from p to segment ab, with longitude scaled by `kx` (cos of the latitude). */
function segmentDistance2(p: Position, a: Position, b: Position, kx: number): number {
  const ax = a[0] * kx
  const bx = b[0] * kx
  const px = p[0] * kx
  const dx = bx - ax
  const dy = b[1] - a[1]
  const len2 = dx * dx + dy * dy
  let t = len2 === 0 ? 0 : ((px - ax) * dx + (p[1] - a[1]) * dy) / len2
  t = Math.max(0, Math.min(1, t))
  const ex = px - (ax + t * dx)
  const ey = p[1] - (a[1] + t * dy)
  return ex * ex + ey * ey
}

/**
 * Douglas–Peucker on an open polyline, keeping both ends. `tolerance` is in degrees of latitude
 * (longitude differences are scaled by cos(lat), so the tolerance is round on the ground).
 */
export function douglasPeucker(points: readonly Position[], tolerance: number, kx = Math.cos((29.5 * Math.PI) / 180)): Position[] {
  const n = points.length
  if (n <= 2 || tolerance <= 0) return points.map((p): Position => [p[0], p[1]])
  const keep = new Uint8Array(n)
  keep[0] = 1
  keep[n - 1] = 1
  const tol2 = tolerance * tolerance
  const stack: Array<[number, number]> = [[0, n - 1]]
  while (stack.length > 0) {
    const [first, last] = stack.pop()!
    let maxD = -1
    let index = -1
    for (let i = first + 1; i < last; i++) {
      const d = segmentDistance2(points[i]!, points[first]!, points[last]!, kx)
      if (d > maxD) {
        maxD = d
        index = i
      }
    }
    if (index >= 0 && maxD > tol2) {
      keep[index] = 1
      stack.push([first, index], [index, last])
    }
  }
  const out: Position[] = []
  for (let i = 0; i < n; i++) if (keep[i]) out.push([points[i]![0], points[i]![1]])
  return out
}

const keyOf = (p: Position) => `${Math.round(p[0] * 1e7)},${Math.round(p[1] * 1e7)}`

/** Map-wide topology: which vertices are junctions (where a border meets another). */
function junctions(rings: readonly Position[][]): Set<string> {
  const neighbours = new Map<string, Set<string>>()
  const visits = new Map<string, number>()
  for (const ring of rings) {
    const n = ring.length
    for (let i = 0; i < n; i++) {
      const k = keyOf(ring[i]!)
      let set = neighbours.get(k)
      if (!set) neighbours.set(k, (set = new Set()))
      set.add(keyOf(ring[(i + n - 1) % n]!))
      set.add(keyOf(ring[(i + 1) % n]!))
      visits.set(k, (visits.get(k) ?? 0) + 1)
    }
  }
  const out = new Set<string>()
  for (const [k, set] of neighbours) if (set.size > 2 || (set.size === 2 && (visits.get(k) ?? 0) > 2)) out.add(k)
  return out
}

/**
 * Simplify the polygons of many features at once, keeping shared borders identical. Rings that
 * collapse (fewer than 3 points or no area) are dropped; a feature that would lose everything keeps
 * its original geometry. `minArea` (square degrees) drops islands smaller than that.
 */
export function simplifyShared(
  geometries: readonly PolygonCoords[][],
  tolerance: number,
  options: { minArea?: number; kx?: number } = {},
): PolygonCoords[][] {
  const opened = geometries.map((polys) => polys.map((poly) => poly.map((ring) => openRing(ring))))
  const all: Position[][] = opened.flatMap((polys) => polys.flat())
  const cuts = junctions(all)
  const arcCache = new Map<string, Position[]>()

  const simplifyArc = (arc: Position[]): Position[] => {
    // Canonical direction, so an arc and its reverse (the neighbour's side) share one result.
    const first = keyOf(arc[0]!)
    const last = keyOf(arc[arc.length - 1]!)
    const forward = first < last || (first === last && keyOf(arc[1] ?? arc[0]!) <= keyOf(arc[arc.length - 2] ?? arc[0]!))
    const canonical = forward ? arc : [...arc].reverse()
    const key = canonical.map(keyOf).join(';')
    let done = arcCache.get(key)
    if (!done) {
      done = douglasPeucker(canonical, tolerance, options.kx)
      arcCache.set(key, done)
    }
    return forward ? done : [...done].reverse()
  }

  const simplifyRing = (ring: Position[]): Position[] => {
    const n = ring.length
    if (n < 3) return ring
    let start = ring.findIndex((p) => cuts.has(keyOf(p)))
    if (start < 0) {
      // No junction: a ring of its own (an island); cut it at its smallest key for a stable result.
      start = 0
      ring.forEach((p, i) => {
        if (keyOf(p) < keyOf(ring[start]!)) start = i
      })
      const arc = [...ring.slice(start), ...ring.slice(0, start), ring[start]!]
      // A closed arc: split at its middle so Douglas–Peucker has two distinct ends.
      const mid = Math.floor(arc.length / 2)
      return [...simplifyArc(arc.slice(0, mid + 1)), ...simplifyArc(arc.slice(mid)).slice(1)].slice(0, -1)
    }
    const rotated = [...ring.slice(start), ...ring.slice(0, start), ring[start]!]
    const out: Position[] = []
    let arcStart = 0
    for (let i = 1; i < rotated.length; i++) {
      if (i === rotated.length - 1 || cuts.has(keyOf(rotated[i]!))) {
        const arc = simplifyArc(rotated.slice(arcStart, i + 1))
        out.push(...arc.slice(0, -1))
        arcStart = i
      }
    }
    return out
  }

  const minArea = options.minArea ?? 0
  return opened.map((polys, f) => {
    const result: PolygonCoords[] = []
    for (const poly of polys) {
      const rings: Ring[] = []
      poly.forEach((ring, i) => {
        const open = openRing(closeRing(simplifyRing(ring)))
        const area = Math.abs(ringArea(open))
        if (open.length < 3 || area === 0 || area < minArea) return
        if (i === 0 || rings.length > 0) rings.push(closeRing(open))
      })
      if (rings.length > 0) result.push(rings)
    }
    return result.length > 0 ? result : geometries[f]!.map((poly) => poly.map((ring) => closeRing(openRing(ring))))
  })
}

/**
 * Union of polygons that share borders vertex for vertex (districts of one map): every edge that
 * appears in both directions is an inner border and cancels; what is left is stitched into rings.
 * Counter-clockwise results are outer rings, clockwise ones holes (put in the outer that holds them).
 */
export function dissolve(geometries: readonly AreaGeometry[]): PolygonCoords[] {
  // Directed edges with multiplicity (a ring may run along the same edge twice).
  const edges = new Map<string, { from: Position; fromKey: string; toKey: string; n: number }>()
  const addEdge = (a: Position, b: Position) => {
    const fromKey = keyOf(a)
    const toKey = keyOf(b)
    if (fromKey === toKey) return
    const reverse = edges.get(`${toKey}>${fromKey}`)
    if (reverse) {
      if (--reverse.n === 0) edges.delete(`${toKey}>${fromKey}`)
      return
    }
    const key = `${fromKey}>${toKey}`
    const e = edges.get(key)
    if (e) e.n++
    else edges.set(key, { from: a, fromKey, toKey, n: 1 })
  }
  for (const g of geometries) {
    const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates
    for (const poly of polys)
      poly.forEach((ring, i) => {
        let open = openRing(ring)
        const ccw = ringArea(open) > 0
        // Outer rings counter-clockwise, holes clockwise.
        if ((i === 0) !== ccw) open = open.reverse()
        for (let j = 0; j < open.length; j++) addEdge(open[j]!, open[(j + 1) % open.length]!)
      })
  }
  // Every vertex has as many edges out as in, so a walk always comes back to where it started.
  const outgoing = new Map<string, Array<{ from: Position; toKey: string }>>()
  for (const e of edges.values()) {
    const list = outgoing.get(e.fromKey) ?? []
    for (let i = 0; i < e.n; i++) list.push({ from: e.from, toKey: e.toKey })
    outgoing.set(e.fromKey, list)
  }
  const rings: Position[][] = []
  for (const [startKey, list] of outgoing) {
    while (list.length > 0) {
      const ring: Position[] = []
      let at = startKey
      for (let next = outgoing.get(at)?.pop(); next; next = outgoing.get(at)?.pop()) {
        ring.push(next.from)
        at = next.toKey
        if (at === startKey) break
      }
      if (ring.length >= 3 && Math.abs(ringArea(ring)) > 1e-9) rings.push(ring)
    }
  }
  const outers: Position[][] = []
  const holes: Position[][] = []
  for (const ring of rings) (ringArea(ring) > 0 ? outers : holes).push(ring)
  const polygons = outers.map((r): PolygonCoords => [closeRing(r)])
  for (const hole of holes) {
    const home = polygons.find((poly) => hole.some((p) => insideOpen(p, poly[0]!)))
    if (home) home.push(closeRing(hole))
  }
  return polygons
}

function insideOpen(p: Position, ring: readonly Position[]): boolean {
  let inside = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i]!
    const b = ring[j]!
    if (samePosition(a, p)) return false
    if (a[1] > p[1] !== b[1] > p[1] && p[0] < ((b[0] - a[0]) * (p[1] - a[1])) / (b[1] - a[1]) + a[0]) inside = !inside
  }
  return inside
}
