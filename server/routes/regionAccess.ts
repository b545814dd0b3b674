import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Action } from '../auth/types'

/**
 * The region check every region-scoped route makes, through the permission model: 404 for a code
 * that does not exist, 403 for one outside the token's subtree (or an action its role may not do
 * there). Returns the sent reply when refused, undefined when allowed.
 */
export function refuseRegion(app: FastifyInstance, req: FastifyRequest, reply: FastifyReply, code: string, action: Action = 'read') {
  if (!app.regions.has(code)) return reply.code(404).send({ error: `unknown region ${code}` })
  const refused = app.auth.permissions.refusal(req.principal!, action, code)
  if (refused) return reply.code(403).send({ error: refused })
  return undefined
}
