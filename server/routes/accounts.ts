import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { AccountPatchSchema, AccountSchema, NewAccountSchema, PasswordChangeSchema, Username, type Account } from '../../shared/api/accounts'
import { ErrorBodySchema } from '../../shared/api/errors'
import type { Principal } from '../auth/principal'
import { hashPassword } from '../auth/secrets'
import { changePassword } from './password'

const Params = Type.Object({ username: Username })
const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema }

/**
 * Accounts (administrators, within their own scope and powers): list, create, change role, scope,
 * personal data and the disabled flag; passwords (one's own, or an administrator's reset).
 */
const accounts: FastifyPluginAsyncTypebox = async (app) => {
  const model = app.auth.permissions
  /** Accounts a principal may see and manage: those whose scope lies inside its own. */
  const manages = (p: Principal, a: Pick<Account, 'scope'>) => model.covers(p.scope, a.scope)
  /** A change may touch only an account that holds nothing the caller does not hold itself. */
  const holdsMore = (p: Principal, a: Account) => model.grantRefusal(p, a)

  app.get(
    '/api/v1/accounts',
    {
      onRequest: app.authorize('accounts.manage'),
      schema: {
        tags: ['auth'],
        summary: 'The accounts inside the caller’s scope (an administrator)',
        security: [{ bearer: [] }],
        response: { 200: Type.Object({ items: Type.Array(AccountSchema) }), 401: ErrorBodySchema, 403: ErrorBodySchema },
      },
    },
    async (req) => ({ items: (await app.store.access.listAccounts()).filter((a) => manages(req.principal!, a)) }),
  )

  app.post(
    '/api/v1/accounts',
    {
      onRequest: app.authorize('accounts.manage'),
      schema: {
        tags: ['auth'],
        summary: 'Create an account, optionally limited to a region subtree',
        description:
          'Never beyond the caller: the scope lies inside the caller’s own (default: the caller’s scope), the role may do nothing the caller may not, ' +
          'and the personal-data permission only from an account that holds it (else 403, nothing written).',
        security: [{ bearer: [] }],
        body: NewAccountSchema,
        response: { 201: AccountSchema, ...errors, 409: ErrorBodySchema },
      },
    },
    async (req, reply) => {
      const p = req.principal!
      const { username, password, role = 'viewer', scope = p.scope, personalData = false } = req.body
      if (scope !== null && !app.regions.has(scope))
        return reply.code(400).send({ error: `unknown region ${scope}`, details: [{ path: '/scope', message: 'unknown region' }] })
      const refused = model.grantRefusal(p, { role, scope, personalData })
      if (refused) return reply.code(403).send({ error: `${refused}; nothing was created` })
      if (await app.store.access.findAccount(username)) return reply.code(409).send({ error: `account ${username} exists` })
      const account = await app.store.access.createAccount({ username, passwordHash: await hashPassword(password), role, scope, personalData })
      const note = `role ${role}, scope ${scope ?? 'all'}${personalData ? ', personal data' : ''}`
      await app.audit.record({ actor: p.account.username, action: 'account.created', target: `account:${username}`, note, region: scope })
      return reply.code(201).send(account)
    },
  )

  app.patch(
    '/api/v1/accounts/:username',
    {
      onRequest: app.authorize('accounts.manage'),
      schema: {
        tags: ['auth'],
        summary: 'Change an account’s role, scope, personal-data permission or disabled flag',
        description:
          'Only an account inside the caller’s scope that holds nothing beyond the caller, and only to what the caller could grant (else 403). ' +
          'Its open sockets are disconnected so that they check in again; disabling also ends its sessions (its display tokens stop working while it is disabled).',
        security: [{ bearer: [] }],
        params: Params,
        body: AccountPatchSchema,
        response: { 200: AccountSchema, ...errors },
      },
    },
    async (req, reply) => {
      const p = req.principal!
      const target = await app.store.access.findAccount(req.params.username)
      if (!target || !manages(p, target)) return reply.code(404).send({ error: `unknown account ${req.params.username}` })
      if (target.id === p.account.id) return reply.code(403).send({ error: 'an account cannot change its own role, scope or state; ask another administrator' })
      const before = holdsMore(p, target)
      if (before) return reply.code(403).send({ error: `account ${target.username} holds more than this account may grant: ${before}` })
      const next = { ...target, ...req.body }
      if (next.scope !== null && !app.regions.has(next.scope))
        return reply.code(400).send({ error: `unknown region ${next.scope}`, details: [{ path: '/scope', message: 'unknown region' }] })
      const refused = model.grantRefusal(p, next)
      if (refused) return reply.code(403).send({ error: `${refused}; nothing was changed` })
      const updated = (await app.store.access.updateAccount(target.id, req.body))!
      if (updated.disabled && !target.disabled) app.auth.sessions.ended(await app.store.access.deleteTokensOf(target.id, { kind: 'session' }))
      app.auth.sessions.accountChanged(target.id)
      const note = Object.entries(req.body)
        .map(([k, v]) => `${k}: ${JSON.stringify(target[k as keyof typeof req.body])} → ${JSON.stringify(v)}`)
        .join(', ')
      await app.audit.record({ actor: p.account.username, action: 'account.updated', target: `account:${target.username}`, note, region: updated.scope })
      return updated
    },
  )

  app.post(
    '/api/v1/accounts/:username/password',
    {
      onRequest: app.authorize('self'),
      schema: {
        tags: ['auth'],
        summary: 'Change one’s own password (with the old one), or reset another account’s (an administrator, within scope)',
        description:
          'The new password has at least 10 characters. The account’s other sessions end (its display tokens stay). ' +
          'A wrong old password counts towards the login lockout.',
        security: [{ bearer: [] }],
        params: Params,
        body: PasswordChangeSchema,
        response: { 204: Type.Null({ description: 'changed' }), ...errors, 429: ErrorBodySchema },
      },
    },
    async (req, reply) => {
      const p = req.principal!
      const target = await app.store.access.findAccount(req.params.username)
      const own = target?.id === p.account.id
      if (!target || (!own && !(app.auth.may(p, 'accounts.manage') && manages(p, target))))
        return reply.code(404).send({ error: `unknown account ${req.params.username}` })
      if (!own) {
        const before = holdsMore(p, target)
        if (before) return reply.code(403).send({ error: `account ${target.username} holds more than this account may grant: ${before}` })
      }
      const refused = await changePassword(app, p, target, req.body)
      if (refused) return reply.code(refused.status).send({ error: refused.error })
      return reply.code(204).send(null)
    },
  )
}
export default accounts
