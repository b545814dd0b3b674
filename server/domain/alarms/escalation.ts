import type { Account } from '../../../shared/api/accounts'
import type { RegionTree } from '../../../shared/regions/tree'

export const ESCALATED = 'alarm.escalated'

/** The leaders an alarm of `regionCode` escalates to: enabled accounts of role leader whose scope holds the region. */
export function leadersOf(accounts: readonly Account[], regionCode: string, tree: RegionTree): Account[] {
  return accounts.filter(
    (a) => a.role === 'leader' && !a.disabled && (a.scope === null || a.scope === regionCode || tree.isWithin(regionCode, a.scope)),
  )
}

/** The escalation's line in the alarm's trail: who it went to, in the seats' language. */
export function escalationNote(minutes: number, leaders: readonly Account[]): string {
  const names = leaders.map((l) => l.username).join('、')
  return leaders.length > 0 ? `超过 ${minutes} 分钟未确认，已升级至领导：${names}` : `超过 ${minutes} 分钟未确认，已升级（辖区内暂无领导账号）`
}

/** The earliest instant any of the waiting alarms (id → raisedAt) is due to escalate, or undefined. */
export function nextEscalation(waiting: ReadonlyMap<number, number>, afterMs: number): number | undefined {
  let min: number | undefined
  for (const raisedAt of waiting.values()) if (min === undefined || raisedAt + afterMs < min) min = raisedAt + afterMs
  return min
}
