import type { Account, AccountChange, AccountRecord, IngestKeyRecord, NewAccountRecord, TokenKind, TokenRecord, TokenWithAccount } from '../../auth/types'
import type { AccessStore, TokenAndAccount } from '../access'
import { tx, type Db } from './db'

interface AccountRow {
  id: number
  username: string
  password_hash: string
  role: Account['role']
  scope: string | null
  personal_data: boolean
  disabled: boolean
}
/** An account's columns without its password hash: what every reader but login needs. */
const toAccount = (r: Omit<AccountRow, 'password_hash'>): Account => ({
  id: r.id,
  username: r.username,
  role: r.role,
  scope: r.scope,
  personalData: r.personal_data,
  disabled: r.disabled,
})
const toAccountRecord = (r: AccountRow): AccountRecord => ({ ...toAccount(r), passwordHash: r.password_hash })

interface TokenRow {
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
const toToken = (r: TokenRow): TokenRecord => ({
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
interface TokenAccountRow extends TokenRow {
  account_username: string
  account_role: Account['role']
  account_scope: string | null
  account_personal_data: boolean
  account_disabled: boolean
}

interface KeyRow {
  id: string
  key_hash: string
  name: string
  scope: string | null
  created_at: number
  created_by: string | null
  last_used_at: number | null
}
const toKey = (r: KeyRow): IngestKeyRecord => ({
  id: r.id,
  keyHash: r.key_hash,
  name: r.name,
  scope: r.scope,
  createdAt: r.created_at,
  createdBy: r.created_by,
  lastUsedAt: r.last_used_at,
})

const ACCOUNT_COLUMNS: Record<keyof AccountChange, string> = {
  role: 'role',
  scope: 'scope',
  personalData: 'personal_data',
  disabled: 'disabled',
  passwordHash: 'password_hash',
}

/** Accounts, tokens, ingest keys and failed logins in PostgreSQL: the same plain SQL as SQLite's. */
export class PgAccessStore implements AccessStore {
  constructor(private readonly db: Db) {}

  private async rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.db.query(sql, params)).rows as T[]
  }

  async createAccount(a: NewAccountRecord): Promise<Account> {
    const [row] = await this.rows<AccountRow>(
      `INSERT INTO accounts (username, password_hash, role, scope, personal_data, disabled) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
      [a.username, a.passwordHash, a.role, a.scope, a.personalData, !!a.disabled],
    )
    return toAccount(row!)
  }

  async findAccount(username: string): Promise<AccountRecord | null> {
    const [row] = await this.rows<AccountRow>(`SELECT * FROM accounts WHERE username = $1`, [username])
    return row ? toAccountRecord(row) : null
  }

  async getAccount(id: number): Promise<Account | null> {
    const [row] = await this.rows<AccountRow>(`SELECT * FROM accounts WHERE id = $1`, [id])
    return row ? toAccount(row) : null
  }

  async listAccounts(): Promise<Account[]> {
    return (await this.rows<AccountRow>(`SELECT * FROM accounts ORDER BY username COLLATE "C"`)).map(toAccount)
  }

  async updateAccount(id: number, change: AccountChange): Promise<Account | null> {
    const params: unknown[] = [id]
    const sets: string[] = []
    for (const [key, column] of Object.entries(ACCOUNT_COLUMNS) as Array<[keyof AccountChange, string]>) {
      const value = change[key]
      if (value !== undefined) sets.push(`${column} = $${params.push(value)}`)
    }
    if (sets.length > 0) await this.db.query(`UPDATE accounts SET ${sets.join(', ')} WHERE id = $1`, params)
    return this.getAccount(id)
  }

  async saveToken(t: TokenRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO tokens (id, token_hash, account_id, kind, scope, label, created_at, expires_at, last_seen_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [t.id, t.tokenHash, t.accountId, t.kind, t.scope, t.label, t.createdAt, t.expiresAt, t.lastSeenAt],
    )
  }

  async liveToken(by: { tokenHash: string } | { id: string }, now: number): Promise<TokenAndAccount | null> {
    const [row] = await this.rows<TokenAccountRow>(
      `SELECT t.*, a.username AS account_username, a.role AS account_role, a.scope AS account_scope,
          a.personal_data AS account_personal_data, a.disabled AS account_disabled
        FROM tokens t JOIN accounts a ON a.id = t.account_id
        WHERE ${'id' in by ? 't.id' : 't.token_hash'} = $1 AND (t.expires_at IS NULL OR t.expires_at > $2)`,
      ['id' in by ? by.id : by.tokenHash, now],
    )
    if (!row) return null
    const account = toAccount({
      id: row.account_id,
      username: row.account_username,
      role: row.account_role,
      scope: row.account_scope,
      personal_data: row.account_personal_data,
      disabled: row.account_disabled,
    })
    return { token: toToken(row), account }
  }

  async listTokens(q: { now: number; accountId?: number; id?: string }): Promise<TokenWithAccount[]> {
    const params: unknown[] = [q.now]
    const rows = await this.rows<TokenRow & { username: string; account_scope: string | null }>(
      `SELECT t.*, a.username AS username, a.scope AS account_scope FROM tokens t JOIN accounts a ON a.id = t.account_id
        WHERE (t.expires_at IS NULL OR t.expires_at > $1) ${q.accountId === undefined ? '' : `AND t.account_id = $${params.push(q.accountId)}`}
          ${q.id === undefined ? '' : `AND t.id = $${params.push(q.id)}`}
        ORDER BY t.created_at DESC, t.id COLLATE "C"`,
      params,
    )
    return rows.map((r) => ({ ...toToken(r), username: r.username, accountScope: r.account_scope }))
  }

  async countTokens(q: { accountId: number; kind: TokenKind; now: number; createdAfter?: number }): Promise<number> {
    const params: unknown[] = [q.accountId, q.kind, q.now]
    const [row] = await this.rows<{ n: number }>(
      `SELECT count(*)::int AS n FROM tokens WHERE account_id = $1 AND kind = $2 AND (expires_at IS NULL OR expires_at > $3)
        ${q.createdAfter === undefined ? '' : `AND created_at > $${params.push(q.createdAfter)}`}`,
      params,
    )
    return row!.n
  }

  async deleteToken(id: string): Promise<boolean> {
    return ((await this.db.query(`DELETE FROM tokens WHERE id = $1`, [id])).rowCount ?? 0) > 0
  }

  async deleteTokensOf(accountId: number, opts: { kind?: TokenKind; exceptId?: string } = {}): Promise<string[]> {
    const params: unknown[] = [accountId]
    const where = `account_id = $1 ${opts.kind ? `AND kind = $${params.push(opts.kind)}` : ''} ${opts.exceptId ? `AND id <> $${params.push(opts.exceptId)}` : ''}`
    return (await this.rows<{ id: string }>(`DELETE FROM tokens WHERE ${where} RETURNING id`, params)).map((r) => r.id)
  }

  async deleteExpiredTokens(now: number): Promise<number> {
    return (await this.db.query(`DELETE FROM tokens WHERE expires_at IS NOT NULL AND expires_at <= $1`, [now])).rowCount ?? 0
  }

  async touchToken(id: string, at: number): Promise<void> {
    await this.db.query(`UPDATE tokens SET last_seen_at = $1 WHERE id = $2`, [at, id])
  }

  async saveIngestKey(k: IngestKeyRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO ingest_keys (id, key_hash, name, scope, created_at, created_by, last_used_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [k.id, k.keyHash, k.name, k.scope, k.createdAt, k.createdBy, k.lastUsedAt],
    )
  }

  async findIngestKey(keyHash: string): Promise<IngestKeyRecord | null> {
    const [row] = await this.rows<KeyRow>(`SELECT * FROM ingest_keys WHERE key_hash = $1`, [keyHash])
    return row ? toKey(row) : null
  }

  async listIngestKeys(): Promise<IngestKeyRecord[]> {
    return (await this.rows<KeyRow>(`SELECT * FROM ingest_keys ORDER BY created_at DESC, id COLLATE "C"`)).map(toKey)
  }

  async deleteIngestKey(id: string): Promise<boolean> {
    return ((await this.db.query(`DELETE FROM ingest_keys WHERE id = $1`, [id])).rowCount ?? 0) > 0
  }

  async deleteIngestKeysNamed(name: string, keepHash: string): Promise<string[]> {
    return tx(this.db, async (c) => (await c.query<{ id: string }>(`DELETE FROM ingest_keys WHERE name = $1 AND key_hash <> $2 RETURNING id`, [name, keepHash])).rows.map((r) => r.id))
  }

  async touchIngestKey(id: string, at: number): Promise<void> {
    await this.db.query(`UPDATE ingest_keys SET last_used_at = $1 WHERE id = $2`, [at, id])
  }

  async recordLoginFailure(username: string, at: number): Promise<void> {
    await this.db.query(`INSERT INTO login_failures (username, at) VALUES ($1, $2)`, [username, at])
  }

  async loginFailures(username: string, since: number): Promise<number[]> {
    return (await this.rows<{ at: number }>(`SELECT at FROM login_failures WHERE username = $1 AND at >= $2 ORDER BY at`, [username, since])).map((r) => r.at)
  }

  async clearLoginFailures(username: string): Promise<void> {
    await this.db.query(`DELETE FROM login_failures WHERE username = $1`, [username])
  }

  async pruneLoginFailures(before: number): Promise<void> {
    await this.db.query(`DELETE FROM login_failures WHERE at < $1`, [before])
  }
}
