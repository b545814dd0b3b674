/**
 * Schematic town cells: the Voronoi cell of each town centre, clipped to its district.
 *
 * cell_i = district ∩ ⋂_{j≠i} { p : p is closer to site i than to site j }
 *
 * Each half-plane clip keeps the part of every ring on one side of a line. The district is not
 * convex, so one clip can cut a ring into several pieces: the pieces are stitched along the line
 * (the crossings sorted along it pair up exit → entry), so no zero-width bridges are drawn.
 * Distances are measured with longitude scaled by cos(latitude), so cells look right on the map.
 */
import { closeRing, labelPoint, openRing, pointInPolygons, polygonsOf, ringArea, type AreaGeometry, type PolygonCoords, type Position } from '../../server/geo/geometry'

/** Keep { p : nx·p.lng + ny·p.lat ≥ c }. */
export interface HalfPlane {
  nx: number
  ny: number
  c: number
}

interface Crossing {
  point: Position
  s: number
  exit: boolean
  chain: number
}

/**
 * Clip one open, counter-clockwise ring (no holes) by a half-plane; returns open CCW rings.
 */
export function clipRing(ring: readonly Position[], h: HalfPlane): Position[][] {
  const n = ring.length
  if (n < 3) return []
  const d = ring.map((p) => h.nx * p[0] + h.ny * p[1] - h.c)
  const inside = d.map((v) => v >= 0)
  if (inside.every(Boolean)) return [ring.map((p): Position => [p[0], p[1]])]
  const start = inside.indexOf(false)
  if (inside.every((v) => !v)) return []

  // Direction along the line with the kept side on its left.
  const vx = h.ny
  const vy = -h.nx
  const chains: Position[][] = []
  const crossings: Crossing[] = []
  let current: Position[] | undefined
  for (let k = 0; k < n; k++) {
    const i = (start + k) % n
    const j = (i + 1) % n
    const a = ring[i]!
    const b = ring[j]!
    if (inside[i]) current?.push([a[0], a[1]])
    if (inside[i] !== inside[j]) {
      const t = d[i]! / (d[i]! - d[j]!)
      const x: Position = [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]
      const s = vx * x[0] + vy * x[1]
      if (!inside[i]) {
        current = [x]
        crossings.push({ point: x, s, exit: false, chain: chains.length })
        chains.push(current)
      } else if (current) {
        current.push(x)
        crossings.push({ point: x, s, exit: true, chain: chains.length - 1 })
        current = undefined
      }
    }
  }

  // Along the line (increasing s), each exit is followed by the entry that continues its piece.
  const sorted = [...crossings].sort((p, q) => p.s - q.s || (p.exit === q.exit ? 0 : p.exit ? -1 : 1))
  const nextChain = new Map<number, number>()
  sorted.forEach((c, idx) => {
    if (!c.exit) return
    const entry = sorted.slice(idx + 1).find((e) => !e.exit) ?? sorted.find((e) => !e.exit)
    if (entry) nextChain.set(c.chain, entry.chain)
  })

  const out: Position[][] = []
  const used = new Set<number>()
  for (let c = 0; c < chains.length; c++) {
    if (used.has(c)) continue
    const piece: Position[] = []
    let at: number | undefined = c
    while (at !== undefined && !used.has(at)) {
      used.add(at)
      piece.push(...chains[at]!)
      at = nextChain.get(at)
    }
    const open = openRing(closeRing(piece))
    if (open.length >= 3 && ringArea(open) > 0) out.push(open)
  }
  return out
}

/** The half-plane of points closer to `a` than to `b` (longitude scaled by kx). */
export function bisector(a: Position, b: Position, kx: number): HalfPlane {
  const k2 = kx * kx
  const nx = k2 * (a[0] - b[0])
  const ny = a[1] - b[1]
  return { nx, ny, c: (nx * (a[0] + b[0]) + ny * (a[1] + b[1])) / 2 }
}

export interface Site {
  lng: number
  lat: number
}

/**
 * One cell per site: the district's polygons clipped by every bisector. Holes in the district are
 * ignored (the demo districts have none; a lake in a cell is drawn as land). Returns polygons per
 * site, empty when a site's cell misses the district altogether.
 */
export function voronoiCells(sites: readonly Site[], district: AreaGeometry, kx?: number): PolygonCoords[][] {
  const outers = polygonsOf(district)
    .map((poly) => poly[0])
    .filter((r): r is Position[] => r !== undefined)
    .map((r) => {
      const open = openRing(r)
      return ringArea(open) < 0 ? open.reverse() : open
    })
  const meanLat = sites.reduce((s, p) => s + p.lat, 0) / Math.max(1, sites.length)
  const k = kx ?? Math.cos((meanLat * Math.PI) / 180)
  return sites.map((site, i) => {
    let pieces = outers
    sites.forEach((other, j) => {
      if (j === i || pieces.length === 0) return
      if (other.lng === site.lng && other.lat === site.lat) return
      // Same line for both sides of a pair: compute it from the lower index and negate.
      const h = i < j ? bisector([site.lng, site.lat], [other.lng, other.lat], k) : negate(bisector([other.lng, other.lat], [site.lng, site.lat], k))
      pieces = pieces.flatMap((ring) => clipRing(ring, h))
    })
    return pieces.map((ring): PolygonCoords => [closeRing(ring)])
  })
}

const negate = (h: HalfPlane): HalfPlane => ({ nx: -h.nx, ny: -h.ny, c: -h.c })

/**
 * A site for a town whose centre lies outside its district's outline (approximate centres, or an
 * outline simplified at the edge): the nearest point of the outline, pushed inward up to ~1 km.
 * Returns the point itself when it is already inside. `kx` scales longitude as above.
 */
export function placeInside(p: Position, polygons: readonly PolygonCoords[], kx = Math.cos((p[1] * Math.PI) / 180)): Position {
  if (pointInPolygons(p, polygons)) return p
  let best: Position | undefined
  let bestD = Infinity
  for (const poly of polygons)
    for (const ring of poly)
      for (let i = 0; i + 1 < ring.length; i++) {
        const a = ring[i]!
        const b = ring[i + 1]!
        const dx = (b[0] - a[0]) * kx
        const dy = b[1] - a[1]
        const len2 = dx * dx + dy * dy
        const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, (((p[0] - a[0]) * kx) * dx + (p[1] - a[1]) * dy) / len2))
        const q: Position = [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]
        const d = Math.hypot((q[0] - p[0]) * kx, q[1] - p[1])
        if (d < bestD) {
          bestD = d
          best = q
        }
      }
  if (!best) return labelPoint(polygons, p)
  // Step inward from the nearest boundary point: straight on first, then any direction (a sharp
  // corner may have no interior straight ahead), the candidate nearest the centre winning.
  const ux = bestD === 0 ? 0 : (best[0] - p[0]) / bestD
  const uy = bestD === 0 ? 0 : (best[1] - p[1]) / bestD
  for (const step of [0.005, 0.0025, 0.001, 0.0005, 0.0002]) {
    const ahead: Position = [best[0] + (ux * step) / kx, best[1] + uy * step]
    if (bestD > 0 && pointInPolygons(ahead, polygons)) return ahead
    let pick: Position | undefined
    let pickD = Infinity
    for (let k = 0; k < 16; k++) {
      const angle = (k * Math.PI) / 8
      const q: Position = [best[0] + (Math.cos(angle) * step) / kx, best[1] + Math.sin(angle) * step]
      const d = Math.hypot((q[0] - p[0]) * kx, q[1] - p[1])
      if (d < pickD && pointInPolygons(q, polygons)) {
        pick = q
        pickD = d
      }
    }
    if (pick) return pick
  }
  return labelPoint(polygons, p)
}
