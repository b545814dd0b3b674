import type { FastifyInstance } from 'fastify'
import type { PasswordChange } from '../../shared/api/accounts'
import { toShanghaiIso } from '../../shared/time/shanghai'
import type { Principal } from '../auth/principal'
import { hashPassword } from '../auth/secrets'
import type { AccountRecord } from '../auth/types'

/**
 * A password change: one's own needs the old password (checked with the login lockout, so a
 * stolen session cannot guess it); an administrator's reset does not, and also lifts a lock.
 * Other sessions of the account end; the caller's own session goes on. Null when done.
 */
export async function changePassword(
  app: FastifyInstance,
  p: Principal,
  target: AccountRecord,
  body: PasswordChange,
): Promise<{ status: 400 | 403 | 429; error: string } | null> {
  const own = target.id === p.account.id
  const actor = p.account.username
  if (own) {
    if (body.oldPassword === undefined) return { status: 400, error: 'oldPassword is required to change your own password' }
    const checked = await app.auth.passwords.check(target.username, body.oldPassword)
    if (!checked.ok) {
      const until = checked.reason === 'locked' ? checked.until : checked.lockedUntil
      if (checked.reason === 'wrong')
        await app.audit.record({ actor, action: 'account.password.failed', target: `account:${target.username}`, note: 'wrong old password', region: target.scope })
      if (until !== null) return { status: 429, error: `too many failed attempts for ${target.username}: locked until ${toShanghaiIso(until)}` }
      return { status: 403, error: 'the old password is wrong; nothing was changed' }
    }
  }
  if (body.newPassword === body.oldPassword) return { status: 400, error: 'the new password must differ from the old one' }
  await app.store.access.updateAccount(target.id, { passwordHash: await hashPassword(body.newPassword) })
  if (!own) await app.store.access.clearLoginFailures(target.username)
  const ended = await app.store.access.deleteTokensOf(target.id, { kind: 'session', exceptId: own ? p.tokenId : undefined })
  app.auth.sessions.ended(ended)
  await app.audit.record({
    actor,
    action: own ? 'account.password.changed' : 'account.password.reset',
    target: `account:${target.username}`,
    note: `${ended.length} other session(s) ended`,
    region: target.scope,
  })
  return null
}
