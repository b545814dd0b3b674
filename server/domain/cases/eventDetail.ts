import type { CaseEvent } from '../../../shared/events/schema'

/** The one value a case event carries beyond its case: new stage, tier, satisfaction, colour, unit or handling region. */
export function eventDetail(e: CaseEvent): string | null {
  switch (e.type) {
    case 'case.stage':
      return e.stage
    case 'case.resolved':
      return e.tier
    case 'case.followedUp':
      return e.satisfaction
    case 'case.supervised':
      return e.color
    case 'case.escalated':
      return e.toRegion
    case 'case.transferred':
      return e.unit
    default:
      return null
  }
}

/** The words a desk action carried (催办意见, 退回理由 …), if any. */
export function eventNote(e: CaseEvent): string | null {
  return 'note' in e && typeof e.note === 'string' ? e.note : null
}
