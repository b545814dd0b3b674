import type { Manifest } from './output'

/**
 * The manifest the wall reads: the built one with every file imported into the data directory in
 * place of its built entry (so that entry says `schematic: false` and `imported`). Either may be missing.
 */
export function overlayManifest(built: Manifest | undefined, imported: Manifest | undefined): Manifest | undefined {
  if (!imported || imported.files.length === 0) return built
  if (!built) return imported
  const mine = new Map(imported.files.map((e) => [e.file, e]))
  const files = built.files.map((e) => mine.get(e.file) ?? e)
  for (const e of imported.files) if (!built.files.some((b) => b.file === e.file)) files.push(e)
  return { ...built, files, totalBytes: files.reduce((s, f) => s + f.bytes, 0) }
}

/** Names the wall may ask for under /geo/: map files and the manifest, never a path. */
export const GEO_FILE_NAME = /^[a-z0-9][a-z0-9-]*\.json$/
