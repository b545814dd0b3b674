import type {
  BacklogLevel,
  CaseSize,
  CaseSource,
  CaseStage,
  ResolutionTier,
  Satisfaction,
  SupervisionColor,
} from '../../../shared/domain/vocabulary'
import type { Reporter } from '../../../shared/privacy/mask'

/** The current state of one case: a projection of its events (the event log is the truth). */
export interface CaseState {
  id: string
  regionCode: string
  source: CaseSource
  category: string
  size: CaseSize
  title: string
  backlogLevel: BacklogLevel | null
  /** Raw personal data: stays in the store; anything sent towards a wall is masked. */
  reporter: Reporter | null
  stage: CaseStage
  reportedAt: number
  /** When the current handling clock started: the report, or the last reopening (重办). */
  clockFrom: number
  dueAt: number
  /** When the case last entered each stage. */
  stageAt: Partial<Record<CaseStage, number>>
  urgeCount: number
  supervisedColor: SupervisionColor | null
  resolvedAt: number | null
  tier: ResolutionTier | null
  followedUpAt: number | null
  satisfaction: Satisfaction | null
  reopenCount: number
  updatedAt: number
}

export const isResolved = (c: CaseState) => c.resolvedAt !== null
export const isClosed = (c: CaseState) => c.followedUpAt !== null
