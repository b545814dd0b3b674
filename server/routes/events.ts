import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorBodySchema } from '../../shared/api/errors'
import { IngestBodySchema, IngestResultSchema, type IngestBody } from '../../shared/events/schema'
import { ingestBodyValidator } from '../ingest/validateBatch'

export const INGEST_BODY_LIMIT = 10 * 1024 * 1024

/** POST /api/v1/events: the ingest of API.md. 200 only after the batch is committed. */
const events: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/v1/events',
    {
      bodyLimit: INGEST_BODY_LIMIT,
      // Auth and the rate limit run before the body is parsed or validated.
      onRequest: app.requireIngestKey,
      config: { rateLimit: { max: app.config.ingestRateLimit, timeWindow: 60_000 } },
      validatorCompiler: ingestBodyValidator,
      schema: {
        tags: ['ingest'],
        summary: 'Ingest a batch of 1 to 5,000 events, atomically and idempotently',
        security: [{ bearer: [] }],
        body: IngestBodySchema,
        response: { 200: IngestResultSchema, 400: ErrorBodySchema, 401: ErrorBodySchema, 413: ErrorBodySchema, 429: ErrorBodySchema },
      },
    },
    async (req, reply) => {
      const body = req.body as IngestBody
      const outcome = await app.ingest.submit(body.events)
      if (!outcome.ok)
        return reply.code(400).send({ error: 'the batch was refused; nothing of it was written', details: outcome.details })
      return { accepted: outcome.accepted.length, duplicates: outcome.duplicates, seq: app.aggregator.seq }
    },
  )
}
export default events
