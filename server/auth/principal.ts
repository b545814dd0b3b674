import type { RegionTree } from '../../shared/regions/tree'
import type { Account, TokenKind } from './types'

/** Who is asking: the account, how they logged in, and the subtree they may see. */
export interface Principal {
  account: Account
  kind: TokenKind
  /** Effective scope: the token's if narrowed, else the account's; null = everything. */
  scope: string | null
}

export function canSee(p: Principal, tree: RegionTree, code: string): boolean {
  if (!tree.has(code)) return false
  return p.scope === null || tree.isWithin(code, p.scope)
}
