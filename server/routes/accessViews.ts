import type { AuditItem } from '../../shared/api/audit'
import type { IngestKeyView, TokenView } from '../../shared/api/tokens'
import { toShanghaiIso } from '../../shared/time/shanghai'
import type { Permissions } from '../auth/permissions'
import type { Principal } from '../auth/principal'
import type { IngestKeyRecord, TokenWithAccount } from '../auth/types'
import type { StoredAudit } from '../store/types'

const iso = (ms: number | null) => (ms === null ? null : toShanghaiIso(ms))

/** A token as listed: what it is, for whom and when, never its secret or hash. */
export function tokenView(t: TokenWithAccount, current: string): TokenView {
  return {
    id: t.id,
    kind: t.kind,
    username: t.username,
    label: t.label,
    scope: t.scope,
    createdAt: toShanghaiIso(t.createdAt),
    expiresAt: iso(t.expiresAt),
    lastSeenAt: iso(t.lastSeenAt),
    current: t.id === current,
  }
}

export function keyView(k: IngestKeyRecord): IngestKeyView {
  return { id: k.id, name: k.name, scope: k.scope, createdAt: toShanghaiIso(k.createdAt), createdBy: k.createdBy, lastUsedAt: iso(k.lastUsedAt) }
}

export function auditView(e: StoredAudit): AuditItem {
  return { id: e.id, at: toShanghaiIso(e.at), actor: e.actor, action: e.action, target: e.target, note: e.note, region: e.region }
}

/**
 * Which tokens a principal may see and revoke: its own account's, and for one who manages tokens,
 * every token whose scope lies inside its own (a scoped administrator: its subtree's walls and people).
 */
export function tokenVisible(model: Permissions, p: Principal, t: TokenWithAccount): boolean {
  if (t.accountId === p.account.id) return true
  return model.may(p, 'tokens.manage') && model.covers(p.scope, t.scope ?? t.accountScope)
}
