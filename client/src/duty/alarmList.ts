import type { Alarm } from '../../../shared/api/alarms'

/** How far along its life an alarm is; a life only moves forward, so a lower rank is older news. */
function rank(a: Alarm): number {
  const step = a.status === 'raised' ? 0 : a.status === 'acknowledged' ? 2 : 4
  return step + (a.clearedAt ? 1 : 0)
}

/** Unacknowledged first, then newest first (as GET /api/v1/alarms orders them). */
export function orderAlarms(list: readonly Alarm[]): Alarm[] {
  return [...list].sort(
    (a, b) => Number(a.status !== 'raised') - Number(b.status !== 'raised') || Date.parse(b.raisedAt) - Date.parse(a.raisedAt) || b.id - a.id,
  )
}

/**
 * One alarm's news applied to the open list: a closed alarm leaves it, any other takes its place
 * in order. News older than what the list holds (a push overtaken by a fetch) changes nothing.
 */
export function applyAlarm(list: readonly Alarm[], next: Alarm): Alarm[] {
  const current = list.find((a) => a.id === next.id)
  if (current && rank(current) > rank(next)) return list as Alarm[]
  const rest = list.filter((a) => a.id !== next.id)
  return next.status === 'closed' ? rest : orderAlarms([...rest, next])
}
