import type { CaseSize, CaseSource, CaseStage } from '../domain/vocabulary'
import type { EventType } from '../events/schema'
import type { Reporter } from '../privacy/mask'
import type { Alarm } from '../api/alarms'
import type { RiskView } from '../api/cases'
import type { RegionDetail } from '../summary/detail'
import type { Summary } from '../summary/schema'

/** The Socket.IO namespace of the wall's live data. */
export const LIVE_NAMESPACE = '/live'

/** One room per region: everyone watching a region gets the same summary, computed once. */
export const regionRoom = (code: string) => `region:${code}`

export type Ack<T> = ({ ok: true } & T) | { ok: false; error: string }

/** A line of the live ticker; the reporter is always masked (张*丰, 138****5678). */
export interface FeedItem {
  seq: number
  at: string
  type: EventType
  caseId: string
  regionCode: string
  regionName: string
  title: string
  category: string
  source: CaseSource
  size: CaseSize
  stage: CaseStage
  /** The new stage, tier, satisfaction or colour the event carried, if any. */
  detail: string | null
  reporter: Reporter | null
}

export interface SummaryPush {
  region: string
  seq: number
  summary: Summary
}

/** Pushed with every summary push of a region: the panels' figures (children, trends, categories). */
export interface DetailPush {
  region: string
  seq: number
  detail: RegionDetail
}

export interface RiskChangedPush {
  risk: RiskView
}

export interface FeedPush {
  region: string
  items: FeedItem[]
}

export interface SubscribeRequest {
  region: string
}

export interface SubscribeReply {
  seq: number
  summary: Summary
  detail: RegionDetail
  /** The latest ticker lines of the region, newest first. */
  feed: FeedItem[]
}

export interface ServerToClientEvents {
  summary: (push: SummaryPush) => void
  'feed:items': (push: FeedPush) => void
  detail: (push: DetailPush) => void
  /** An alarm of the region's subtree was raised or changed state (sent to every screen of its region and ancestors). */
  alarm: (push: { alarm: Alarm }) => void
  /**
   * A risk point of the region's subtree was registered or changed status: its whole new state, as
   * GET /api/v1/risks shows it, once per point per ingest batch (the batch's final state), sent after
   * the commit to every screen of its region and ancestors. Not coalesced: a map marker must turn red
   * the moment the point goes to alarm. Carries no personal data.
   */
  'risk:changed': (push: RiskChangedPush) => void
}

export interface ClientToServerEvents {
  subscribe: (req: SubscribeRequest, ack: (reply: Ack<SubscribeReply>) => void) => void
  unsubscribe: (req: SubscribeRequest, ack?: (reply: Ack<object>) => void) => void
}
