import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { LIMITS } from './limits'

/** Every kind of unmasking: one budget per account across them all. */
export const REVEAL_ACTIONS = ['case.reporter.unmasked', 'directory.phone.unmasked'] as const
export type RevealAction = (typeof REVEAL_ACTIONS)[number]

const UNMASK = LIMITS.unmask
export const REVEAL_LIMIT_TEXT = `at most ${UNMASK.max} unmaskings (reporters, directory phones) per ${UNMASK.windowMs / 60_000} minutes per account`

/**
 * The one path by which personal data is shown unmasked: the route has already required the
 * `personalData` permission (app.authorize) and answered 404 for what the caller may not see; here
 * the account's budget is checked (counted in the audit trail, so every node agrees) and the
 * unmasking is audited before the caller answers. Returns the sent 429 when over budget, else null.
 */
export async function revealPersonalData(
  app: FastifyInstance,
  req: FastifyRequest,
  reply: FastifyReply,
  what: { action: RevealAction; target: string; region: string },
): Promise<FastifyReply | null> {
  const actor = req.principal!.account.username
  const since = app.clock() - UNMASK.windowMs
  const counts = await Promise.all(REVEAL_ACTIONS.map((action) => app.store.duty.countAudit({ actor, action, since })))
  if (counts.reduce((a, b) => a + b, 0) >= UNMASK.max) return reply.code(429).send({ error: `${REVEAL_LIMIT_TEXT}; try again later` })
  await app.audit.record({ actor, action: what.action, target: what.target, region: what.region })
  return null
}
