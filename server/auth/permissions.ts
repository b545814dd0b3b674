import type { RegionTree } from '../../shared/regions/tree'
import { scopeCovers, type KeyPrincipal, type Principal } from './principal'
import type { Action, Role } from './types'

/**
 * The one answer to "may this principal do this action to this region?". Every REST route (through
 * `app.authorize` and the region check), every socket subscription and push room, exports, replay,
 * map import and ingest ask here; nothing else decides.
 *
 * | action            | admin | leader | dispatcher | viewer | display token |
 * |-------------------|-------|--------|------------|--------|---------------|
 * | read              |  ✓    |  ✓     |  ✓         |  ✓     |  ✓            |
 * | present           |  ✓    |  ✓     |  ✓         |        |               |
 * | export            |  ✓    |  ✓     |  ✓         |  ✓     |               |
 * | case.act          |  ✓    |        |  ✓         |        |               |
 * | alarm.act         |  ✓    |        |  ✓         |        |               |
 * | instruction.issue |  ✓    |        |  ✓         |        |               |
 * | duty.read         |  ✓    |  ✓     |  ✓         |        |               |
 * | duty.write        |  ✓    |        |  ✓         |        |               |
 * | directory.manage  |  ✓    |        |  ✓         |        |               |
 * | playlist.manage   |  ✓    |        |  ✓         |        |               |
 * | self              |  ✓    |  ✓     |  ✓         |  ✓     |               |
 * | accounts.manage, tokens.manage, ingestKeys.manage, geo.import, audit.read | ✓ | | | | |
 * | personalData      | the account's own flag, with a session of any role   |               |
 *
 * Always inside the token's effective scope: a region outside it is refused whatever the role.
 */
const READ_ONLY: readonly Action[] = ['read', 'self', 'export']
const ADMIN_ONLY: readonly Action[] = ['accounts.manage', 'tokens.manage', 'ingestKeys.manage', 'geo.import', 'audit.read']
/**
 * 值班: the duty log, roster and handover (duty.write), the directory's import (directory.manage), the
 * walls' saved playlists (playlist.manage).
 */
const DISPATCH: readonly Action[] = ['case.act', 'alarm.act', 'instruction.issue', 'duty.write', 'directory.manage', 'playlist.manage']

export const ROLE_ACTIONS: Record<Role, ReadonlySet<Action>> = {
  admin: new Set([...READ_ONLY, 'present', 'duty.read', ...DISPATCH, ...ADMIN_ONLY]),
  leader: new Set([...READ_ONLY, 'present', 'duty.read']),
  dispatcher: new Set([...READ_ONLY, 'present', 'duty.read', ...DISPATCH]),
  viewer: new Set(READ_ONLY),
}
/** The same with personal data, for an account whose flag allows it (built once: asked on every request). */
const withPersonal = (own: ReadonlySet<Action>): ReadonlySet<Action> => new Set<Action>([...own, 'personalData'])
const ROLE_ACTIONS_PERSONAL: Record<Role, ReadonlySet<Action>> = {
  admin: withPersonal(ROLE_ACTIONS.admin),
  leader: withPersonal(ROLE_ACTIONS.leader),
  dispatcher: withPersonal(ROLE_ACTIONS.dispatcher),
  viewer: withPersonal(ROLE_ACTIONS.viewer),
}
/** A display token reads, whoever issued it. */
export const DISPLAY_ACTIONS: ReadonlySet<Action> = new Set(['read'])
const NOTHING: ReadonlySet<Action> = new Set()

/** Everything the principal may do somewhere in its scope. */
export function actionsOf(p: Principal): ReadonlySet<Action> {
  if (p.account.disabled) return NOTHING
  if (p.kind !== 'session') return DISPLAY_ACTIONS
  return (p.account.personalData ? ROLE_ACTIONS_PERSONAL : ROLE_ACTIONS)[p.account.role]
}

/** Why the role or token kind alone refuses the action; null when it allows it somewhere. */
export function actionRefusal(p: Principal, action: Action): string | null {
  if (actionsOf(p).has(action)) return null
  if (p.kind !== 'session') return 'a display (kiosk) token may only watch; log in to act'
  if (action === 'personalData') return 'this account may not see personal data'
  if (action === 'self') return 'this token cannot manage an account'
  return `the ${p.account.role} role may not do this (${action})`
}

/** What an account, token or key would hold after a change by the caller. */
export interface Grant {
  role?: Role
  scope: string | null
  personalData?: boolean
}

export type Permissions = ReturnType<typeof permissions>

export function permissions(tree: RegionTree) {
  const inScope = (scope: string | null, code: string) => tree.has(code) && (scope === null || tree.isWithin(code, scope))

  /** Null when allowed; else why not (the answer's 403 message). */
  function refusal(p: Principal, action: Action, region?: string): string | null {
    const byRole = actionRefusal(p, action)
    if (byRole) return byRole
    if (region !== undefined && !inScope(p.scope, region)) return `region ${region} is outside this account's scope`
    return null
  }

  return {
    refusal,
    may: (p: Principal, action: Action, region?: string) => refusal(p, action, region) === null,
    /** An ingest key writes events of its own subtree only. */
    mayIngest: (k: KeyPrincipal, region: string) => inScope(k.scope, region),
    covers: (outer: string | null, inner: string | null) => scopeCovers(tree, outer, inner),

    /**
     * Nobody grants beyond what they hold: the scope given must lie inside the caller's own, the role
     * may do nothing the caller may not, and personal data only from one who may see it. Null when allowed.
     */
    grantRefusal(p: Principal, g: Grant): string | null {
      if (g.scope !== null && !tree.has(g.scope)) return `unknown region ${g.scope}`
      if (!scopeCovers(tree, p.scope, g.scope))
        return `scope ${g.scope ?? 'everything'} is beyond this account's own scope ${p.scope ?? 'everything'}`
      const mine = actionsOf(p)
      if (g.role) {
        const beyond = [...ROLE_ACTIONS[g.role]].filter((a) => !mine.has(a))
        if (beyond.length > 0) return `the ${g.role} role may do what this account may not (${beyond.join(', ')})`
      }
      if (g.personalData && !mine.has('personalData')) return 'only an account that may see personal data can grant it'
      return null
    },
  }
}
