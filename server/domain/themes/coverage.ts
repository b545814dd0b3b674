import type { RegionTree } from '../../../shared/regions/tree'

type Ring = number[][]
interface Feature {
  properties?: { code?: string }
  geometry?: { type: string; coordinates: unknown }
}

/** Roughly 250 m between samples: fine enough for a share in whole percent of a town. */
const STEP_DEG = 0.0025
const M_PER_DEG_LAT = 111_320

function polygonsOf(f: Feature): Ring[][] {
  const g = f.geometry
  if (!g) return []
  if (g.type === 'Polygon') return [g.coordinates as Ring[]]
  if (g.type === 'MultiPolygon') return g.coordinates as Ring[][]
  return []
}

function inRing(x: number, y: number, ring: Ring): boolean {
  let inside = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number]
    const [xj, yj] = ring[j] as [number, number]
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}

const inPolygon = (x: number, y: number, rings: Ring[]) => inRing(x, y, rings[0]!) && !rings.slice(1).some((h) => inRing(x, y, h))

export interface Station {
  lng: number
  lat: number
  rescueRadiusM: number
}

/**
 * 五分钟救援圈 coverage: the share of each map area (a district's towns) that lies within some
 * station's rescue circle, by sampling a regular grid over the area. Computed once per map file.
 */
export function sampleCoverage(features: readonly Feature[], stations: readonly Station[]): Map<string, { samples: number; covered: number }> {
  const out = new Map<string, { samples: number; covered: number }>()
  for (const f of features) {
    const code = f.properties?.code
    if (!code) continue
    let samples = 0
    let covered = 0
    for (const rings of polygonsOf(f)) {
      const outer = rings[0] ?? []
      const xs = outer.map((p) => p[0]!)
      const ys = outer.map((p) => p[1]!)
      for (let y = Math.min(...ys) + STEP_DEG / 2; y < Math.max(...ys); y += STEP_DEG) {
        const mPerDegLng = M_PER_DEG_LAT * Math.cos((y * Math.PI) / 180)
        for (let x = Math.min(...xs) + STEP_DEG / 2; x < Math.max(...xs); x += STEP_DEG) {
          if (!inPolygon(x, y, rings)) continue
          samples++
          if (stations.some((s) => Math.hypot((x - s.lng) * mPerDegLng, (y - s.lat) * M_PER_DEG_LAT) <= s.rescueRadiusM)) covered++
        }
      }
    }
    out.set(code, { samples, covered })
  }
  return out
}

/** The share of a region's area inside the circles: its towns' samples summed (a village: its town's). */
export function coverageOf(code: string, tree: RegionTree, towns: ReadonlyMap<string, { samples: number; covered: number }>): number | null {
  let samples = 0
  let covered = 0
  const node = tree.get(code)
  if (!node) return null
  const start = node.level === 'village' && node.parent ? node.parent : code
  const walk = (c: string) => {
    const t = towns.get(c)
    if (t) {
      samples += t.samples
      covered += t.covered
      return
    }
    for (const k of tree.get(c)?.children ?? []) walk(k)
  }
  walk(start)
  return samples === 0 ? null : covered / samples
}
