import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { AuditPageSchema, AuditQuerySchema } from '../../shared/api/audit'
import { ErrorBodySchema } from '../../shared/api/errors'
import { CursorError } from '../store/cursor'
import { auditView } from './accessViews'

/** GET /api/v1/audit: the audit trail for administrators; a scoped one reads its subtree's entries. */
const audit: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/audit',
    {
      onRequest: app.authorize('audit.read'),
      schema: {
        tags: ['auth'],
        summary: 'The audit trail, newest first: logins and failed logins, account, token and key changes, unmaskings, alarm steps, map imports',
        description:
          'Filters: `from`/`to` (instants), `actor` (an account, or `system`), `action` (exact, or a family: `login` matches `login.failed`). ' +
          'Paged by `cursor` (the previous page’s `nextCursor`). An administrator limited to a subtree sees only entries concerning a region inside it.',
        security: [{ bearer: [] }],
        querystring: AuditQuerySchema,
        response: { 200: AuditPageSchema, 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema },
      },
    },
    async (req, reply) => {
      const p = req.principal!
      const { from, to, actor, action, cursor, limit = 100 } = req.query
      const fromMs = from === undefined ? undefined : Date.parse(from)
      const toMs = to === undefined ? undefined : Date.parse(to)
      if (fromMs !== undefined && toMs !== undefined && fromMs >= toMs)
        return reply.code(400).send({ error: '`from` must be before `to`', details: [{ path: '/querystring/from', message: 'must be before to' }] })
      const regionPath = p.scope === null ? undefined : app.audit.pathOf(p.scope)
      try {
        const page = await app.store.duty.queryAudit({ from: fromMs, to: toMs, actor, action, regionPath, cursor, limit })
        return { items: page.items.map(auditView), nextCursor: page.nextCursor }
      } catch (err) {
        if (err instanceof CursorError) return reply.code(400).send({ error: err.message, details: [{ path: '/querystring/cursor', message: err.message }] })
        throw err
      }
    },
  )
}
export default audit
