import type { GeoFeature, GeoFile, LngLat, ManifestEntry, VillagePoint } from './geoFiles'

/** What the map needs of the region tree (the regions store satisfies it). */
export interface TreeLookup {
  byCode: ReadonlyMap<string, { code: string; name: string; level: string; parent: string | null; lng?: number; lat?: number }>
}

export interface Place {
  code: string
  name: string
  lng: number
  lat: number
}

/**
 * One map as drawn for one region:
 * - `regions` (province, city, district): the children are the file's features, filled by a metric;
 *   features of the file that are not regions of this tree stay as muted context;
 * - `town`: the town's cell as outline, its villages as points filled by the metric;
 * - `village`: the village's point in its town's cell, close up, with the risk points around it.
 */
export interface MapScene {
  region: string
  kind: 'regions' | 'town' | 'village'
  /** Name under which `geo` is registered with ECharts. */
  mapName: string
  geo: GeoFile
  schematic: boolean
  /** Children drawn as areas, each with the point its label sits on. */
  areas: Place[]
  /** Feature codes drawn as muted context only. */
  context: string[]
  /** Children drawn as points (a town's villages), or the village itself. */
  points: Place[]
  /** The view: [[west, north], [east, south]], as ECharts' geo.boundingCoords. */
  bounds: [LngLat, LngLat]
  /** Width of a degree of longitude against one of latitude here, so shapes are not stretched. */
  aspectScale: number
  /** The district around the region (for its fire stations), null above district level. */
  district: string | null
}

/** The manifest entry whose features are the children of `code` (or of its district, below it). */
export function entryFor(code: string, tree: TreeLookup, manifest: readonly ManifestEntry[]): ManifestEntry | undefined {
  const host = districtOf(code, tree) ?? code
  return manifest.find((e) => e.code === host)
}

function districtOf(code: string, tree: TreeLookup): string | null {
  for (let r = tree.byCode.get(code); r; r = r.parent ? tree.byCode.get(r.parent) : undefined) if (r.level === 'district') return r.code
  return null
}

type Box = [west: number, south: number, east: number, north: number]

function extend(box: Box, [lng, lat]: LngLat): void {
  if (lng < box[0]) box[0] = lng
  if (lat < box[1]) box[1] = lat
  if (lng > box[2]) box[2] = lng
  if (lat > box[3]) box[3] = lat
}

function featureBox(features: readonly GeoFeature[], box: Box = [Infinity, Infinity, -Infinity, -Infinity]): Box {
  for (const f of features) {
    const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates
    for (const poly of polys) for (const ring of poly) for (const pt of ring) extend(box, pt)
  }
  return box
}

function framed([w, s, e, n]: Box, margin: number): Pick<MapScene, 'bounds' | 'aspectScale'> {
  const dx = (e - w) * margin
  const dy = (n - s) * margin
  return {
    bounds: [
      [w - dx, n + dy],
      [e + dx, s - dy],
    ],
    aspectScale: Math.cos((((s + n) / 2) * Math.PI) / 180),
  }
}

/** Shoelace area (signed) and centroid of a ring. */
function ringCentroid(ring: readonly LngLat[]): { area: number; at: LngLat } {
  let a = 0
  let x = 0
  let y = 0
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [x0, y0] = ring[j]!
    const [x1, y1] = ring[i]!
    const cross = x0 * y1 - x1 * y0
    a += cross
    x += (x0 + x1) * cross
    y += (y0 + y1) * cross
  }
  return a === 0 ? { area: 0, at: ring[0] ?? [0, 0] } : { area: Math.abs(a / 2), at: [x / (3 * a), y / (3 * a)] }
}

function inRing([px, py]: LngLat, ring: readonly LngLat[]): boolean {
  let inside = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!
    const [xj, yj] = ring[j]!
    if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}

/**
 * Where an area's name goes: the middle of its largest piece when that lies inside it. The file's
 * `cp` is the seat of government, often at an edge (临安's is at its eastern end), where names of
 * neighbours would collide; it is the fallback for shapes whose middle falls outside them.
 */
function labelPoint(f: GeoFeature): LngLat {
  const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates
  let best: { area: number; at: LngLat; ring: LngLat[] } | null = null
  for (const poly of polys) {
    const outer = poly[0]
    if (!outer) continue
    const c = ringCentroid(outer)
    if (!best || c.area > best.area) best = { ...c, ring: outer }
  }
  if (best && inRing(best.at, best.ring)) return best.at
  if (f.properties.cp) return f.properties.cp
  const [w, s, e, n] = featureBox([f])
  return [(w + e) / 2, (s + n) / 2]
}

/** Half the width and height (degrees) of a village's close-up: its risk points and a neighbour or two. */
const VILLAGE_VIEW: LngLat = [0.016, 0.011]

/** The scene for `code`, from the map file `entryFor` chose; null when the file cannot draw it. */
export function buildScene(code: string, file: GeoFile, tree: TreeLookup): MapScene | null {
  const region = tree.byCode.get(code)
  if (!region) return null
  const district = districtOf(code, tree)
  const base = { region: code, mapName: `yiping-${code}`, district }
  const isChild = (c: string) => tree.byCode.get(c)?.parent === code

  if (region.level !== 'town' && region.level !== 'village') {
    const children = file.features.filter((f) => isChild(f.properties.code))
    const areas = children.map((f) => {
      const [lng, lat] = labelPoint(f)
      return { code: f.properties.code, name: tree.byCode.get(f.properties.code)?.name ?? f.properties.name, lng, lat }
    })
    return {
      ...base,
      kind: 'regions',
      geo: file,
      schematic: file.schematic === true || children.some((f) => f.properties.schematic),
      areas,
      context: file.features.filter((f) => !isChild(f.properties.code)).map((f) => f.properties.code),
      points: [],
      ...framed(featureBox(children.length ? children : file.features), 0.03),
    }
  }

  const townCode = region.level === 'town' ? code : region.parent
  const cell = file.features.find((f) => f.properties.code === townCode)
  if (!cell) return null
  const geo: GeoFile = { type: 'FeatureCollection', schematic: file.schematic, features: [cell] }
  // One registration per town cell, whether its town or one of its villages is shown.
  const cellBase = { ...base, mapName: `yiping-cell-${townCode}` }
  const schematic = file.schematic === true || cell.properties.schematic === true
  const villages = villagesOf(townCode!, file.villages ?? [], tree)

  if (region.level === 'town') {
    const box = featureBox([cell])
    for (const v of villages) extend(box, [v.lng, v.lat])
    return { ...cellBase, kind: 'town', geo, schematic, areas: [], context: [], points: villages, ...framed(box, 0.06) }
  }

  const village = villages.find((v) => v.code === code)
  if (!village) return null
  const [dx, dy] = VILLAGE_VIEW
  const box: Box = [village.lng - dx, village.lat - dy, village.lng + dx, village.lat + dy]
  // Close up, a village may sit near (or, the cells being schematic, across) its town's edge: the
  // district's cells are all drawn, as quiet context, with the town's own a little brighter.
  const context = file.features.map((f) => f.properties.code).filter((c) => c !== townCode)
  return { ...base, mapName: `yiping-${district ?? townCode}`, kind: 'village', geo: file, schematic, areas: [], context, points: [village], ...framed(box, 0) }
}

/** A town's villages: the file's points of the tree's children, then any child the tree places itself. */
function villagesOf(town: string, filePoints: readonly VillagePoint[], tree: TreeLookup): Place[] {
  const inTown = (c: string) => tree.byCode.get(c)?.parent === town
  const out: Place[] = filePoints.filter((v) => inTown(v.code)).map((v) => ({ ...v, name: tree.byCode.get(v.code)?.name ?? v.name }))
  const have = new Set(out.map((v) => v.code))
  for (const r of tree.byCode.values()) {
    if (r.parent === town && !have.has(r.code) && r.lng !== undefined && r.lat !== undefined) out.push({ code: r.code, name: r.name, lng: r.lng, lat: r.lat })
  }
  return out
}
