import type { RegionTree } from '../../shared/regions/tree'
import type { Account, TokenKind } from './types'

/** Who is asking with a token: the account, how they logged in, and the subtree they may see. */
export interface Principal {
  account: Account
  kind: TokenKind
  /** Effective scope: the narrower of the token's and the account's; null = everything. */
  scope: string | null
  tokenId: string
  expiresAt: number | null
}

/** An integrator's ingest key: it only ever writes events, inside its scope. */
export interface KeyPrincipal {
  keyId: string
  name: string
  scope: string | null
}

/** True when the subtree `inner` lies inside the subtree `outer` (null = the whole tree). */
export function scopeCovers(tree: RegionTree, outer: string | null, inner: string | null): boolean {
  if (outer === null) return true
  return inner !== null && tree.isWithin(inner, outer)
}

/**
 * The narrower of a token's own scope and its account's current one, so a token never sees more
 * than its account does now (an account narrowed after the token was issued narrows the token).
 * Undefined when the two no longer meet: the token sees nothing and is refused.
 */
export function effectiveScope(tree: RegionTree, tokenScope: string | null, accountScope: string | null): string | null | undefined {
  if (scopeCovers(tree, accountScope, tokenScope)) return tokenScope
  if (scopeCovers(tree, tokenScope, accountScope)) return accountScope
  return undefined
}
