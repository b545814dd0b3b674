import type { Account, AccountPatch, NewAccount, Role } from '../../../shared/api/accounts'
import type { AuditPage } from '../../../shared/api/audit'
import type { Me } from '../../../shared/api/me'
import type { Playlist, PlaylistInput } from '../../../shared/api/playlists'
import type { IngestKeyView, TokenView } from '../../../shared/api/tokens'
import { chineseError, type ErrorDetail } from './errors'

/** An answer other than 2xx, with its words in Chinese for the form that asked. */
export class AdminError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly chinese: string,
    /** A 400's validation details (path + English message), for a form that says them item by item. */
    readonly details: readonly ErrorDetail[] = [],
  ) {
    super(message)
  }
}

export interface IssuedToken {
  id: string
  token: string
  url: string
  expiresAt: string | null
}
export type NewKey = IngestKeyView & { key: string }
export interface AuditFilter {
  from?: string
  to?: string
  actor?: string
  action?: string
}

/**
 * The admin page's REST calls (server/routes/accounts.ts, tokens.ts, ingestKeys.ts, audit.ts,
 * playlists.ts, session.ts), all with the page's session token. `expired` runs on a 401: the token is gone.
 */
export function adminApi(token: string, expired: () => void) {
  async function call<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` }
    if (init.body !== undefined) headers['content-type'] = 'application/json'
    const res = await fetch(path, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) })
    if (!res.ok) {
      const body = (await res.json().catch(() => null)) as { error?: string; details?: ErrorDetail[] } | null
      if (res.status === 401) expired()
      const message = body?.error ?? res.statusText
      throw new AdminError(res.status, message, chineseError(res.status, message, body?.details), body?.details ?? [])
    }
    return (res.status === 204 ? null : await res.json()) as T
  }
  const q = encodeURIComponent

  return {
    me: () => call<Me>('/api/v1/me'),
    accounts: () => call<{ items: Account[] }>('/api/v1/accounts').then((b) => b.items),
    createAccount: (a: NewAccount & { role: Role }) => call<Account>('/api/v1/accounts', { method: 'POST', body: a }),
    updateAccount: (username: string, patch: AccountPatch) => call<Account>(`/api/v1/accounts/${q(username)}`, { method: 'PATCH', body: patch }),
    /** Another account's password, reset by an administrator (no old password); one's own needs the old one. */
    setPassword: (username: string, newPassword: string, oldPassword?: string) =>
      call<null>(`/api/v1/accounts/${q(username)}/password`, { method: 'POST', body: oldPassword === undefined ? { newPassword } : { oldPassword, newPassword } }),
    tokens: () => call<{ items: TokenView[] }>('/api/v1/tokens').then((b) => b.items),
    issueDisplayToken: (body: { region?: string; label?: string; expiresAt?: string }) => call<IssuedToken>('/api/v1/kiosk-tokens', { method: 'POST', body }),
    /** Saved playlists in the caller's scope, to put in a display token's address (`&playlist=`). */
    playlists: () => call<{ items: Playlist[] }>('/api/v1/playlists').then((b) => b.items),
    createPlaylist: (body: PlaylistInput) => call<Playlist>('/api/v1/playlists', { method: 'POST', body }),
    updatePlaylist: (id: number, body: PlaylistInput) => call<Playlist>(`/api/v1/playlists/${id}`, { method: 'PUT', body }),
    deletePlaylist: (id: number) => call<null>(`/api/v1/playlists/${id}`, { method: 'DELETE' }),
    revokeToken: (id: string) => call<null>(`/api/v1/tokens/${q(id)}`, { method: 'DELETE' }),
    ingestKeys: () => call<{ items: IngestKeyView[] }>('/api/v1/ingest-keys').then((b) => b.items),
    createIngestKey: (body: { name: string; scope: string | null }) => call<NewKey>('/api/v1/ingest-keys', { method: 'POST', body }),
    revokeIngestKey: (id: string) => call<null>(`/api/v1/ingest-keys/${q(id)}`, { method: 'DELETE' }),
    audit: (filter: AuditFilter, cursor: string | null, limit = 50) => {
      const params = new URLSearchParams()
      for (const [k, v] of Object.entries(filter)) if (v) params.set(k, v)
      if (cursor) params.set('cursor', cursor)
      params.set('limit', String(limit))
      return call<AuditPage>(`/api/v1/audit?${params.toString()}`)
    },
  }
}
export type AdminApi = ReturnType<typeof adminApi>

/** The words to show for any failure of a call (a network failure included). */
export const problemOf = (err: unknown) => (err instanceof AdminError ? err.chinese : '无法连接服务器，请稍后再试')
