import {
  CASE_SIZE_LABELS,
  CASE_STAGE_LABELS,
  RESOLUTION_TIER_LABELS,
  SATISFACTION_LABELS,
  SUPERVISION_COLOR_LABELS,
  type CaseStage,
  type ResolutionTier,
  type Satisfaction,
  type SupervisionColor,
} from '../../../shared/domain/vocabulary'
import type { FeedItem } from '../../../shared/live/protocol'

export type FeedTone = 'new' | 'move' | 'urge' | 'done' | 'alert'

/** What happened to the case, in the words of the duty room, and how loudly to show it. */
export function feedAction(item: FeedItem): { text: string; tone: FeedTone } {
  const d = item.detail ?? ''
  switch (item.type) {
    case 'case.reported':
      return { text: `新受理·${CASE_SIZE_LABELS[item.size]}`, tone: 'new' }
    case 'case.stage':
      return { text: CASE_STAGE_LABELS[d as CaseStage] ?? '流转', tone: 'move' }
    case 'case.urged':
      return { text: '催办', tone: 'urge' }
    case 'case.resolved':
      return { text: `办结·${(RESOLUTION_TIER_LABELS[d as ResolutionTier] ?? '').replace(/^.*·/, '')}`, tone: 'done' }
    case 'case.followedUp':
      return { text: `回访·${SATISFACTION_LABELS[d as Satisfaction] ?? ''}`, tone: d === 'unsatisfied' ? 'urge' : 'done' }
    case 'case.supervised':
      // The same words as the 三色督办 panel: 红色督办, 黄色预警, 绿色正常.
      return { text: SUPERVISION_COLOR_LABELS[d as SupervisionColor] ?? '督办', tone: d === 'red' ? 'alert' : d === 'green' ? 'done' : 'urge' }
    default:
      return { text: '更新', tone: 'move' }
  }
}

/** A stable key per event: the server's sequence number is unique per accepted event. */
export const feedKey = (item: FeedItem) => `${item.seq}:${item.caseId}`
