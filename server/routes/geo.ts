import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ErrorBodySchema, type ErrorDetail } from '../../shared/api/errors'
import { GeoImportBodySchema, GeoImportResultSchema } from '../../shared/api/geo'
import { GeoImportError, MAX_IMPORT_BYTES } from '../geo/validate'

/** validate.ts names the feature at fault first ("feature 3 (王店镇): …"): point the detail at it. */
function detailOf(message: string): ErrorDetail {
  const m = /^feature (\d+)\b/.exec(message)
  return m ? { index: Number(m[1]), path: `/geojson/features/${m[1]}`, message } : { path: '/geojson', message }
}

/** Official boundaries: POST /api/v1/geo imports them (admin), GET /geo/<file>.json serves the wall's maps. */
const geo: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/v1/geo',
    {
      // Official town boundaries at full precision run to megabytes; they are simplified on import.
      bodyLimit: MAX_IMPORT_BYTES,
      onRequest: app.requireAdmin,
      schema: {
        tags: ['map'],
        summary: "Import official boundaries of a region's children (e.g. a district's towns), replacing the schematic map",
        description:
          'Validated first: on any problem the answer is 400 with every problem in `details` and nothing is replaced. ' +
          'The map file is simplified, written atomically to the data directory and served at `/geo/<file>` from then on; ' +
          '`/geo/manifest.json` lists it with `schematic: false` and `imported`. Body at most 20 MB.',
        security: [{ bearer: [] }],
        body: GeoImportBodySchema,
        response: {
          200: GeoImportResultSchema,
          400: ErrorBodySchema,
          401: ErrorBodySchema,
          403: ErrorBodySchema,
          404: ErrorBodySchema,
          413: ErrorBodySchema,
        },
      },
    },
    async (req, reply) => {
      const { region, geojson } = req.body
      const node = app.regions.get(region)
      if (!node) return reply.code(404).send({ error: `unknown region ${region}` })
      if (node.children.length === 0) {
        const message = `${node.name} ${node.code} has no child regions: there is no map of it to replace`
        return reply.code(400).send({ error: message, details: [{ path: '/region', message }] })
      }
      const actor = req.principal!.account.username
      const from = req.body.from ? `${req.body.from} (uploaded by ${actor})` : `upload by ${actor}`
      const at = new Date(app.clock()).toISOString()
      let result
      try {
        result = app.geo.importBoundaries(region, geojson, { from, at })
      } catch (err) {
        if (!(err instanceof GeoImportError)) throw err
        const [first] = err.errors
        const summary = err.errors.length === 1 ? first : `${err.errors.length} problems, the first: ${first}`
        return reply.code(400).send({ error: `the boundaries were not imported (nothing was replaced): ${summary}`, details: err.errors.map(detailOf) })
      }
      await app.store.duty.appendAudit({
        at: app.clock(),
        actor,
        action: 'geo.import',
        target: `geo:${result.fileName}`,
        note: `${node.name}: ${result.features} areas from ${from}`,
      })
      req.log.info({ file: result.fileName, features: result.features, bytes: result.bytes, actor }, 'official boundaries imported')
      return {
        file: result.fileName,
        url: `/geo/${result.fileName}`,
        features: result.features,
        bytes: result.bytes,
        imported: { from, at },
        warnings: result.warnings,
      }
    },
  )

  app.get(
    '/geo/:file',
    {
      schema: {
        tags: ['map'],
        summary: "The wall's map data: manifest.json, zhejiang.json, city-<code>.json, district-<code>.json (imported files first, then the built ones)",
        params: Type.Object({ file: Type.String({ maxLength: 100 }) }),
        response: {
          200: Type.Unknown({ description: 'the GeoJSON map file, or the manifest of them all' }),
          304: Type.Null({ description: 'not modified (If-None-Match matched the ETag)' }),
          404: ErrorBodySchema,
        },
      },
    },
    async (req, reply) => {
      const asset = await app.geo.read(req.params.file)
      if (!asset) return reply.code(404).send({ error: `no map file ${req.params.file}` })
      // no-cache: revalidate every time, so an import shows on the next drill-down, not after a cache expiry.
      reply.header('cache-control', 'no-cache').header('etag', asset.etag)
      if (req.headers['if-none-match'] === asset.etag) return reply.code(304).send(null)
      return reply.type('application/json; charset=utf-8').send(asset.body)
    },
  )
}
export default geo
