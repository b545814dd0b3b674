import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ErrorBodySchema, type ErrorDetail } from '../../shared/api/errors'
import { GeoImportBodySchema, GeoImportResultSchema } from '../../shared/api/geo'
import { MAX_IMPORT_BYTES } from '../geo/validate'
import type { GeoImportOutcome } from '../geo/worker/protocol'

/** validate.ts names the feature at fault first ("feature 3 (王店镇): …"): point the detail at it. */
function detailOf(message: string): ErrorDetail {
  const m = /^feature (\d+)\b/.exec(message)
  return m ? { index: Number(m[1]), path: `/geojson/features/${m[1]}`, message } : { path: '/geojson', message }
}

declare module 'fastify' {
  interface FastifyRequest {
    /** POST /api/v1/geo: what the worker made of the body (set in preValidation). */
    geoImport: GeoImportOutcome | null
  }
}

/**
 * POST /api/v1/geo in a context of its own, where a JSON body is not parsed on the event loop:
 * it arrives as bytes and goes to a worker thread (server/geo/worker), which parses, validates and
 * simplifies it. `req.body` then holds only the envelope (`region`, `from`, and whether `geojson`
 * was there), which the route's schema validates as usual; the GeoJSON never comes back.
 */
const importRoute: FastifyPluginAsyncTypebox = async (app) => {
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: MAX_IMPORT_BYTES }, (_req, body, done) => done(null, body))
  app.decorateRequest('geoImport', null)

  app.post(
    '/api/v1/geo',
    {
      // Official town boundaries at survey precision run to megabytes; they are simplified on import.
      bodyLimit: MAX_IMPORT_BYTES,
      onRequest: app.authorize('geo.import'),
      preValidation: async (req, reply) => {
        const body: unknown = req.body
        // No body at all (no content type): the schema's validation answers 400.
        if (!Buffer.isBuffer(body)) return
        req.log.info({ bytes: body.length }, 'map import received: parsing and validating in a worker thread')
        const outcome = await app.geo.prepareImport({
          body,
          regions: app.regions.list(),
          uploadedBy: req.principal!.account.username,
          at: new Date(app.clock()).toISOString(),
        })
        switch (outcome.kind) {
          case 'busy':
            return reply.code(429).send({ error: 'another map import is being processed; send this one when it has finished' })
          case 'notJson':
            return reply.code(400).send({ error: `the body is not JSON: ${outcome.message}` })
          case 'failed':
            if (outcome.reason === 'crash') throw new Error(`map import worker: ${outcome.message}`)
            return reply
              .code(outcome.reason === 'memory' ? 400 : 503)
              .send({ error: `the boundaries were not imported (nothing was replaced): ${outcome.message}; simplify the file first` })
        }
        req.body = outcome.envelope as typeof req.body
        req.geoImport = outcome
      },
      schema: {
        tags: ['map'],
        summary: "Import official boundaries of a region's children (e.g. a district's towns), replacing the schematic map",
        description:
          'Validated first: on any problem the answer is 400 with every problem in `details` and nothing is replaced. ' +
          'The map file is simplified, kept in the store (one transaction; every node of a cluster serves it) and served at `/geo/<file>` from then on; ' +
          '`/geo/manifest.json` lists it with `schematic: false` and `imported`. Body at most 20 MB, processed in a worker ' +
          'thread (the server keeps answering meanwhile); one import at a time (429 while another is processed). ' +
          'Needs `geo.import` (an administrator logged in) for a region inside its own scope (else 403, nothing replaced).',
        security: [{ bearer: [] }],
        body: GeoImportBodySchema,
        response: {
          200: GeoImportResultSchema,
          400: ErrorBodySchema,
          401: ErrorBodySchema,
          403: ErrorBodySchema,
          404: ErrorBodySchema,
          413: ErrorBodySchema,
          415: ErrorBodySchema,
          429: ErrorBodySchema,
          503: ErrorBodySchema,
        },
      },
    },
    async (req, reply) => {
      const { region } = req.body
      const node = app.regions.get(region)
      if (!node) return reply.code(404).send({ error: `unknown region ${region}` })
      const refused = app.auth.permissions.refusal(req.principal!, 'geo.import', region)
      if (refused) return reply.code(403).send({ error: refused })
      if (node.children.length === 0) {
        const message = `${node.name} ${node.code} has no child regions: there is no map of it to replace`
        return reply.code(400).send({ error: message, details: [{ path: '/region', message }] })
      }
      const outcome = req.geoImport
      if (outcome?.kind === 'refused') {
        const [first] = outcome.errors
        const summary = outcome.errors.length === 1 ? first : `${outcome.errors.length} problems, the first: ${first}`
        return reply.code(400).send({ error: `the boundaries were not imported (nothing was replaced): ${summary}`, details: outcome.errors.map(detailOf) })
      }
      // The envelope passed validation and names a region with children: the worker prepared it.
      if (outcome?.kind !== 'prepared') throw new Error(`map import: unexpected worker outcome ${outcome?.kind ?? 'none'}`)
      const { prepared, from } = outcome
      const actor = req.principal!.account.username
      await app.geo.saveImport(prepared)
      await app.audit.record({ actor, action: 'geo.import', target: `geo:${prepared.fileName}`, note: `${node.name}: ${prepared.features} areas from ${from}`, region })
      req.log.info({ file: prepared.fileName, features: prepared.features, bytes: prepared.bytes, actor }, 'official boundaries imported')
      return {
        file: prepared.fileName,
        url: `/geo/${prepared.fileName}`,
        features: prepared.features,
        bytes: prepared.bytes,
        // An import's entry always says when and from where (importGeo.ts renderImport).
        imported: prepared.entry.imported!,
        warnings: prepared.warnings,
      }
    },
  )
}

/** Official boundaries: POST /api/v1/geo imports them (admin), GET /geo/<file>.json serves the wall's maps. */
const geo: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(importRoute)

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
