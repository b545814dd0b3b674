/**
 * Run by `npm run build`: builds public/geo (scripts/geo/build.ts) only when it is missing or out
 * of date — no manifest, another GEO_VERSION, or a listed file gone. The committed output makes
 * this a no-op normally, so a build does not need the map package.
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { DEFAULT_OUT_DIR, GEO_VERSION, readManifest } from '../../server/geo/output'

/** Why public/geo must be (re)built, or undefined when it is current. */
export function staleReason(outDir: string): string | undefined {
  const manifest = readManifest(outDir)
  if (!manifest) return `${path.join(outDir, 'manifest.json')} is missing`
  if (manifest.version !== GEO_VERSION) return `its version is ${manifest.version}, the build's ${GEO_VERSION}`
  const missing = manifest.files.find((f) => !fs.existsSync(path.join(outDir, f.file)))
  return missing ? `${missing.file} is missing` : undefined
}

async function main(): Promise<void> {
  const outDir = path.resolve(DEFAULT_OUT_DIR)
  const reason = staleReason(outDir)
  if (!reason) return
  process.stdout.write(`geo: building public/geo (${reason})\n`)
  const { buildGeo } = await import('./build')
  const { manifest, warnings } = buildGeo({ outDir })
  for (const w of warnings) console.warn(`geo: warning: ${w}`)
  process.stdout.write(`geo: ${manifest.files.length} files, ${Math.round(manifest.totalBytes / 1024)} KB\n`)
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error(`geo: ${err instanceof Error ? err.message : String(err)}`)
    process.exit(1)
  })
}
