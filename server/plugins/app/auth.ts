import fp from 'fastify-plugin'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { createIngestKeys, type IngestKeys } from '../../auth/ingestKeys'
import { createPasswordCheck, type PasswordChecker } from '../../auth/login'
import { permissions, type Permissions } from '../../auth/permissions'
import type { KeyPrincipal, Principal } from '../../auth/principal'
import { dummyPasswordHash, hashPassword, newPassword } from '../../auth/secrets'
import { createSessions, type Sessions } from '../../auth/sessions'
import type { Action } from '../../auth/types'
import { SYSTEM_ACTOR } from '../../domain/alarms/alarmRecord'

export interface AuthService {
  sessions: Sessions
  passwords: PasswordChecker
  ingestKeys: IngestKeys
  /** The permission model (server/auth/permissions.ts) over this app's region tree. */
  permissions: Permissions
  principal(token: string | undefined): Promise<Principal | null>
  may(p: Principal, action: Action, region?: string): boolean
  /** May read that region: `may(p, 'read', code)`. */
  canSee(p: Principal, code: string): boolean
  /** Credentials generated at this start-up (to print once); null when given by the environment. */
  generated: { adminPassword: string | null; ingestKey: string | null }
}

type Hook = (req: FastifyRequest, reply: FastifyReply) => Promise<void>

declare module 'fastify' {
  interface FastifyInstance {
    auth: AuthService
    /** onRequest hook: a valid token (401) whose role and kind allow the action somewhere in its scope (403). */
    authorize: (action: Action) => Hook
    /** onRequest hook of the ingest route: a valid ingest key (401). */
    authorizeIngest: Hook
  }
  interface FastifyRequest {
    principal: Principal | null
    ingestKey: KeyPrincipal | null
  }
}

export const bearer = (req: FastifyRequest): string | undefined => {
  const h = req.headers.authorization
  return h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined
}

const HOUSEKEEPING_MS = 3600_000

/** Accounts, tokens and ingest keys; the admin and a first ingest key are created on an empty store. */
export default fp(
  async (app) => {
    const { store, clock, config } = app
    const access = store.access
    const generated: AuthService['generated'] = { adminPassword: null, ingestKey: null }
    const sessions = createSessions({ access, clock, tree: app.regions })
    const ingestKeys = createIngestKeys({ access, clock })
    const passwords = createPasswordCheck({ access, clock, dummyHash: await dummyPasswordHash() })
    const model = permissions(app.regions)

    if (!(await access.findAccount('admin'))) {
      const password = config.adminPassword ?? newPassword()
      if (!config.adminPassword) generated.adminPassword = password
      await access.createAccount({ username: 'admin', passwordHash: await hashPassword(password), role: 'admin', scope: null, personalData: true })
    }
    if (config.ingestKey) {
      const dropped = await ingestKeys.adoptEnvKey(config.ingestKey)
      if (dropped.length > 0) {
        app.log.warn({ revoked: dropped.length }, 'YIPING_INGEST_KEY changed: the previous env ingest key no longer works')
        await app.audit.record({ actor: SYSTEM_ACTOR, action: 'ingestKey.revoked', target: `ingestKey:${dropped.join(',')}`, note: 'YIPING_INGEST_KEY changed' })
      }
    } else if (generated.adminPassword) {
      // A fresh store without a configured key gets one, printed once.
      generated.ingestKey = (await ingestKeys.create('generated', null, null)).key
    }

    const housekeeping = async () => {
      await access.deleteExpiredTokens(clock())
      await passwords.prune()
    }
    await housekeeping()
    const timer = setInterval(() => void housekeeping().catch((err: unknown) => app.log.error({ err }, 'token housekeeping failed')), HOUSEKEEPING_MS)
    timer.unref()
    app.addHook('onClose', async () => clearInterval(timer))

    app.decorate('auth', {
      sessions,
      passwords,
      ingestKeys,
      permissions: model,
      generated,
      principal: sessions.principal,
      may: model.may,
      canSee: (p: Principal, code: string) => model.may(p, 'read', code),
    } satisfies AuthService)
    app.decorateRequest('principal', null)
    app.decorateRequest('ingestKey', null)

    app.decorate('authorize', (action: Action): Hook => async (req, reply) => {
      req.principal = await sessions.principal(bearer(req))
      if (!req.principal) return reply.code(401).send({ error: 'a valid bearer token is required (POST /api/v1/login)' })
      const refused = model.refusal(req.principal, action)
      if (refused) return reply.code(403).send({ error: refused })
    })
    app.decorate('authorizeIngest', async (req: FastifyRequest, reply: FastifyReply) => {
      req.ingestKey = await ingestKeys.principal(bearer(req))
      if (!req.ingestKey) return reply.code(401).send({ error: 'a valid ingest key is required: Authorization: Bearer <key>' })
    })
  },
  { name: 'auth', dependencies: ['store', 'regions', 'audit'] },
)
