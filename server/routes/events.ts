import { setImmediate as turn } from 'node:timers/promises'
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
      onRequest: app.authorizeIngest,
      // A batch of 1,000 events is parsed, validated and planned in three turns of the event loop,
      // not one: a push or a read waits for the longest of them rather than for their sum.
      preValidation: async () => {
        await turn()
      },
      // Per key, not per address: integrators behind one gateway each get their own allowance.
      config: { rateLimit: { max: app.config.ingestRateLimit, timeWindow: 60_000, keyGenerator: (req) => req.ingestKey?.keyId ?? req.ip } },
      validatorCompiler: ingestBodyValidator,
      schema: {
        tags: ['ingest'],
        summary: 'Ingest a batch of 1 to 5,000 events, atomically and idempotently',
        description:
          'A key limited to a region subtree refuses a batch with any event outside it (400, nothing written). ' +
          'Every stored event records the key that sent it.',
        security: [{ bearer: [] }],
        body: IngestBodySchema,
        response: { 200: IngestResultSchema, 400: ErrorBodySchema, 401: ErrorBodySchema, 413: ErrorBodySchema, 429: ErrorBodySchema },
      },
    },
    async (req, reply) => {
      const body = req.body as IngestBody
      const key = req.ingestKey!
      const scope = key.scope === null ? null : { code: key.scope, allows: (code: string) => app.auth.permissions.mayIngest(key, code) }
      await turn()
      const outcome = await app.ingest.submit(body.events, { keyId: key.keyId, actor: null }, { scope })
      if (!outcome.ok)
        return reply.code(400).send({ error: 'the batch was refused; nothing of it was written', details: outcome.details })
      return { accepted: outcome.accepted.length, duplicates: outcome.duplicates, seq: app.aggregator.seq }
    },
  )
}
export default events
