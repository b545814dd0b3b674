import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ErrorBodySchema } from '../../shared/api/errors'
import { KioskTokenRequestSchema, KioskTokenSchema, TokenViewSchema } from '../../shared/api/tokens'
import { toShanghaiIso } from '../../shared/time/shanghai'
import { LIMITS } from '../auth/limits'
import { refuseRegion } from './regionAccess'
import { tokenView, tokenVisible } from './accessViews'

const KIOSK = LIMITS.kiosk

/** Display tokens for walls, and every token's list and revocation. */
const tokens: FastifyPluginAsyncTypebox = async (app) => {
  const { access } = app.store

  app.post(
    '/api/v1/kiosk-tokens',
    {
      onRequest: app.authorize('present'),
      schema: {
        tags: ['auth'],
        summary: 'Issue a display token for a wall (`/?token=`), within the caller’s scope; it only ever reads',
        description:
          'A person logged in whose role may present (administrator, leader, dispatcher). Optional `label` (where the screen is) and `expiresAt` ' +
          `(default: until revoked). At most ${KIOSK.live} live display tokens per account and ${KIOSK.max} minted per hour (then 429).`,
        security: [{ bearer: [] }],
        body: KioskTokenRequestSchema,
        response: { 201: KioskTokenSchema, 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema, 429: ErrorBodySchema },
      },
    },
    async (req, reply) => {
      const p = req.principal!
      const now = app.clock()
      const region = req.body.region ?? p.scope ?? app.regions.root.code
      const refused = refuseRegion(app, req, reply, region, 'present')
      if (refused) return refused
      const expiresAt = req.body.expiresAt === undefined ? null : Date.parse(req.body.expiresAt)
      if (expiresAt !== null && !(expiresAt > now))
        return reply.code(400).send({ error: 'expiresAt must lie in the future', details: [{ path: '/expiresAt', message: 'must lie in the future' }] })
      const live = await access.countTokens({ accountId: p.account.id, kind: 'kiosk', now })
      if (live >= KIOSK.live) return reply.code(429).send({ error: `this account already holds ${live} display tokens (at most ${KIOSK.live}); revoke some first` })
      const recent = await access.countTokens({ accountId: p.account.id, kind: 'kiosk', now, createdAfter: now - KIOSK.windowMs })
      if (recent >= KIOSK.max) return reply.code(429).send({ error: `at most ${KIOSK.max} display tokens per hour per account; try again later` })
      const scope = p.scope === null && region === app.regions.root.code ? null : region
      const label = req.body.label ?? null
      const { token, record } = await app.auth.sessions.issue(p.account, 'kiosk', { scope, label, expiresAt })
      const note = `${label ?? '(no label)'}${expiresAt === null ? '' : `, until ${toShanghaiIso(expiresAt)}`}`
      await app.audit.record({ actor: p.account.username, action: 'token.issued', target: `token:${record.id}`, note, region })
      return reply.code(201).send({
        id: record.id,
        token,
        url: `/?region=${encodeURIComponent(region)}&token=${encodeURIComponent(token)}`,
        expiresAt: expiresAt === null ? null : toShanghaiIso(expiresAt),
      })
    },
  )

  app.get(
    '/api/v1/tokens',
    {
      onRequest: app.authorize('self'),
      schema: {
        tags: ['auth'],
        summary: 'The caller’s live tokens (an administrator: every token inside its scope), never their secrets',
        security: [{ bearer: [] }],
        response: { 200: Type.Object({ items: Type.Array(TokenViewSchema) }), 401: ErrorBodySchema, 403: ErrorBodySchema },
      },
    },
    async (req) => {
      const p = req.principal!
      const all = app.auth.may(p, 'tokens.manage')
      const list = await access.listTokens({ now: app.clock(), accountId: all ? undefined : p.account.id })
      return { items: list.filter((t) => tokenVisible(app.auth.permissions, p, t)).map((t) => tokenView(t, p.tokenId)) }
    },
  )

  app.delete(
    '/api/v1/tokens/:id',
    {
      onRequest: app.authorize('self'),
      schema: {
        tags: ['auth'],
        summary: 'Revoke a token: its REST calls answer 401 and its sockets are disconnected at once',
        security: [{ bearer: [] }],
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 204: Type.Null({ description: 'revoked' }), 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema },
      },
    },
    async (req, reply) => {
      const p = req.principal!
      const [t] = await access.listTokens({ now: app.clock(), id: req.params.id })
      if (!t || !tokenVisible(app.auth.permissions, p, t)) return reply.code(404).send({ error: `unknown token ${req.params.id}` })
      if (await access.deleteToken(t.id)) app.auth.sessions.ended([t.id])
      const note = `${t.kind} of ${t.username}${t.label ? `: ${t.label}` : ''}`
      await app.audit.record({ actor: p.account.username, action: 'token.revoked', target: `token:${t.id}`, note, region: t.scope ?? t.accountScope })
      return reply.code(204).send(null)
    },
  )
}
export default tokens
