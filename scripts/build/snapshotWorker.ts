/**
 * Run by `npm run build`: bundles the snapshot thread (server/domain/replay/worker/snapshotWorker.ts
 * and the domain and store code it imports) into dist/server/snapshotWorker.mjs, so that the thread
 * starts without compiling TypeScript, and lists the sources with their hashes beside it: the server
 * starts the bundle only while they are unchanged (server/domain/replay/worker/entry.ts). Packages
 * stay imports, found in node_modules at run time. esbuild (the version tsx compiles with) is a dependency of its own.
 */
import fs from 'node:fs'
import path from 'node:path'
import { build } from 'esbuild'
import { BUNDLE_DIR, BUNDLE_FILE, MANIFEST_FILE, PROJECT_ROOT, sha256, type BundleManifest } from '../../server/domain/replay/worker/entry'

export async function buildSnapshotWorker(outDir = BUNDLE_DIR): Promise<BundleManifest> {
  const result = await build({
    absWorkingDir: PROJECT_ROOT,
    entryPoints: ['server/domain/replay/worker/snapshotWorker.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile: path.join(outDir, BUNDLE_FILE),
    metafile: true,
    logLevel: 'warning',
  })
  const code = fs.readFileSync(path.join(outDir, BUNDLE_FILE), 'utf8')
  // A module that finds a file next to itself (new URL(…, import.meta.url)) would look for it in
  // dist/server. The one such use, the writer thread's start, never runs in the snapshot thread:
  // it only reads the log. Any other is refused here rather than found broken at run time.
  const uses = code.split('import.meta').length - 1
  if (uses > 1 || (uses === 1 && !code.includes('new URL("./writerWorker.mjs", import.meta.url)'))) {
    throw new Error('the snapshot thread bundle refers to files beside a module (import.meta): start it through bootstrap.mjs or copy them')
  }
  const inputs: Record<string, string> = {}
  for (const file of Object.keys(result.metafile.inputs).sort()) inputs[file] = sha256(fs.readFileSync(path.join(PROJECT_ROOT, file)))
  const manifest: BundleManifest = { inputs }
  fs.writeFileSync(path.join(outDir, MANIFEST_FILE), JSON.stringify(manifest, null, 1))
  return manifest
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const manifest = await buildSnapshotWorker()
  process.stdout.write(`snapshot thread: ${path.relative(PROJECT_ROOT, path.join(BUNDLE_DIR, BUNDLE_FILE))} from ${Object.keys(manifest.inputs).length} sources\n`)
}
