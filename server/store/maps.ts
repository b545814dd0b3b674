import type { ManifestEntry } from '../../shared/geo/files'

/**
 * An imported map file (official boundaries replacing a built, schematic one): its name under
 * /geo/, its text as served, the manifest entry describing it and when it was saved (the app
 * clock). Kept in the store, not in one node's data directory, so every node serves every import.
 */
export interface StoredMap {
  file: string
  body: string
  entry: ManifestEntry
  savedAt: number
}

/** A stored map without its text (what the manifest and a validator need). */
export type StoredMapMeta = Omit<StoredMap, 'body'> & { bytes: number }

/** Imported map files by name; the built ones ship with the wall and are never stored. */
export interface MapStore {
  /**
   * Keep a map. `replace` (an import) overwrites one of the same name; `keep` writes only when
   * there is none (adopting an older install's files: several nodes may do it at once). True when written.
   */
  put(map: StoredMap, mode?: 'replace' | 'keep'): Promise<boolean>
  get(file: string): Promise<(StoredMap & { bytes: number }) | null>
  /** Every stored map's metadata, by file name. */
  list(): Promise<StoredMapMeta[]>
}
