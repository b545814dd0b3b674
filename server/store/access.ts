import type { Account, AccountChange, AccountRecord, IngestKeyRecord, NewAccountRecord, TokenKind, TokenRecord, TokenWithAccount } from '../auth/types'

export interface TokenAndAccount {
  token: TokenRecord
  account: Account
}

/**
 * Accounts, tokens, ingest keys and failed logins: small tables, plain SQL in every implementation.
 * Times are ms. A token or key that is revoked is deleted (the audit trail keeps that it was).
 */
export interface AccessStore {
  createAccount(a: NewAccountRecord): Promise<Account>
  findAccount(username: string): Promise<AccountRecord | null>
  getAccount(id: number): Promise<Account | null>
  listAccounts(): Promise<Account[]>
  /** Null when there is no such account. */
  updateAccount(id: number, change: AccountChange): Promise<Account | null>

  saveToken(t: TokenRecord): Promise<void>
  /**
   * A token that has not expired at `now` with its account as it is now, in one query (a join):
   * every authenticated request asks it, by the hash of the bearer's secret, and a socket by its
   * token's id. Null when there is no such live token.
   */
  liveToken(by: { tokenHash: string } | { id: string }, now: number): Promise<TokenAndAccount | null>
  /** Live tokens (not expired at `now`), newest first, of one account or of all (or the one of that id). */
  listTokens(q: { now: number; accountId?: number; id?: string }): Promise<TokenWithAccount[]>
  /** Live tokens of an account of a kind, optionally only those created after an instant. */
  countTokens(q: { accountId: number; kind: TokenKind; now: number; createdAfter?: number }): Promise<number>
  /** True when it existed. */
  deleteToken(id: string): Promise<boolean>
  /** Deletes an account's tokens (of a kind, except one) and answers their ids. */
  deleteTokensOf(accountId: number, opts?: { kind?: TokenKind; exceptId?: string }): Promise<string[]>
  /** Drops tokens expired before `now`; answers how many. */
  deleteExpiredTokens(now: number): Promise<number>
  touchToken(id: string, at: number): Promise<void>

  saveIngestKey(k: IngestKeyRecord): Promise<void>
  findIngestKey(keyHash: string): Promise<IngestKeyRecord | null>
  listIngestKeys(): Promise<IngestKeyRecord[]>
  /** True when it existed. */
  deleteIngestKey(id: string): Promise<boolean>
  /** Deletes every key of that name but the one with `keepHash`; answers their ids. */
  deleteIngestKeysNamed(name: string, keepHash: string): Promise<string[]>
  touchIngestKey(id: string, at: number): Promise<void>

  recordLoginFailure(username: string, at: number): Promise<void>
  /** Times of failed logins for a username since an instant, oldest first. */
  loginFailures(username: string, since: number): Promise<number[]>
  clearLoginFailures(username: string): Promise<void>
  /** Forgets failures older than `before`, of every username. */
  pruneLoginFailures(before: number): Promise<void>
}
