/**
 * `npm run geo:import -- <regionCode> <file.geojson>`: replace the map of a region's children
 * (a district's schematic town cells, say) with official boundaries.
 *
 * The file is validated first (validate.ts); on any problem the errors are printed, the exit code
 * is 2 and nothing is written. On success the map file is simplified like the build's, written
 * atomically (temp file + rename) to public/geo — and to dist/client/geo when the wall is built,
 * so a running server serves it at once — and the manifest records the import. `npm run geo`
 * keeps imported files (unless run with --force).
 *
 * The region tree is the demo tree, or the store's when YIPING_DATA_DIR holds a yiping.sqlite.
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import type { Region } from '../../shared/regions/tree'
import { demoRegions } from '../../server/demo/regions'
import { LEVELS } from './build'
import { labelPoint, pointInPolygons, roundPolygons, geometryOf, type Position } from './geometry'
import {
  DEFAULT_OUT_DIR,
  entryFor,
  geoFileName,
  CREDIT,
  readManifest,
  serializeGeoFile,
  writeFileAtomic,
  writeManifest,
  type GeoFile,
  type Manifest,
  type VillagePoint,
} from './output'
import { simplifyShared } from './simplify'
import { assertGeoImport, type GeoImportContext, type ValidImport } from './validate'
import { PACKAGE } from './names'

/** Simplification of imported boundaries, by the level of the region whose map it is. */
const IMPORT_LEVELS = {
  province: LEVELS.province,
  city: LEVELS.city,
  district: LEVELS.district,
  town: { tolerance: 0.0002, decimals: 5, minArea: 0 },
} as const

export interface ImportOptions {
  /** Where it says it came from, for the manifest (a file name, "upload by <user>", …). */
  from: string
  /** Simplification tolerance in degrees (0 keeps every point); default by level. */
  tolerance?: number
  /** ISO time of the import (default now). */
  at?: string
}

/** Validated input → the map file to write (pure: nothing touches the disk). */
export function renderImport(valid: ValidImport, regions: readonly Region[], options: ImportOptions): { fileName: string; file: GeoFile } {
  const lv = IMPORT_LEVELS[valid.level]
  const tolerance = options.tolerance ?? lv.tolerance
  const simplified = simplifyShared(
    valid.features.map((f) => f.polygons),
    tolerance,
    { minArea: lv.minArea },
  )
  const features = valid.features.map((f, i) => {
    const polygons = roundPolygons(simplified[i]!, lv.decimals)
    const cp: Position = f.centre && pointInPolygons(f.centre, polygons) ? f.centre : labelPoint(polygons, f.centre ?? [0, 0])
    const f10 = 10 ** lv.decimals
    return {
      type: 'Feature' as const,
      properties: { code: f.code, name: f.name, cp: [Math.round(cp[0] * f10) / f10, Math.round(cp[1] * f10) / f10] as Position, schematic: false },
      geometry: geometryOf(polygons),
    }
  })
  const { region } = valid
  const file: GeoFile = {
    type: 'FeatureCollection',
    level: valid.level,
    code: region.code,
    name: region.name,
    schematic: false,
    source: `official boundaries imported from ${options.from}`,
    imported: { from: options.from, at: options.at ?? new Date().toISOString() },
    features,
  }
  if (valid.level === 'district') file.villages = villagesOf(region.code, regions)
  return { fileName: geoFileName(valid.level, region.code), file }
}

function villagesOf(districtCode: string, regions: readonly Region[]): VillagePoint[] {
  const towns = new Set(regions.filter((r) => r.parent === districtCode).map((r) => r.code))
  return regions
    .filter((r) => r.level === 'village' && r.parent !== null && towns.has(r.parent) && r.lng !== undefined && r.lat !== undefined)
    .map((v) => ({ code: v.code, name: v.name, lng: v.lng!, lat: v.lat! }))
}

export interface ImportResult {
  fileName: string
  bytes: number
  features: number
  warnings: string[]
  written: string[]
}

/**
 * Validate, render and write. Throws GeoImportError (with every problem) before writing anything
 * when the input is not acceptable. `mirrorDirs` get a copy when they exist (dist/client/geo).
 */
export function importGeo(
  input: unknown,
  ctx: GeoImportContext & ImportOptions & { outDir?: string; mirrorDirs?: string[] },
): ImportResult {
  const valid = assertGeoImport(input, ctx)
  const { fileName, file } = renderImport(valid, ctx.regions, ctx)
  const content = serializeGeoFile(file)
  const outDir = path.resolve(ctx.outDir ?? DEFAULT_OUT_DIR)
  const written: string[] = []
  for (const dir of [outDir, ...(ctx.mirrorDirs ?? []).filter((d) => fs.existsSync(d))]) {
    writeFileAtomic(path.join(dir, fileName), content)
    const previous = readManifest(dir)
    const entry = entryFor(file, fileName, Buffer.byteLength(content))
    // Without a built manifest, version 0 makes `npm run build` build the rest (keeping this file).
    const base: Omit<Manifest, 'totalBytes'> = previous ?? {
      version: 0,
      credit: CREDIT,
      source: { package: PACKAGE, version: 'unknown', license: 'MIT', files: '' },
      mapping: { renamed: [], noPolygon: {} },
      files: [],
    }
    writeManifest(dir, { ...base, files: [...base.files.filter((e) => e.file !== fileName), entry] })
    written.push(path.join(dir, fileName))
  }
  return { fileName, bytes: Buffer.byteLength(content), features: file.features.length, warnings: valid.warnings, written }
}

/** The store's region tree when YIPING_DATA_DIR holds a database, else the demo tree. */
export function cliRegions(env: NodeJS.ProcessEnv = process.env): { regions: Region[]; from: string } {
  const dir = env.YIPING_DATA_DIR
  const file = dir ? path.join(path.resolve(dir), 'yiping.sqlite') : undefined
  if (file && fs.existsSync(file)) {
    // Read-only: a running server may hold the database; no migrations from here.
    const db = new Database(file, { readonly: true, fileMustExist: true })
    try {
      const rows = db.prepare(`SELECT code, name, level, parent, lng, lat FROM regions`).all() as Array<Region & { lng: number | null; lat: number | null }>
      if (rows.length > 0) {
        const regions = rows.map(({ lng, lat, ...r }) => ({ ...r, ...(lng !== null ? { lng } : {}), ...(lat !== null ? { lat } : {}) }))
        return { regions, from: file }
      }
    } finally {
      db.close()
    }
  }
  return { regions: demoRegions(), from: 'the demo region tree' }
}

const USAGE = 'usage: npm run geo:import -- <regionCode> <file.geojson> [--tolerance <degrees>] [--out <dir>]'

export function main(argv: string[]): number {
  const args: string[] = []
  let tolerance: number | undefined
  let outDir: string | undefined
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (a === '--tolerance') tolerance = Number(argv[++i])
    else if (a === '--out') outDir = argv[++i]
    else args.push(a)
  }
  const [regionCode, file] = args
  if (!regionCode || !file || args.length > 2 || (tolerance !== undefined && !(tolerance >= 0))) {
    console.error(USAGE)
    return 2
  }
  let text: Buffer
  try {
    text = fs.readFileSync(file)
  } catch (err) {
    console.error(`geo:import: cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`)
    return 2
  }
  const { regions, from } = cliRegions()
  try {
    const out = outDir ? path.resolve(outDir) : path.resolve(DEFAULT_OUT_DIR)
    const result = importGeo(new Uint8Array(text), {
      regionCode,
      regions,
      from: path.basename(file),
      ...(tolerance !== undefined ? { tolerance } : {}),
      outDir: out,
      mirrorDirs: outDir ? [] : [path.resolve('dist/client/geo')],
    })
    for (const w of result.warnings) console.warn(`geo:import: warning: ${w}`)
    for (const w of result.written) process.stdout.write(`geo:import: wrote ${w} (${result.features} features, ${result.bytes} bytes)\n`)
    process.stdout.write(`geo:import: region tree: ${from}\n`)
    return 0
  } catch (err) {
    const errors = err instanceof Error && 'errors' in err && Array.isArray(err.errors) ? (err.errors as string[]) : undefined
    if (errors) {
      console.error(`geo:import: ${file} was not imported (nothing was replaced):`)
      for (const e of errors) console.error(`  - ${e}`)
      return 2
    }
    console.error(`geo:import: ${err instanceof Error ? err.message : String(err)}`)
    return 1
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2))
}
