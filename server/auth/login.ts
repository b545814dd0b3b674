import type { AccessStore } from '../store/access'
import { LOCKOUT, lockedUntil, lockoutHorizon } from './lockout'
import { verifyPassword } from './secrets'
import type { AccountRecord } from './types'

export type PasswordCheck =
  | { ok: true; account: AccountRecord }
  /**
   * A failed attempt, recorded; `account`: the account of that username if there is one (for the
   * audit trail's region); `lockedUntil`: set when this failure started the lock.
   */
  | { ok: false; reason: 'wrong'; account: AccountRecord | null; lockedUntil: number | null }
  /** Refused without looking at the password: the username is locked. */
  | { ok: false; reason: 'locked'; until: number }

/**
 * Checks a username's password with the lockout: a locked username is refused before any hashing
 * (known and unknown usernames alike, so the lock says nothing about existence); an unknown one is
 * checked against a dummy hash so it costs as much as a known one; a failure is recorded and may
 * start the lock at once. Disabled accounts pass here: the caller refuses them after the check.
 */
export function createPasswordCheck(deps: { access: AccessStore; clock: () => number; dummyHash: string }) {
  const { access, clock, dummyHash } = deps

  async function lock(username: string): Promise<number | null> {
    const now = clock()
    return lockedUntil(await access.loginFailures(username, now - lockoutHorizon()), now)
  }

  return {
    lock,
    async check(username: string, password: string): Promise<PasswordCheck> {
      const locked = await lock(username)
      if (locked !== null) return { ok: false, reason: 'locked', until: locked }
      const record = await access.findAccount(username)
      const good = await verifyPassword(password, record?.passwordHash ?? dummyHash)
      if (record && good) {
        await access.clearLoginFailures(username)
        return { ok: true, account: record }
      }
      await access.recordLoginFailure(username, clock())
      return { ok: false, reason: 'wrong', account: record, lockedUntil: await lock(username) }
    },
    /** Failures older than any running lock are forgotten. */
    prune: () => access.pruneLoginFailures(clock() - lockoutHorizon() - LOCKOUT.windowMs),
  }
}
export type PasswordChecker = ReturnType<typeof createPasswordCheck>
