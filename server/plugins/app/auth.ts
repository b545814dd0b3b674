import fp from 'fastify-plugin'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { newPassword, newSecret, secretHash, hashPassword, verifyPassword } from '../../auth/secrets'
import { canSee, type Principal } from '../../auth/principal'
import type { Account, TokenKind } from '../../auth/types'

const SESSION_TTL_MS = 12 * 3600_000

export interface AuthService {
  login(username: string, password: string): Promise<{ token: string; account: Account } | null>
  /** Issue a token for an account: a session (expires) or a kiosk display token (until revoked). */
  issue(account: Account, kind: TokenKind, opts?: { scope?: string | null; label?: string }): Promise<string>
  principal(token: string | undefined): Promise<Principal | null>
  canSee(p: Principal, code: string): boolean
  /** Credentials generated at this start-up (to print once); null when given by the environment. */
  generated: { adminPassword: string | null; ingestKey: string | null }
}

declare module 'fastify' {
  interface FastifyInstance {
    auth: AuthService
    requireViewer: (req: FastifyRequest, reply: FastifyReply) => Promise<void>
    requireAdmin: (req: FastifyRequest, reply: FastifyReply) => Promise<void>
    requireIngestKey: (req: FastifyRequest, reply: FastifyReply) => Promise<void>
    /** A person logged in (not a kiosk display token): may acknowledge and close alarms. */
    requireOperator: (req: FastifyRequest, reply: FastifyReply) => Promise<void>
  }
  interface FastifyRequest {
    principal: Principal | null
  }
}

export const bearer = (req: FastifyRequest): string | undefined => {
  const h = req.headers.authorization
  return h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined
}

/** Accounts, tokens and ingest keys; the admin and a first ingest key are created on an empty store. */
export default fp(
  async (app) => {
    const { store, clock, config } = app
    const generated: AuthService['generated'] = { adminPassword: null, ingestKey: null }

    if (!(await store.findAccount('admin'))) {
      const password = config.adminPassword ?? newPassword()
      if (!config.adminPassword) generated.adminPassword = password
      await store.createAccount({ username: 'admin', passwordHash: await hashPassword(password), role: 'admin', scope: null, personalData: true })
    }
    if (config.ingestKey) {
      if (!(await store.hasIngestKey(secretHash(config.ingestKey)))) await store.saveIngestKey(secretHash(config.ingestKey), 'env')
    } else if (generated.adminPassword) {
      // A fresh store without a configured key gets one, printed once.
      const key = newSecret('yk')
      await store.saveIngestKey(secretHash(key), 'generated')
      generated.ingestKey = key
    }

    const issue: AuthService['issue'] = async (account, kind, opts = {}) => {
      const token = newSecret(kind === 'kiosk' ? 'kt' : 'st')
      await store.saveToken({
        tokenHash: secretHash(token),
        accountId: account.id,
        kind,
        scope: opts.scope ?? null,
        label: opts.label ?? null,
        createdAt: clock(),
        expiresAt: kind === 'session' ? clock() + SESSION_TTL_MS : null,
      })
      return token
    }

    const auth: AuthService = {
      generated,
      issue,
      async login(username, password) {
        const record = await store.findAccount(username)
        if (!record || !(await verifyPassword(password, record.passwordHash))) return null
        const { passwordHash: _h, ...account } = record
        return { token: await issue(account, 'session'), account }
      },
      async principal(token) {
        if (!token) return null
        const t = await store.findToken(secretHash(token), clock())
        if (!t) return null
        const account = await store.getAccount(t.accountId)
        if (!account) return null
        return { account, kind: t.kind, scope: t.scope ?? account.scope }
      },
      canSee: (p, code) => canSee(p, app.regions, code),
    }
    app.decorate('auth', auth)
    app.decorateRequest('principal', null)

    app.decorate('requireViewer', async (req: FastifyRequest, reply: FastifyReply) => {
      req.principal = await auth.principal(bearer(req))
      if (!req.principal) return reply.code(401).send({ error: 'a valid bearer token is required (POST /api/v1/login)' })
    })
    app.decorate('requireAdmin', async (req: FastifyRequest, reply: FastifyReply) => {
      req.principal = await auth.principal(bearer(req))
      if (!req.principal) return reply.code(401).send({ error: 'a valid bearer token is required (POST /api/v1/login)' })
      // The token's kind first: a display token issued by an admin is still only a display.
      if (req.principal.kind !== 'session') return reply.code(403).send({ error: 'a display (kiosk) token may only watch; log in to act' })
      if (req.principal.account.role !== 'admin') return reply.code(403).send({ error: 'only an administrator may do this' })
    })
    app.decorate('requireOperator', async (req: FastifyRequest, reply: FastifyReply) => {
      req.principal = await auth.principal(bearer(req))
      if (!req.principal) return reply.code(401).send({ error: 'a valid bearer token is required (POST /api/v1/login)' })
      if (req.principal.kind !== 'session') return reply.code(403).send({ error: 'a display (kiosk) token may only watch; log in to act' })
    })
    app.decorate('requireIngestKey', async (req: FastifyRequest, reply: FastifyReply) => {
      const key = bearer(req)
      if (!key || !(await store.hasIngestKey(secretHash(key))))
        return reply.code(401).send({ error: 'a valid ingest key is required: Authorization: Bearer <key>' })
    })
  },
  { name: 'auth', dependencies: ['store', 'regions'] },
)
