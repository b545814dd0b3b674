import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ErrorBodySchema } from '../../shared/api/errors'
import { IngestKeyViewSchema, NewIngestKeyResultSchema, NewIngestKeySchema } from '../../shared/api/tokens'
import type { Principal } from '../auth/principal'
import type { IngestKeyRecord } from '../auth/types'
import { keyView } from './accessViews'

/** Integrators' ingest keys: created (the secret shown once), listed and revoked by administrators within scope. */
const ingestKeys: FastifyPluginAsyncTypebox = async (app) => {
  const { access } = app.store
  const visible = (p: Principal, k: Pick<IngestKeyRecord, 'scope'>) => app.auth.permissions.covers(p.scope, k.scope)

  app.post(
    '/api/v1/ingest-keys',
    {
      onRequest: app.authorize('ingestKeys.manage'),
      schema: {
        tags: ['auth'],
        summary: 'Create an ingest key, optionally limited to a region subtree (a batch with any event outside it is refused whole)',
        description: 'The scope lies inside the caller’s own (default: the caller’s scope). The key is in the answer once and never again.',
        security: [{ bearer: [] }],
        body: NewIngestKeySchema,
        response: { 201: NewIngestKeyResultSchema, 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema },
      },
    },
    async (req, reply) => {
      const p = req.principal!
      const { name, scope = p.scope } = req.body
      if (scope !== null && !app.regions.has(scope))
        return reply.code(400).send({ error: `unknown region ${scope}`, details: [{ path: '/scope', message: 'unknown region' }] })
      const refused = app.auth.permissions.grantRefusal(p, { scope })
      if (refused) return reply.code(403).send({ error: `${refused}; nothing was created` })
      const { key, record } = await app.auth.ingestKeys.create(name, scope, p.account.username)
      await app.audit.record({ actor: p.account.username, action: 'ingestKey.created', target: `ingestKey:${record.id}`, note: name, region: scope })
      return reply.code(201).send({ ...keyView(record), key })
    },
  )

  app.get(
    '/api/v1/ingest-keys',
    {
      onRequest: app.authorize('ingestKeys.manage'),
      schema: {
        tags: ['auth'],
        summary: 'The ingest keys inside the caller’s scope (`env` is the key of YIPING_INGEST_KEY), never their secrets',
        security: [{ bearer: [] }],
        response: { 200: Type.Object({ items: Type.Array(IngestKeyViewSchema) }), 401: ErrorBodySchema, 403: ErrorBodySchema },
      },
    },
    async (req) => ({ items: (await access.listIngestKeys()).filter((k) => visible(req.principal!, k)).map(keyView) }),
  )

  app.delete(
    '/api/v1/ingest-keys/:id',
    {
      onRequest: app.authorize('ingestKeys.manage'),
      schema: {
        tags: ['auth'],
        summary: 'Revoke an ingest key: its next batch answers 401',
        security: [{ bearer: [] }],
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 204: Type.Null({ description: 'revoked' }), 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema },
      },
    },
    async (req, reply) => {
      const p = req.principal!
      const k = (await access.listIngestKeys()).find((x) => x.id === req.params.id)
      if (!k || !visible(p, k)) return reply.code(404).send({ error: `unknown ingest key ${req.params.id}` })
      await access.deleteIngestKey(k.id)
      await app.audit.record({ actor: p.account.username, action: 'ingestKey.revoked', target: `ingestKey:${k.id}`, note: k.name, region: k.scope })
      return reply.code(204).send(null)
    },
  )
}
export default ingestKeys
