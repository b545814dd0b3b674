import type { RegionLevel } from '../domain/vocabulary'

/**
 * The map files served at /geo (scripts/README.md), as both the geo build and the wall read them:
 * a manifest, and one file per region whose features are that region's children.
 */

export interface VillagePoint {
  code: string
  name: string
  lng: number
  lat: number
}

export interface ManifestEntry {
  file: string
  level: RegionLevel
  code: string
  name: string
  bytes: number
  features: number
  schematic: boolean
  /** Set by an import of official boundaries (the build then leaves the file alone). */
  imported?: { from: string; at: string }
}

export interface Manifest {
  version: number
  credit: string
  source: { package: string; version: string; license: string; files: string }
  /** Package names mapped to today's divisions, and today's divisions drawn inside others. */
  mapping: { renamed: Array<{ from: string; to: string; code: string; note: string }>; noPolygon: Record<string, string> }
  files: ManifestEntry[]
  totalBytes: number
}
