import crypto from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import fp from 'fastify-plugin'
import type { PreparedImport } from '../../geo/importGeo'
import { legacyImports } from '../../geo/legacyImports'
import { MANIFEST, readManifest } from '../../geo/output'
import { GEO_FILE_NAME, overlayManifest } from '../../geo/served'
import type { GeoImportJob, GeoImportOutcome } from '../../geo/worker/protocol'
import { runInWorker, type WorkerFailure } from '../../geo/worker/runInWorker'
import { narrowTree } from '../../security/fileModes'
import { CLIENT_DIR } from '../external/static'

/** A file as served under /geo/, with a validator so walls revalidate instead of re-downloading. */
export interface GeoAsset {
  body: Buffer
  etag: string
}

export interface GeoService {
  /**
   * Parse, validate and simplify an upload in a worker thread, off the event loop; nothing is
   * written. One at a time per node: `busy` while another is being processed.
   */
  prepareImport(job: GeoImportJob): Promise<GeoImportOutcome | WorkerFailure | { kind: 'busy' }>
  /** Keep a prepared import in the store (the map file and its manifest entry), for every node to serve. */
  saveImport(prepared: PreparedImport): Promise<void>
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

const digested = (body: Buffer): GeoAsset => ({ body, etag: `"${crypto.createHash('sha1').update(body).digest('base64url')}"` })

/**
 * Map data under /geo/. Imports are kept in the store, not the source tree, the build or one node's
 * data directory: they survive a rebuild or an upgrade, each deployment keeps its own, and a map
 * imported through one node is served by every node. The built files fill the rest.
 */
export default fp(
  async (app) => {
    // Where an older version kept imports: narrowed as before, and adopted by the store once.
    const legacyDir = path.join(app.config.dataDir, 'geo')
    narrowTree(legacyDir)
    let adopted = 0
    for (const map of legacyImports(legacyDir, app.clock())) if (await app.store.maps.put(map, 'keep')) adopted++
    if (adopted > 0) app.log.info({ adopted, from: legacyDir }, 'imported maps of the data directory moved into the store')

    let importing = false
    const builtDir = path.join(CLIENT_DIR, 'geo')

    const geo: GeoService = {
      async prepareImport(job) {
        if (importing) return { kind: 'busy' }
        importing = true
        try {
          return await runInWorker(job)
        } finally {
          importing = false
        }
      },
      async saveImport(prepared) {
        await app.store.maps.put({ file: prepared.fileName, body: prepared.content, entry: prepared.entry, savedAt: app.clock() })
      },
      async read(file) {
        if (!GEO_FILE_NAME.test(file)) return null
        if (file === MANIFEST) {
          const manifest = overlayManifest(
            readManifest(builtDir),
            (await app.store.maps.list()).map((m) => m.entry),
          )
          if (!manifest) return null
          return digested(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`))
        }
        const stored = await app.store.maps.get(file)
        // By content: every node gives the same validator for the same import.
        if (stored) return digested(Buffer.from(stored.body))
        return readOrNull(path.join(builtDir, file))
      },
    }
    app.decorate('geo', geo)
  },
  { name: 'geo', dependencies: ['config', 'store', 'regions'] },
)
