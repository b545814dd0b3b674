/**
 * `npm run geo:import -- <regionCode> <file.geojson>`: replace the map of a region's children
 * (a district's schematic town cells, say) with official boundaries.
 *
 * The file is validated first (server/geo/validate.ts); on any problem the errors are printed, the
 * exit code is 2 and nothing is written. On success the map file is simplified like the build's,
 * written atomically (temp file + rename) to public/geo — and to dist/client/geo when the wall is
 * built, so a running server serves it at once — and the manifest records the import. `npm run geo`
 * keeps imported files (unless run with --force). The work itself is server/geo/importGeo.ts, shared
 * with POST /api/v1/geo, whose imports (in the data directory) a server serves before these.
 *
 * The region tree is the demo tree, or the store's when YIPING_DATA_DIR holds a yiping.sqlite.
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import type { Region } from '../../shared/regions/tree'
import { demoRegions } from '../../server/demo/regions'
import { importGeo } from '../../server/geo/importGeo'
import { DEFAULT_OUT_DIR } from '../../server/geo/output'

/** The store's region tree when YIPING_DATA_DIR holds a database, else the demo tree. */
export function cliRegions(env: NodeJS.ProcessEnv = process.env): { regions: Region[]; from: string } {
  const dir = env.YIPING_DATA_DIR
  const file = dir ? path.join(path.resolve(dir), 'yiping.sqlite') : undefined
  if (file && fs.existsSync(file)) {
    // Read-only: a running server may hold the database; no migrations from here.
    const db = new Database(file, { readonly: true, fileMustExist: true })
    try {
      const rows = db.prepare(`SELECT code, name, level, parent, lng, lat FROM regions`).all() as Array<Region & { lng: number | null; lat: number | null }>
      if (rows.length > 0) {
        const regions = rows.map(({ lng, lat, ...r }) => ({ ...r, ...(lng !== null ? { lng } : {}), ...(lat !== null ? { lat } : {}) }))
        return { regions, from: file }
      }
    } finally {
      db.close()
    }
  }
  return { regions: demoRegions(), from: 'the demo region tree' }
}

const USAGE = 'usage: npm run geo:import -- <regionCode> <file.geojson> [--tolerance <degrees>] [--out <dir>]'

export function main(argv: string[]): number {
  const args: string[] = []
  let tolerance: number | undefined
  let outDir: string | undefined
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (a === '--tolerance') tolerance = Number(argv[++i])
    else if (a === '--out') outDir = argv[++i]
    else args.push(a)
  }
  const [regionCode, file] = args
  if (!regionCode || !file || args.length > 2 || (tolerance !== undefined && !(tolerance >= 0))) {
    console.error(USAGE)
    return 2
  }
  let text: Buffer
  try {
    text = fs.readFileSync(file)
  } catch (err) {
    console.error(`geo:import: cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`)
    return 2
  }
  const { regions, from } = cliRegions()
  try {
    const out = outDir ? path.resolve(outDir) : path.resolve(DEFAULT_OUT_DIR)
    const result = importGeo(new Uint8Array(text), {
      regionCode,
      regions,
      from: path.basename(file),
      ...(tolerance !== undefined ? { tolerance } : {}),
      outDir: out,
      mirrorDirs: outDir ? [] : [path.resolve('dist/client/geo')],
    })
    for (const w of result.warnings) console.warn(`geo:import: warning: ${w}`)
    for (const w of result.written) process.stdout.write(`geo:import: wrote ${w} (${result.features} features, ${result.bytes} bytes)\n`)
    process.stdout.write(`geo:import: region tree: ${from}\n`)
    return 0
  } catch (err) {
    const errors = err instanceof Error && 'errors' in err && Array.isArray(err.errors) ? (err.errors as string[]) : undefined
    if (errors) {
      console.error(`geo:import: ${file} was not imported (nothing was replaced):`)
      for (const e of errors) console.error(`  - ${e}`)
      return 2
    }
    console.error(`geo:import: ${err instanceof Error ? err.message : String(err)}`)
    return 1
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2))
}
