import type { RegionTree } from '../../shared/regions/tree'
import type { AccessStore, TokenAndAccount } from '../store/access'
import { effectiveScope, type Principal } from './principal'
import { newId, newSecret, secretHash } from './secrets'
import type { Account, TokenKind, TokenRecord } from './types'

export const SESSION_TTL_MS = 12 * 3600_000
/** Last-seen times are written at most this often per token (not on every request). */
const TOUCH_EVERY_MS = 60_000

export interface IssueOptions {
  scope?: string | null
  label?: string | null
  expiresAt?: number | null
}

type Listener<T> = (value: T) => void

/**
 * Tokens with a life: issued, resolved on every request against the account as it is now, touched
 * (last seen), and ended (logout, revocation, password change). Whoever holds sockets of a token
 * listens to `onEnded` and `onAccountChanged` and drops them.
 */
export function createSessions(deps: { access: AccessStore; clock: () => number; tree: RegionTree }) {
  const { access, clock, tree } = deps
  const ended = new Set<Listener<readonly string[]>>()
  const changed = new Set<Listener<number>>()

  /** A live token and its account (one query) as the principal it gives now, or null. */
  async function resolve(found: TokenAndAccount | null): Promise<Principal | null> {
    if (!found) return null
    const { token: t, account } = found
    if (account.disabled) return null
    const scope = effectiveScope(tree, t.scope, account.scope)
    if (scope === undefined) return null
    const now = clock()
    if (t.lastSeenAt === null || now - t.lastSeenAt >= TOUCH_EVERY_MS) await access.touchToken(t.id, now)
    return { account, kind: t.kind, scope, tokenId: t.id, expiresAt: t.expiresAt }
  }

  return {
    async issue(account: Account, kind: TokenKind, opts: IssueOptions = {}) {
      const token = newSecret(kind === 'kiosk' ? 'kt' : 'st')
      const now = clock()
      const record: TokenRecord = {
        id: newId(),
        tokenHash: secretHash(token),
        accountId: account.id,
        kind,
        scope: opts.scope ?? null,
        label: opts.label ?? null,
        createdAt: now,
        expiresAt: kind === 'session' ? now + SESSION_TTL_MS : (opts.expiresAt ?? null),
        lastSeenAt: null,
      }
      await access.saveToken(record)
      return { token, record }
    },

    /** Who a bearer token is, now; null when unknown, expired, revoked, or its account is disabled. */
    principal: async (token: string | undefined) => (token ? resolve(await access.liveToken({ tokenHash: secretHash(token) }, clock())) : null),

    /** The same principal read again (a socket's, at every subscribe): null when it has ended since. */
    refresh: async (p: Principal) => resolve(await access.liveToken({ id: p.tokenId }, clock())),

    /** Tokens were deleted: tell whoever holds their sockets. */
    ended(ids: readonly string[]) {
      if (ids.length > 0) for (const fn of ended) fn(ids)
    },
    /** An account's role, scope, permissions or state changed: its sockets must check in again. */
    accountChanged(id: number) {
      for (const fn of changed) fn(id)
    },
    onEnded(fn: Listener<readonly string[]>) {
      ended.add(fn)
      return () => ended.delete(fn)
    },
    onAccountChanged(fn: Listener<number>) {
      changed.add(fn)
      return () => changed.delete(fn)
    },
  }
}
export type Sessions = ReturnType<typeof createSessions>
