import type { RiskRegistered, RiskStatusEvent } from '../../../shared/events/schema'

/**
 * One inspection or patrol of a risk point, as the themed pages count it: [at (ms), hazards found,
 * hazards rectified, round (0 = none), patrol (1/0)]. A tuple, since a point keeps its whole list.
 */
export type RiskCheck = [at: number, hazard: number, rectified: number, round: number, patrol: number]

/** The fire and water pages' fields of a registration, kept only when sent. */
export function pointFields(e: RiskRegistered): { inspectionSite?: boolean; rescueSets?: number } {
  return {
    ...(e.inspectionSite !== undefined ? { inspectionSite: e.inspectionSite } : {}),
    ...(e.rescueSets !== undefined ? { rescueSets: e.rescueSets } : {}),
  }
}

/** A status event's check, or null when it carries none of the check fields. */
export function checkOf(e: RiskStatusEvent, at: number): RiskCheck | null {
  if (e.hazard === undefined && e.rectified === undefined && e.round === undefined && !e.patrol) return null
  return [at, e.hazard ?? 0, e.rectified ?? 0, e.round ?? 0, e.patrol ? 1 : 0]
}
