import type { RiskEvent } from '../../../shared/events/schema'
import type { RiskKind, RiskStatus } from '../../../shared/domain/vocabulary'
import { checkOf, pointFields, type RiskCheck } from './riskChecks'
import type { Reduced } from '../cases/reduceCase'

export interface RiskState {
  id: string
  regionCode: string
  kind: RiskKind
  name: string
  lng: number
  lat: number
  status: RiskStatus
  note: string | null
  updatedAt: number
  /** 消防检查点位 (fire page); absent on points registered without it. */
  inspectionSite?: boolean
  /** Rescue equipment sets kept at the point, and how many the last check found ready (water page). */
  rescueSets?: number
  rescueReady?: number
  /** Inspections and patrols, oldest first (see riskChecks.ts). */
  checks?: RiskCheck[]
}

export function reduceRisk(prev: RiskState | undefined, e: RiskEvent, at: number): Reduced<RiskState> {
  if (e.type === 'risk.registered') {
    if (prev) return { ok: false, field: 'riskId', message: `risk point ${e.riskId} is already registered` }
    const { riskId: id, regionCode, kind, name, lng, lat } = e
    return { ok: true, state: { id, regionCode, kind, name, lng, lat, status: 'normal', note: null, updatedAt: at, ...pointFields(e) } }
  }
  if (!prev) return { ok: false, field: 'riskId', message: `unknown risk point ${e.riskId}` }
  const next: RiskState = { ...prev, status: e.status, note: e.note ?? null, updatedAt: Math.max(prev.updatedAt, at) }
  const check = checkOf(e, at)
  if (check) next.checks = [...(prev.checks ?? []), check]
  if (e.rescueReady !== undefined) next.rescueReady = e.rescueReady
  return { ok: true, state: next }
}
