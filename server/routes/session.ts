import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { AccountSchema, LoginBodySchema } from '../../shared/api/accounts'
import { ErrorBodySchema } from '../../shared/api/errors'
import { MeSchema } from '../../shared/api/me'
import { toShanghaiIso } from '../../shared/time/shanghai'
import { LOCKOUT } from '../auth/lockout'
import { actionsOf } from '../auth/permissions'

const MINUTES = LOCKOUT.lockMs / 60_000

/** Log in (with the per-username lockout), log out, and who a token is. */
const session: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/v1/login',
    {
      // Per client address (behind a proxy: set YIPING_TRUST_PROXY), beside the per-username lockout.
      config: { rateLimit: { max: 20, timeWindow: 60_000 } },
      schema: {
        tags: ['auth'],
        summary: 'Log in; the token goes in `Authorization: Bearer` and the socket handshake `auth.token`',
        description:
          `After ${LOCKOUT.failures} failed attempts for one username within ${LOCKOUT.windowMs / 60_000} minutes, that username is locked ` +
          `for ${MINUTES} minutes: 429 with the time it ends (and Retry-After). A session lasts 12 hours or until POST /api/v1/logout.`,
        body: LoginBodySchema,
        response: { 200: Type.Object({ token: Type.String(), account: AccountSchema }), 401: ErrorBodySchema, 403: ErrorBodySchema, 429: ErrorBodySchema },
      },
    },
    async (req, reply) => {
      const { username, password } = req.body
      const checked = await app.auth.passwords.check(username, password)
      const from = `from ${req.ip}`
      if (!checked.ok) {
        const until = checked.reason === 'locked' ? checked.until : checked.lockedUntil
        const locked = until === null ? '' : `; locked until ${toShanghaiIso(until)}`
        if (checked.reason === 'locked') await app.audit.record({ actor: username, action: 'login.locked', target: `account:${username}`, note: from + locked })
        else await app.audit.record({ actor: username, action: 'login.failed', target: `account:${username}`, note: from + locked, region: checked.account?.scope })
        if (until === null) return reply.code(401).send({ error: 'wrong username or password' })
        reply.header('retry-after', String(Math.max(1, Math.ceil((until - app.clock()) / 1000))))
        return reply.code(429).send({
          error:
            `too many failed logins for ${username}: locked until ${toShanghaiIso(until)} ` +
            `(${LOCKOUT.failures} failures within ${LOCKOUT.windowMs / 60_000} minutes lock a username for ${MINUTES} minutes)`,
        })
      }
      const { passwordHash: _hash, ...account } = checked.account
      if (account.disabled) {
        await app.audit.record({ actor: username, action: 'login.refused', target: `account:${username}`, note: `${from}; account disabled`, region: account.scope })
        return reply.code(403).send({ error: 'this account is disabled' })
      }
      const { token } = await app.auth.sessions.issue(account, 'session')
      await app.audit.record({ actor: username, action: 'login', target: `account:${username}`, note: from, region: account.scope })
      return { token, account }
    },
  )

  app.post(
    '/api/v1/logout',
    {
      onRequest: app.authorize('self'),
      schema: {
        tags: ['auth'],
        summary: 'End the calling session token (a display token is ended by revoking it: DELETE /api/v1/tokens/:id)',
        security: [{ bearer: [] }],
        response: { 204: Type.Null({ description: 'ended' }), 401: ErrorBodySchema, 403: ErrorBodySchema },
      },
    },
    async (req, reply) => {
      const p = req.principal!
      if (await app.store.access.deleteToken(p.tokenId)) app.auth.sessions.ended([p.tokenId])
      await app.audit.record({ actor: p.account.username, action: 'logout', target: `token:${p.tokenId}`, region: p.account.scope })
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/api/v1/me',
    {
      onRequest: app.authorize('read'),
      schema: {
        tags: ['auth'],
        summary: 'Who this token is: its account, session or display (kiosk) token, its effective scope and what it may do there',
        security: [{ bearer: [] }],
        response: { 200: MeSchema, 401: ErrorBodySchema },
      },
    },
    async (req) => {
      const p = req.principal!
      return { account: p.account, kind: p.kind, scope: p.scope, permissions: [...actionsOf(p)] }
    },
  )
}
export default session
