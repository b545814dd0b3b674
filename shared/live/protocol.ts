import type { CaseSize, CaseSource, CaseStage } from '../domain/vocabulary'
import type { EventType } from '../events/schema'
import type { Reporter } from '../privacy/mask'
import type { Alarm } from '../api/alarms'
import type { Instruction } from '../api/instructions'
import type { RiskView } from '../api/cases'
import type { RegionDetail } from '../summary/detail'
import type { DetailPatch } from './detailPatch'
import type { Summary } from '../summary/schema'
import type { SubscribeRequest } from './subscribe'
import type { PresenterPush, PresenterState, PresenterTake } from './presenter'

export type { PeriodRequest, SubscribeRequest } from './subscribe'

/** The Socket.IO namespace of the wall's live data. */
export const LIVE_NAMESPACE = '/live'

/** One room per region: alarms, risk-point changes and the ticker of the region's subtree. */
export const regionRoom = (code: string) => `region:${code}`

/**
 * One room per view (region, period, comparisons, ranking): everyone watching the same view gets
 * the same summary and detail, computed once per push. `view` is the key the server names it by.
 */
export const viewRoom = (view: string) => `view:${view}`

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

/**
 * A view's figures, after a change to its region or when its relative period rolls over: one frame
 * per change per room, carrying the headline summary, the panels' figures and the ticker's new
 * lines together, so each screen gets one message, not three (at 1,000 screens the writes dominate).
 */
export type SummaryPush = {
  region: string
  /** The view (as named in the subscribe ack) these figures are of. */
  view: string
  seq: number
  summary: Summary
  /** The region's new ticker lines since the last push, newest first (absent when none). */
  feed?: FeedItem[]
} & (
  | {
      /**
       * The panels' figures of the same view and seq (children ranked, trends, categories), whole:
       * the view's first push, or when what changed is no smaller (a new ranking order, a new day).
       */
      detail: RegionDetail
      detailPatch?: undefined
    }
  | {
      /**
       * The same, as what changed since the view's previous push (see detailPatch.ts): applied to
       * the detail the screen holds of this view (its last push's or its subscribe answer's). Held
       * detail older than `since`, or none: subscribe again for the whole state.
       */
      detailPatch: DetailPatch
      detail?: undefined
    }
)

export interface RiskChangedPush {
  risk: RiskView
}

export interface FeedPush {
  region: string
  items: FeedItem[]
}

export interface SubscribeReply {
  /** The view's key: pushes of this subscription carry it. */
  view: string
  seq: number
  summary: Summary
  detail: RegionDetail
  /** The latest ticker lines of the region, newest first. */
  feed: FeedItem[]
}

export interface ServerToClientEvents {
  summary: (push: SummaryPush) => void
  /** Ticker lines of a region none of whose views was pushed in that flush (rare: the lines normally ride in `summary`). */
  'feed:items': (push: FeedPush) => void
  /** An alarm of the region's subtree was raised or changed state (sent to every screen of its region and ancestors). */
  alarm: (push: { alarm: Alarm }) => void
  /** An instruction (指令) of the region's subtree was issued or took a step (sent to its region and ancestors). */
  instruction: (push: { instruction: Instruction }) => void
  /**
   * A risk point of the region's subtree was registered or changed status: its whole new state, as
   * GET /api/v1/risks shows it, once per point per ingest batch (the batch's final state), sent after
   * the commit to every screen of its region and ancestors. Not coalesced: a map marker must turn red
   * the moment the point goes to alarm. Carries no personal data.
   */
  'risk:changed': (push: RiskChangedPush) => void
  /** A watched wall was taken, changed or released (presenter mode; see shared/live/presenter.ts). */
  'presenter:state': (push: PresenterPush) => void
}

export interface ClientToServerEvents {
  subscribe: (req: SubscribeRequest, ack: (reply: Ack<SubscribeReply>) => void) => void
  unsubscribe: (req: { region: string }, ack?: (reply: Ack<object>) => void) => void
  /** A wall (or a seat) follows a wall name: joins its room; the ack holds what drives it now. */
  'presenter:watch': (req: { wall: string }, ack: (reply: Ack<{ state: PresenterState | null }>) => void) => void
  /** A seat drives the wall (needs `present` in the region); taking again changes what it shows. */
  'presenter:take': (req: PresenterTake, ack: (reply: Ack<{ state: PresenterState }>) => void) => void
  /** The seat hands the wall back to its playlist or rotation. */
  'presenter:release': (req: { wall: string }, ack: (reply: Ack<object>) => void) => void
  /** The wall names some screen follows now, on any node (the seat's choice). */
  'presenter:walls': (req: object, ack: (reply: Ack<{ walls: string[] }>) => void) => void
}

/** Between nodes (the adapter's serverSideEmit): a wall's state changed on another node. */
export interface InterServerEvents {
  'presenter:sync': (push: PresenterPush) => void
}
