import type { Static } from 'typebox'
import { Type } from 'typebox'
import { OneOf } from '../../shared/events/schema'

export const ROLES = ['admin', 'viewer'] as const
export type Role = (typeof ROLES)[number]

export const AccountSchema = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  role: OneOf(ROLES),
  /** The region subtree the account may see; null = the whole tree. */
  scope: Type.Union([Type.String(), Type.Null()]),
  /** May read reporters' names and phones unmasked. */
  personalData: Type.Boolean(),
})
export type Account = Static<typeof AccountSchema>

export interface AccountRecord extends Account {
  passwordHash: string
}

export const TOKEN_KINDS = ['session', 'kiosk'] as const
export type TokenKind = (typeof TOKEN_KINDS)[number]

export interface TokenRecord {
  tokenHash: string
  accountId: number
  kind: TokenKind
  /** A kiosk token may be narrowed to a smaller subtree than its account's. */
  scope: string | null
  label: string | null
  createdAt: number
  expiresAt: number | null
}
