/** 5 failed logins for one username within 15 minutes lock that username for 15 minutes. */
export const LOCKOUT = { failures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 } as const
export type LockoutRule = typeof LOCKOUT

/** How far back failures matter: a lock still running now began within this span. */
export const lockoutHorizon = (rule: LockoutRule = LOCKOUT) => rule.windowMs + rule.lockMs

/**
 * When the lock on a username ends, given its failed logins (oldest first); null when it is not
 * locked at `now`. A lock starts at a failure that is the `failures`-th within `windowMs` and lasts
 * `lockMs`; attempts while locked are not counted, so it ends on time however often they retry.
 */
export function lockedUntil(failures: readonly number[], now: number, rule: LockoutRule = LOCKOUT): number | null {
  let until: number | null = null
  for (let i = rule.failures - 1; i < failures.length; i++) {
    if (failures[i]! - failures[i - rule.failures + 1]! < rule.windowMs) until = Math.max(until ?? 0, failures[i]! + rule.lockMs)
  }
  return until !== null && until > now ? until : null
}
