import type {
  BacklogLevel,
  CaseSize,
  CaseSource,
  CaseStage,
  ResolutionTier,
  Satisfaction,
  SupervisionColor,
} from '../../../shared/domain/vocabulary'
import type { FraudType, PetitionVisit } from '../../../shared/events/themeFields'
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
  /**
   * 承办单位 handling the case now, if any. The fields below were added after the first cases were
   * stored: a state read back without them means "none yet" (see the helpers below).
   */
  unit?: string | null
  /** 提级: the region whose level handles the case now, when escalated above the case's own region. */
  handlingRegion?: string | null
  /** Per handling unit: how often it was assigned the case (report or 转派) and how often it gave it back (退回). */
  units?: Record<string, UnitTally>
  /** What the themed pages count (信访 and 电诈), as reported; absent when not sent. */
  theme?: CaseTheme
}

/** Optional report fields of the themed pages (shared/events/themeFields.ts), clearBy as ms. */
export interface CaseTheme {
  visit?: PetitionVisit
  overLevel?: boolean
  caseLeader?: string
  clearBy?: number
  fraudType?: FraudType
  loss?: number
}

export interface UnitTally {
  assigned: number
  returned: number
}
/** The region whose level handles the case now: its own unless escalated (提级). */
export const handlingRegionOf = (c: CaseState) => c.handlingRegion ?? c.regionCode
export const unitOf = (c: CaseState) => c.unit ?? null

export const isResolved = (c: CaseState) => c.resolvedAt !== null
export const isClosed = (c: CaseState) => c.followedUpAt !== null
