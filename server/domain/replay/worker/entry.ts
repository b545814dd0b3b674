import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

/** The project's root, from this file's place in it (server/domain/replay/worker). */
export const PROJECT_ROOT = fileURLToPath(new URL('../../../../', import.meta.url))
/** Where `npm run build` puts the snapshot thread as one JavaScript module (scripts/build/snapshotWorker.ts). */
export const BUNDLE_DIR = path.join(PROJECT_ROOT, 'dist', 'server')
export const BUNDLE_FILE = 'snapshotWorker.mjs'
export const MANIFEST_FILE = 'snapshotWorker.json'

/** What the bundle was built from: each source file (relative to the project root) with the SHA-256 of its text. */
export interface BundleManifest {
  inputs: Record<string, string>
}

export const sha256 = (text: Buffer | string): string => createHash('sha256').update(text).digest('hex')

/**
 * The module the snapshot thread starts from: the bundle built by `npm run build` when every source
 * it was built from is unchanged, else bootstrap.mjs, which registers tsx's loader in the thread and
 * compiles the TypeScript there (1.4–1.8 s of CPU at each start; the bundle ~0.3 s). The bundle is
 * checked, not trusted: a server run by `tsx watch` or by the tests after an edit would otherwise
 * run yesterday's snapshot code beside today's replayer. Read once, at the server's start.
 */
export function snapshotWorkerEntry(dir = BUNDLE_DIR, root = PROJECT_ROOT): URL {
  const fallback = new URL('./bootstrap.mjs', import.meta.url)
  let manifest: BundleManifest
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST_FILE), 'utf8')) as BundleManifest
  } catch {
    return fallback
  }
  const bundle = path.join(dir, BUNDLE_FILE)
  if (!fs.existsSync(bundle) || Object.keys(manifest.inputs ?? {}).length === 0) return fallback
  for (const [file, hash] of Object.entries(manifest.inputs)) {
    let text: Buffer
    try {
      text = fs.readFileSync(path.join(root, file))
    } catch {
      return fallback
    }
    if (sha256(text) !== hash) return fallback
  }
  return pathToFileURL(bundle)
}
