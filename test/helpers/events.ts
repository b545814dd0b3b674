import type { YipingEvent } from '../../shared/events/schema'
import { toShanghaiIso } from '../../shared/time/shanghai'

/** Small typed factories for events; `at` defaults to a fixed instant so tests read the same every day. */
let n = 0
const nextId = (prefix: string) => `${prefix}-${++n}-${Math.random().toString(36).slice(2, 8)}`
export const T0 = Date.parse('2026-06-15T09:00:00+08:00')
const iso = (ms: number) => toShanghaiIso(ms)

export const reported = (caseId: string, regionCode: string, at = T0, extra: Partial<Extract<YipingEvent, { type: 'case.reported' }>> = {}): YipingEvent => ({
  id: nextId('ev'),
  type: 'case.reported',
  at: iso(at),
  caseId,
  regionCode,
  source: 'hotline',
  category: '邻里纠纷',
  size: 'minor',
  title: '楼道堆放杂物',
  ...extra,
})
export const stage = (caseId: string, s: 'receive' | 'assign' | 'handle' | 'review', at = T0 + 60_000): YipingEvent => ({
  id: nextId('ev'),
  type: 'case.stage',
  at: iso(at),
  caseId,
  stage: s,
})
export const urged = (caseId: string, at = T0 + 120_000): YipingEvent => ({ id: nextId('ev'), type: 'case.urged', at: iso(at), caseId })
export const resolved = (caseId: string, tier: 'grid' | 'village' | 'secretary' | 'town' | 'district' = 'village', at = T0 + 3600_000): YipingEvent => ({
  id: nextId('ev'),
  type: 'case.resolved',
  at: iso(at),
  caseId,
  tier,
})
export const followedUp = (caseId: string, satisfaction: 'satisfied' | 'basic' | 'unsatisfied' = 'satisfied', at = T0 + 7200_000): YipingEvent => ({
  id: nextId('ev'),
  type: 'case.followedUp',
  at: iso(at),
  caseId,
  satisfaction,
})
export const riskRegistered = (riskId: string, regionCode: string, kind: 'water' | 'fire' = 'water'): YipingEvent => ({
  id: nextId('ev'),
  type: 'risk.registered',
  at: iso(T0),
  riskId,
  regionCode,
  kind,
  name: '千岛湖某码头',
  lng: 119.04,
  lat: 29.61,
})
export const riskStatus = (riskId: string, status: 'normal' | 'warning' | 'alarm' | 'rectifying' | 'rectified'): YipingEvent => ({
  id: nextId('ev'),
  type: 'risk.status',
  at: iso(T0 + 60_000),
  riskId,
  status,
})
