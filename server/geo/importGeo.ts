/**
 * Importing official boundaries for a region's children: validate (validate.ts), simplify like the
 * build does, and write the map file and its manifest entry. Validating and rendering are shared by
 * the `npm run geo:import` CLI, which writes them atomically into public/geo (writeImport), and
 * `POST /api/v1/geo`, which keeps them in the store (plugins/app/geo.ts) for every node to serve.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Region } from '../../shared/regions/tree'
import { labelPoint, pointInPolygons, roundPolygons, geometryOf, type Position } from './geometry'
import {
  CREDIT,
  entryFor,
  geoFileName,
  PACKAGE,
  readManifest,
  serializeGeoFile,
  writeFileAtomic,
  writeManifest,
  type GeoFile,
  type Manifest,
  type ManifestEntry,
  type VillagePoint,
} from './output'
import { LEVELS, simplifyShared } from './simplify'
import { assertGeoImport, type GeoImportContext, type ValidImport } from './validate'

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

/**
 * An import ready to store: the map file's name and text and its manifest entry. What the worker
 * (server/geo/worker) hands back; where it is kept is the caller's business.
 */
export interface PreparedImport {
  fileName: string
  content: string
  entry: ManifestEntry
  bytes: number
  features: number
  warnings: string[]
}

export interface ImportResult {
  fileName: string
  bytes: number
  features: number
  warnings: string[]
  written: string[]
}

/** Validate and render (nothing touches the disk). Throws GeoImportError with every problem when the input is not acceptable. */
export function prepareImport(input: unknown, ctx: GeoImportContext & ImportOptions): PreparedImport {
  const valid = assertGeoImport(input, ctx)
  const { fileName, file } = renderImport(valid, ctx.regions, ctx)
  const content = serializeGeoFile(file)
  const bytes = Buffer.byteLength(content)
  return { fileName, content, entry: entryFor(file, fileName, bytes), bytes, features: file.features.length, warnings: valid.warnings }
}

export interface WriteOptions {
  outDir: string
  /** Get a copy when they exist (dist/client/geo). */
  mirrorDirs?: string[]
  /** Modes for the files and the directories created (the data directory's are private: 0600/0700). */
  fileMode?: number
  dirMode?: number
}

/** Write the map file and its manifest entry atomically into each directory; returns the files written. */
export function writeImport(prepared: PreparedImport, { outDir, mirrorDirs = [], fileMode, dirMode }: WriteOptions): string[] {
  const written: string[] = []
  const modes = { fileMode, dirMode }
  for (const dir of [path.resolve(outDir), ...mirrorDirs.filter((d) => fs.existsSync(d))]) {
    writeFileAtomic(path.join(dir, prepared.fileName), prepared.content, modes)
    const previous = readManifest(dir)
    // Without a built manifest, version 0 makes `npm run build` build the rest (keeping this file).
    const base: Omit<Manifest, 'totalBytes'> = previous ?? {
      version: 0,
      credit: CREDIT,
      source: { package: PACKAGE, version: 'unknown', license: 'MIT', files: '' },
      mapping: { renamed: [], noPolygon: {} },
      files: [],
    }
    writeManifest(dir, { ...base, files: [...base.files.filter((e) => e.file !== prepared.fileName), prepared.entry] }, modes)
    written.push(path.join(dir, prepared.fileName))
  }
  return written
}

/** Validate, render and write (the CLI). Throws GeoImportError before writing anything when the input is not acceptable. */
export function importGeo(input: unknown, ctx: GeoImportContext & ImportOptions & WriteOptions): ImportResult {
  const prepared = prepareImport(input, ctx)
  const written = writeImport(prepared, ctx)
  return { fileName: prepared.fileName, bytes: prepared.bytes, features: prepared.features, warnings: prepared.warnings, written }
}
