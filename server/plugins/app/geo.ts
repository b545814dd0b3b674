import crypto from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import fp from 'fastify-plugin'
import { writeImport, type PreparedImport } from '../../geo/importGeo'
import { MANIFEST, readManifest, type Manifest } from '../../geo/output'
import { GEO_FILE_NAME, overlayManifest } from '../../geo/served'
import type { GeoImportJob, GeoImportOutcome } from '../../geo/worker/protocol'
import { runInWorker, type WorkerFailure } from '../../geo/worker/runInWorker'
import { narrowTree, PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../../security/fileModes'
import { CLIENT_DIR } from '../external/static'

/** A file as served under /geo/, with a validator so walls revalidate instead of re-downloading. */
export interface GeoAsset {
  body: Buffer
  etag: string
}

export interface GeoService {
  /** `${dataDir}/geo`: imported map files and their manifest; served before the built ones. */
  readonly dir: string
  /**
   * Parse, validate and simplify an upload in a worker thread, off the event loop; nothing is
   * written. One at a time: `busy` while another is being processed.
   */
  prepareImport(job: GeoImportJob): Promise<GeoImportOutcome | WorkerFailure | { kind: 'busy' }>
  /** Keep a prepared import: the map file and its manifest entry, readable by the server's user only. */
  saveImport(prepared: PreparedImport): void
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
    // Imports written by an older version with the default modes become private too.
    narrowTree(dir)
    let importing = false
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
      async prepareImport(job) {
        if (importing) return { kind: 'busy' }
        importing = true
        try {
          return await runInWorker(job)
        } finally {
          importing = false
        }
      },
      saveImport: (prepared) => void writeImport(prepared, { outDir: dir, fileMode: PRIVATE_FILE_MODE, dirMode: PRIVATE_DIR_MODE }),
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
