import crypto from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import fp from 'fastify-plugin'
import { importGeo, type ImportResult } from '../../geo/importGeo'
import { MANIFEST, readManifest, type Manifest } from '../../geo/output'
import { GEO_FILE_NAME, overlayManifest } from '../../geo/served'
import { CLIENT_DIR } from '../external/static'

/** A file as served under /geo/, with a validator so walls revalidate instead of re-downloading. */
export interface GeoAsset {
  body: Buffer
  etag: string
}

export interface GeoService {
  /** `${dataDir}/geo`: imported map files and their manifest; served before the built ones. */
  readonly dir: string
  /** Validate and write official boundaries of a region's children; throws GeoImportError, writing nothing, when refused. */
  importBoundaries(regionCode: string, geojson: unknown, opts: { from: string; at: string }): ImportResult
  /** `manifest.json` (built + imported) or a map file (imported, else built); null when there is none. */
  read(file: string): Promise<GeoAsset | null>
}

declare module 'fastify' {
  interface FastifyInstance {
    geo: GeoService
  }
}

const readOrNull = async (file: string) => {
  try {
    const [body, stat] = await Promise.all([fs.readFile(file), fs.stat(file)])
    return { body, etag: `W/"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"` }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw err
  }
}

/**
 * Map data under /geo/. Imports go to the data directory, not the source tree or the build, so they
 * survive a rebuild or an upgrade and each deployment keeps its own; the built files fill the rest.
 */
export default fp(
  async (app) => {
    const dir = path.join(app.config.dataDir, 'geo')
    const builtDir = path.join(CLIENT_DIR, 'geo')

    const importedManifest = async (): Promise<Manifest | undefined> => {
      const m = readManifest(dir)
      if (!m) return undefined
      // An entry whose file was removed by hand is not an import any more: the built file serves.
      const present = await Promise.all(m.files.map((e) => fs.access(path.join(dir, e.file)).then(() => true, () => false)))
      return { ...m, files: m.files.filter((_e, i) => present[i]) }
    }

    const geo: GeoService = {
      dir,
      importBoundaries: (regionCode, geojson, { from, at }) => importGeo(geojson, { regionCode, regions: app.regions.list(), from, at, outDir: dir }),
      async read(file) {
        if (!GEO_FILE_NAME.test(file)) return null
        if (file === MANIFEST) {
          const manifest = overlayManifest(readManifest(builtDir), await importedManifest())
          if (!manifest) return null
          const body = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`)
          return { body, etag: `"${crypto.createHash('sha1').update(body).digest('base64url')}"` }
        }
        return (await readOrNull(path.join(dir, file))) ?? (await readOrNull(path.join(builtDir, file)))
      },
    }
    app.decorate('geo', geo)
  },
  { name: 'geo', dependencies: ['config', 'regions'] },
)
