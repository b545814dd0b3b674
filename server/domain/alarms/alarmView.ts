import type { Alarm } from '../../../shared/api/alarms'
import type { RegionTree } from '../../../shared/regions/tree'
import { toShanghaiIso } from '../../../shared/time/shanghai'
import type { AlarmRecord } from './alarmRecord'

const iso = (ms: number | null) => (ms === null ? null : toShanghaiIso(ms))

/** `escalatedAt`: when it escalated to the region's leaders (kept by the alarm service), if it did. */
export function alarmView(a: AlarmRecord, tree: RegionTree, escalatedAt: number | null = null): Alarm {
  return {
    id: a.id,
    kind: a.kind,
    subjectId: a.subjectId,
    regionCode: a.regionCode,
    regionName: tree.get(a.regionCode)?.name ?? a.regionCode,
    title: a.title,
    status: a.status,
    raisedAt: toShanghaiIso(a.raisedAt),
    acknowledgedBy: a.ackBy,
    acknowledgedAt: iso(a.ackAt),
    acknowledgeNote: a.ackNote,
    clearedAt: iso(a.clearedAt),
    closedBy: a.closedBy,
    closedAt: iso(a.closedAt),
    closeNote: a.closeNote,
    escalatedAt: iso(escalatedAt),
  }
}

/** How one alarm's move changes the [raised, acknowledged] counts. */
export function countDelta(before: AlarmRecord['status'] | null, after: AlarmRecord['status']): [number, number] {
  const v = (s: AlarmRecord['status'] | null): [number, number] => (s === 'raised' ? [1, 0] : s === 'acknowledged' ? [0, 1] : [0, 0])
  const [r0, a0] = v(before)
  const [r1, a1] = v(after)
  return [r1 - r0, a1 - a0]
}
