import { CREDIT, PACKAGE, type Manifest, type ManifestEntry } from './output'

/**
 * The manifest the wall reads: the built one with every imported file (kept in the store) in place
 * of its built entry, so that entry says `schematic: false` and `imported`. Without a built
 * manifest, the imports alone (version 0, as an import into an empty directory always wrote).
 */
export function overlayManifest(built: Manifest | undefined, imported: readonly ManifestEntry[]): Manifest | undefined {
  if (imported.length === 0) return built
  const base: Manifest = built ?? {
    version: 0,
    credit: CREDIT,
    source: { package: PACKAGE, version: 'unknown', license: 'MIT', files: '' },
    mapping: { renamed: [], noPolygon: {} },
    files: [],
    totalBytes: 0,
  }
  const mine = new Map(imported.map((e) => [e.file, e]))
  const files = base.files.map((e) => mine.get(e.file) ?? e)
  for (const e of imported) if (!base.files.some((b) => b.file === e.file)) files.push(e)
  return { ...base, files, totalBytes: files.reduce((s, f) => s + f.bytes, 0) }
}

/** Names the wall may ask for under /geo/: map files and the manifest, never a path. */
export const GEO_FILE_NAME = /^[a-z0-9][a-z0-9-]*\.json$/
