/**
 * The wall's map data as the server serves it at /geo (scripts/README.md): a manifest, and one file
 * per region whose features are that region's children. Town cells are schematic (示意) until
 * official boundaries are imported. Always fetched from our own server, never from tiles online;
 * the server answers with an ETag, so a drill-down revalidates cheaply and picks up an import.
 */
import type { ManifestEntry, VillagePoint } from '../../../shared/geo/files'

export type { ManifestEntry, VillagePoint }

export type LngLat = [number, number]

export interface GeoFeature {
  type: 'Feature'
  properties: { code: string; name: string; cp?: LngLat; schematic?: boolean }
  geometry: { type: 'Polygon'; coordinates: LngLat[][] } | { type: 'MultiPolygon'; coordinates: LngLat[][][] }
}

export interface GeoFile {
  type: 'FeatureCollection'
  code?: string
  schematic?: boolean
  features: GeoFeature[]
  /** District files only: every village or community as a point. */
  villages?: VillagePoint[]
}

async function getJson<T>(url: string): Promise<T | null> {
  const res = await fetch(url).catch(() => null)
  if (!res?.ok) return null
  return (await res.json().catch(() => null)) as T | null
}

/** The manifest's list of files; empty when the server has none. */
export async function fetchManifest(): Promise<ManifestEntry[]> {
  const body = await getJson<{ files?: ManifestEntry[] }>('/geo/manifest.json')
  return body?.files ?? []
}

/** A map file named by the manifest (so the wall never asks for one that does not exist). */
export function fetchGeoFile(entry: ManifestEntry): Promise<GeoFile | null> {
  return getJson<GeoFile>(`/geo/${encodeURIComponent(entry.file)}`)
}
