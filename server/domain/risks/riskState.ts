import type { RiskEvent } from '../../../shared/events/schema'
import type { RiskKind, RiskStatus } from '../../../shared/domain/vocabulary'
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
}

export function reduceRisk(prev: RiskState | undefined, e: RiskEvent, at: number): Reduced<RiskState> {
  if (e.type === 'risk.registered') {
    if (prev) return { ok: false, field: 'riskId', message: `risk point ${e.riskId} is already registered` }
    const { riskId: id, regionCode, kind, name, lng, lat } = e
    return { ok: true, state: { id, regionCode, kind, name, lng, lat, status: 'normal', note: null, updatedAt: at } }
  }
  if (!prev) return { ok: false, field: 'riskId', message: `unknown risk point ${e.riskId}` }
  return { ok: true, state: { ...prev, status: e.status, note: e.note ?? null, updatedAt: Math.max(prev.updatedAt, at) } }
}
