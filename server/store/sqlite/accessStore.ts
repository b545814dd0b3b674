import type Database from 'better-sqlite3'
import type { Account, AccountChange, AccountRecord, IngestKeyRecord, NewAccountRecord, TokenKind, TokenRecord, TokenWithAccount } from '../../auth/types'
import type { AccessStore, TokenAndAccount } from '../access'
import type { WriterThread } from './writer/writerThread'
import { TOKEN_ACCOUNT_COLUMNS, toAccount, toAccountRecord, toKey, toToken, toTokenAndAccount, type AccountRow, type KeyRow, type TokenAccountRow, type TokenRow } from './accessRows'

const LIVE = `(expires_at IS NULL OR expires_at > @now)`
const LIVE_T = `(t.expires_at IS NULL OR t.expires_at > @now)`
const ACCOUNT_COLUMNS: Record<keyof AccountChange, string> = {
  role: 'role',
  scope: 'scope',
  personalData: 'personal_data',
  disabled: 'disabled',
  passwordHash: 'password_hash',
}

/** Accounts, tokens, ingest keys and failed logins in the same SQLite file; plain, portable SQL. */
export class SqliteAccessStore implements AccessStore {
  /** Statements of every authenticated request (its token with its account), prepared once: preparing them was a fifth of a summary read's CPU. */
  private hot: { token: Database.Statement; tokenById: Database.Statement; account: Database.Statement } | null = null

  constructor(
    private readonly db: Database.Database,
    /** The log's writer thread: an ingest key's last use is written in its next commit. */
    private readonly writer: WriterThread,
  ) {}

  private get statements() {
    return (this.hot ??= {
      token: this.db.prepare(`SELECT ${TOKEN_ACCOUNT_COLUMNS} FROM tokens t JOIN accounts a ON a.id = t.account_id WHERE t.token_hash = @hash AND ${LIVE_T}`),
      tokenById: this.db.prepare(`SELECT ${TOKEN_ACCOUNT_COLUMNS} FROM tokens t JOIN accounts a ON a.id = t.account_id WHERE t.id = @id AND ${LIVE_T}`),
      account: this.db.prepare(`SELECT * FROM accounts WHERE id = ?`),
    })
  }

  async createAccount(a: NewAccountRecord): Promise<Account> {
    const info = this.db
      .prepare(`INSERT INTO accounts (username, password_hash, role, scope, personal_data, disabled) VALUES (?, ?, ?, ?, ?, ?)`)
      .run(a.username, a.passwordHash, a.role, a.scope, a.personalData ? 1 : 0, a.disabled ? 1 : 0)
    return { id: Number(info.lastInsertRowid), username: a.username, role: a.role, scope: a.scope, personalData: a.personalData, disabled: !!a.disabled }
  }

  async findAccount(username: string): Promise<AccountRecord | null> {
    const row = this.db.prepare(`SELECT * FROM accounts WHERE username = ?`).get(username) as AccountRow | undefined
    return row ? toAccountRecord(row) : null
  }

  async getAccount(id: number): Promise<Account | null> {
    const row = this.statements.account.get(id) as AccountRow | undefined
    return row ? toAccount(row) : null
  }

  async listAccounts(): Promise<Account[]> {
    return (this.db.prepare(`SELECT * FROM accounts ORDER BY username`).all() as AccountRow[]).map(toAccount)
  }

  async updateAccount(id: number, change: AccountChange): Promise<Account | null> {
    const sets: string[] = []
    const params: Record<string, unknown> = { id }
    for (const [key, column] of Object.entries(ACCOUNT_COLUMNS) as Array<[keyof AccountChange, string]>) {
      const value = change[key]
      if (value === undefined) continue
      sets.push(`${column} = @${column}`)
      params[column] = typeof value === 'boolean' ? (value ? 1 : 0) : value
    }
    if (sets.length > 0) this.db.prepare(`UPDATE accounts SET ${sets.join(', ')} WHERE id = @id`).run(params)
    return this.getAccount(id)
  }

  async saveToken(t: TokenRecord): Promise<void> {
    this.db
      .prepare(`INSERT INTO tokens (id, token_hash, account_id, kind, scope, label, created_at, expires_at, last_seen_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(t.id, t.tokenHash, t.accountId, t.kind, t.scope, t.label, t.createdAt, t.expiresAt, t.lastSeenAt)
  }

  async liveToken(by: { tokenHash: string } | { id: string }, now: number): Promise<TokenAndAccount | null> {
    const row = ('id' in by ? this.statements.tokenById.get({ id: by.id, now }) : this.statements.token.get({ hash: by.tokenHash, now })) as TokenAccountRow | undefined
    return row ? toTokenAndAccount(row) : null
  }

  async listTokens(q: { now: number; accountId?: number; id?: string }): Promise<TokenWithAccount[]> {
    const rows = this.db
      .prepare(`SELECT t.*, a.username AS username, a.scope AS account_scope FROM tokens t JOIN accounts a ON a.id = t.account_id
        WHERE (t.expires_at IS NULL OR t.expires_at > @now) ${q.accountId === undefined ? '' : 'AND t.account_id = @accountId'}
          ${q.id === undefined ? '' : 'AND t.id = @id'}
        ORDER BY t.created_at DESC, t.id`)
      .all({ now: q.now, accountId: q.accountId, id: q.id }) as Array<TokenRow & { username: string; account_scope: string | null }>
    return rows.map((r) => ({ ...toToken(r), username: r.username, accountScope: r.account_scope }))
  }

  async countTokens(q: { accountId: number; kind: TokenKind; now: number; createdAfter?: number }): Promise<number> {
    const row = this.db
      .prepare(`SELECT count(*) AS n FROM tokens WHERE account_id = @accountId AND kind = @kind AND ${LIVE}
        ${q.createdAfter === undefined ? '' : 'AND created_at > @createdAfter'}`)
      .get(q) as { n: number }
    return row.n
  }

  async deleteToken(id: string): Promise<boolean> {
    return this.db.prepare(`DELETE FROM tokens WHERE id = ?`).run(id).changes > 0
  }

  async deleteTokensOf(accountId: number, opts: { kind?: TokenKind; exceptId?: string } = {}): Promise<string[]> {
    return this.db.transaction(() => {
      const where = `account_id = @accountId ${opts.kind ? 'AND kind = @kind' : ''} ${opts.exceptId ? 'AND id <> @exceptId' : ''}`
      const params = { accountId, kind: opts.kind, exceptId: opts.exceptId }
      const ids = (this.db.prepare(`SELECT id FROM tokens WHERE ${where}`).all(params) as Array<{ id: string }>).map((r) => r.id)
      this.db.prepare(`DELETE FROM tokens WHERE ${where}`).run(params)
      return ids
    }).immediate()
  }

  async deleteExpiredTokens(now: number): Promise<number> {
    return this.db.prepare(`DELETE FROM tokens WHERE expires_at IS NOT NULL AND expires_at <= ?`).run(now).changes
  }

  async touchToken(id: string, at: number): Promise<void> {
    this.db.prepare(`UPDATE tokens SET last_seen_at = ? WHERE id = ?`).run(at, id)
  }

  async saveIngestKey(k: IngestKeyRecord): Promise<void> {
    this.db
      .prepare(`INSERT INTO ingest_keys (id, key_hash, name, scope, created_at, created_by, last_used_at) VALUES (?, ?, ?, ?, ?, ?, ?)`)
      .run(k.id, k.keyHash, k.name, k.scope, k.createdAt, k.createdBy, k.lastUsedAt)
  }

  async findIngestKey(keyHash: string): Promise<IngestKeyRecord | null> {
    const row = this.db.prepare(`SELECT * FROM ingest_keys WHERE key_hash = ?`).get(keyHash) as KeyRow | undefined
    return row ? toKey(row) : null
  }

  async listIngestKeys(): Promise<IngestKeyRecord[]> {
    return (this.db.prepare(`SELECT * FROM ingest_keys ORDER BY created_at DESC, id`).all() as KeyRow[]).map(toKey)
  }

  async deleteIngestKey(id: string): Promise<boolean> {
    return this.db.prepare(`DELETE FROM ingest_keys WHERE id = ?`).run(id).changes > 0
  }

  async deleteIngestKeysNamed(name: string, keepHash: string): Promise<string[]> {
    return this.db.transaction(() => {
      const ids = (this.db.prepare(`SELECT id FROM ingest_keys WHERE name = ? AND key_hash <> ?`).all(name, keepHash) as Array<{ id: string }>).map((r) => r.id)
      this.db.prepare(`DELETE FROM ingest_keys WHERE name = ? AND key_hash <> ?`).run(name, keepHash)
      return ids
    }).immediate()
  }

  /**
   * On the writer thread, with the batches it commits next: on this connection the UPDATE waited
   * (synchronously, the event loop with it) for the thread's write lock and its own fsync.
   */
  async touchIngestKey(id: string, at: number): Promise<void> {
    await this.writer.duty({ kind: 'touch-key', keyId: id, at })
  }

  async recordLoginFailure(username: string, at: number): Promise<void> {
    this.db.prepare(`INSERT INTO login_failures (username, at) VALUES (?, ?)`).run(username, at)
  }

  async loginFailures(username: string, since: number): Promise<number[]> {
    const rows = this.db.prepare(`SELECT at FROM login_failures WHERE username = ? AND at >= ? ORDER BY at`).all(username, since) as Array<{ at: number }>
    return rows.map((r) => r.at)
  }

  async clearLoginFailures(username: string): Promise<void> {
    this.db.prepare(`DELETE FROM login_failures WHERE username = ?`).run(username)
  }

  async pruneLoginFailures(before: number): Promise<void> {
    this.db.prepare(`DELETE FROM login_failures WHERE at < ?`).run(before)
  }
}
