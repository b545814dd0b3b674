import fp from 'fastify-plugin'
import { regionPath } from '../../../shared/regions/tree'

export interface AuditEntry {
  actor: string
  /** Dotted, family first: `login.failed`, `account.created`, `token.revoked`, `case.reporter.unmasked`. */
  action: string
  target: string
  note?: string | null
  /** The region the entry concerns, when one applies: scoped administrators read their subtree's. */
  region?: string | null
}

export interface AuditService {
  /** Written before the caller answers, at the server's clock. */
  record(e: AuditEntry): Promise<void>
  /** The materialised path of a region, for subtree filters on the trail. */
  pathOf(code: string): string
}

declare module 'fastify' {
  interface FastifyInstance {
    audit: AuditService
  }
}

/** The audit trail's one way in for everything but alarms (whose steps the duty store writes with them). */
export default fp(
  async (app) => {
    const pathOf = (code: string) => regionPath(app.regions, code)
    app.decorate('audit', {
      pathOf,
      async record({ actor, action, target, note = null, region = null }: AuditEntry) {
        const known = region !== null && app.regions.has(region) ? region : null
        await app.store.duty.appendAudit({ at: app.clock(), actor, action, target, note, region: known }, known === null ? null : pathOf(known))
      },
    })
  },
  { name: 'audit', dependencies: ['store', 'regions'] },
)
