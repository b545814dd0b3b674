import type { Account, AccountRecord, IngestKeyRecord, TokenKind, TokenRecord } from '../../auth/types'

/** Row shapes of the access tables and their mapping to records (booleans as 0/1, times in ms). */
export interface AccountRow {
  id: number
  username: string
  password_hash: string
  role: Account['role']
  scope: string | null
  personal_data: number
  disabled: number
}
/** An account's columns without its password hash: what every reader but login needs. */
type AccountColumns = Omit<AccountRow, 'password_hash'>
export const toAccount = (r: AccountColumns): Account => ({
  id: r.id,
  username: r.username,
  role: r.role,
  scope: r.scope,
  personalData: r.personal_data === 1,
  disabled: r.disabled === 1,
})
export const toAccountRecord = (r: AccountRow): AccountRecord => ({ ...toAccount(r), passwordHash: r.password_hash })

export interface TokenRow {
  id: string
  token_hash: string
  account_id: number
  kind: TokenKind
  scope: string | null
  label: string | null
  created_at: number
  expires_at: number | null
  last_seen_at: number | null
}
export const toToken = (r: TokenRow): TokenRecord => ({
  id: r.id,
  tokenHash: r.token_hash,
  accountId: r.account_id,
  kind: r.kind,
  scope: r.scope,
  label: r.label,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  lastSeenAt: r.last_seen_at,
})

/** A token row joined with its account's columns (`account_*`, beside the token's own id and scope). */
export interface TokenAccountRow extends TokenRow {
  account_username: string
  account_role: Account['role']
  account_scope: string | null
  account_personal_data: number
  account_disabled: number
}
export const TOKEN_ACCOUNT_COLUMNS = `t.*, a.username AS account_username, a.role AS account_role, a.scope AS account_scope,
  a.personal_data AS account_personal_data, a.disabled AS account_disabled`
export const toTokenAndAccount = (r: TokenAccountRow) => ({
  token: toToken(r),
  account: toAccount({
    id: r.account_id,
    username: r.account_username,
    role: r.account_role,
    scope: r.account_scope,
    personal_data: r.account_personal_data,
    disabled: r.account_disabled,
  }),
})

export interface KeyRow {
  id: string
  key_hash: string
  name: string
  scope: string | null
  created_at: number
  created_by: string | null
  last_used_at: number | null
}
export const toKey = (r: KeyRow): IngestKeyRecord => ({
  id: r.id,
  keyHash: r.key_hash,
  name: r.name,
  scope: r.scope,
  createdAt: r.created_at,
  createdBy: r.created_by,
  lastUsedAt: r.last_used_at,
})
