import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'

/**
 * The one check every region-scoped read makes: 404 for a code that does not exist, 403 for one
 * outside the account's subtree. Returns the sent reply when refused, undefined when allowed.
 */
export function refuseRegion(app: FastifyInstance, req: FastifyRequest, reply: FastifyReply, code: string) {
  if (!app.regions.has(code)) return reply.code(404).send({ error: `unknown region ${code}` })
  if (!app.auth.canSee(req.principal!, code)) return reply.code(403).send({ error: `region ${code} is outside this account's scope` })
  return undefined
}
