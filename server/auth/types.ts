import type { Account, TokenKind } from '../../shared/api/accounts'

export { AccountSchema, ROLES, TOKEN_KINDS, ACTIONS } from '../../shared/api/accounts'
export type { Account, Role, TokenKind, Action } from '../../shared/api/accounts'

export interface AccountRecord extends Account {
  passwordHash: string
}
export type NewAccountRecord = Omit<AccountRecord, 'id' | 'disabled'> & { disabled?: boolean }
export type AccountChange = Partial<Pick<AccountRecord, 'role' | 'scope' | 'personalData' | 'disabled' | 'passwordHash'>>

export interface TokenRecord {
  /** Public handle (listing, revocation); the secret itself is never stored, only its SHA-256. */
  id: string
  tokenHash: string
  accountId: number
  kind: TokenKind
  /** A kiosk token may be narrowed to a smaller subtree than its account's. */
  scope: string | null
  label: string | null
  createdAt: number
  expiresAt: number | null
  lastSeenAt: number | null
}

/** A live token with the account it acts for (listing). */
export interface TokenWithAccount extends TokenRecord {
  username: string
  accountScope: string | null
}

export interface IngestKeyRecord {
  id: string
  keyHash: string
  /** `env` for the key of YIPING_INGEST_KEY, `generated` for the first start's, else the creator's name for it. */
  name: string
  /** Its events must lie in this subtree; null = anywhere. */
  scope: string | null
  createdAt: number
  createdBy: string | null
  lastUsedAt: number | null
}

/** Where a batch came from: the ingest key that sent it, or the account that acted at the desk. */
export interface IngestOrigin {
  keyId: string | null
  actor: string | null
}
export const SYSTEM_ORIGIN: IngestOrigin = { keyId: null, actor: null }
