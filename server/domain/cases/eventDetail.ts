import type { CaseEvent } from '../../../shared/events/schema'

/** The one value a case event carries beyond its case: new stage, tier, satisfaction or colour. */
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
    default:
      return null
  }
}
