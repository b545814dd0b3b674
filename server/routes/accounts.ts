import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ErrorBodySchema } from '../../shared/api/errors'
import { MeSchema, type Me } from '../../shared/api/me'
import { OneOf } from '../../shared/events/schema'
import { hashPassword } from '../auth/secrets'
import { AccountSchema, ROLES, type Account, type TokenKind } from '../auth/types'

// The shared answer of GET /api/v1/me and the server's account must not drift apart.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const _accountsAgree: Same<Me['account'], Account> & Same<Me['kind'], TokenKind> = true

/** Login, who a token is, accounts (admin) and kiosk display tokens for walls. */
const accounts: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/v1/login',
    {
      config: { rateLimit: { max: 20, timeWindow: 60_000 } },
      schema: {
        tags: ['auth'],
        summary: 'Log in; the token goes in `Authorization: Bearer` and the socket handshake `auth.token`',
        body: Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 256 }) }),
        response: { 200: Type.Object({ token: Type.String(), account: AccountSchema }), 401: ErrorBodySchema },
      },
    },
    async (req, reply) => {
      const session = await app.auth.login(req.body.username, req.body.password)
      if (!session) return reply.code(401).send({ error: 'wrong username or password' })
      return session
    },
  )

  app.get(
    '/api/v1/me',
    {
      onRequest: app.requireViewer,
      schema: {
        tags: ['auth'],
        summary: 'Who this token is: its account (with the personal-data permission), session or display (kiosk) token, and its effective scope',
        security: [{ bearer: [] }],
        response: { 200: MeSchema, 401: ErrorBodySchema },
      },
    },
    async (req) => {
      const { account, kind, scope } = req.principal!
      const { id, username, role, personalData } = account
      return { account: { id, username, role, scope: account.scope, personalData }, kind, scope }
    },
  )

  app.post(
    '/api/v1/accounts',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags: ['auth'],
        summary: 'Create an account, optionally limited to a region subtree',
        security: [{ bearer: [] }],
        body: Type.Object({
          username: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$' }),
          password: Type.String({ minLength: 8, maxLength: 256 }),
          role: Type.Optional(OneOf(ROLES)),
          scope: Type.Optional(Type.Union([Type.String(), Type.Null()])),
          personalData: Type.Optional(Type.Boolean()),
        }),
        response: { 201: AccountSchema, 400: ErrorBodySchema, 409: ErrorBodySchema },
      },
    },
    async (req, reply) => {
      const { username, password, role = 'viewer', scope = null, personalData = false } = req.body
      if (scope !== null && !app.regions.has(scope))
        return reply.code(400).send({ error: `unknown region ${scope}`, details: [{ path: '/scope', message: 'unknown region' }] })
      if (await app.store.findAccount(username)) return reply.code(409).send({ error: `account ${username} exists` })
      const account = await app.store.createAccount({ username, passwordHash: await hashPassword(password), role, scope, personalData })
      return reply.code(201).send(account)
    },
  )

  app.post(
    '/api/v1/kiosk-tokens',
    {
      // A person issues display tokens; a display token cannot mint more of itself.
      onRequest: app.requireOperator,
      schema: {
        tags: ['auth'],
        summary: 'Issue a display token for a wall (`/?token=`), within the caller’s scope; it does not expire',
        security: [{ bearer: [] }],
        body: Type.Object({ region: Type.Optional(Type.String()), label: Type.Optional(Type.String({ maxLength: 100 })) }),
        response: { 201: Type.Object({ token: Type.String(), url: Type.String() }), 401: ErrorBodySchema, 403: ErrorBodySchema },
      },
    },
    async (req, reply) => {
      const p = req.principal!
      const region = req.body.region ?? p.scope ?? app.regions.root.code
      if (!app.auth.canSee(p, region)) return reply.code(403).send({ error: `region ${region} is outside this account's scope` })
      const scope = p.scope === null && region === app.regions.root.code ? null : region
      const token = await app.auth.issue(p.account, 'kiosk', { scope, label: req.body.label })
      return reply.code(201).send({ token, url: `/?region=${encodeURIComponent(region)}&token=${encodeURIComponent(token)}` })
    },
  )
}
export default accounts
