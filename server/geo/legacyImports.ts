/**
 * Imports made before maps were kept in the store lived in `${dataDir}/geo` (a manifest and one
 * file per import). A node starting on such a data directory hands them to the store once, so an
 * upgrade loses no official boundaries; the directory itself is left as it was.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { StoredMap } from '../store/maps'
import { readManifest } from './output'
import { GEO_FILE_NAME } from './served'

/** The maps an older version imported into `dir`: entries of its manifest whose file is still there. */
export function legacyImports(dir: string, fallbackAt: number): StoredMap[] {
  const manifest = readManifest(dir)
  if (!manifest) return []
  const out: StoredMap[] = []
  for (const entry of manifest.files) {
    if (!GEO_FILE_NAME.test(entry.file)) continue
    let body: string
    try {
      body = fs.readFileSync(path.join(dir, entry.file), 'utf8')
    } catch {
      // Removed by hand: it was not served as an import any more, so it is not adopted either.
      continue
    }
    const at = entry.imported ? Date.parse(entry.imported.at) : NaN
    out.push({ file: entry.file, body, entry: { ...entry, bytes: Buffer.byteLength(body) }, savedAt: Number.isFinite(at) ? at : fallbackAt })
  }
  return out
}
