import type { ErrorDetail } from '../../shared/api/errors'
import type { CaseStage, SupervisionColor } from '../../shared/domain/vocabulary'
import type { YipingEvent } from '../../shared/events/schema'
import type { Region } from '../../shared/regions/tree'
import type { CaseState } from '../domain/cases/caseState'
import type { AcceptedEvent, BatchPlan, KnownState } from '../domain/ingest/planBatch'
import type { RiskState } from '../domain/risks/riskState'
import type { AccessStore } from './access'
import type { DeskStore } from './desk'
import type { MapStore } from './maps'
import type { PlaylistStore } from './playlists'
import type { ReplayStore } from './replay'
import type { IngestOrigin } from '../auth/types'
import type { AlarmRecord, AuditRecord, NewAlarm } from '../domain/alarms/alarmRecord'
import type { AlarmStatus } from '../../shared/api/alarms'

export interface AlarmQuery {
  regionPath: string
  status: 'open' | 'all' | AlarmStatus
  /** Only alarms of this kind. */
  kind?: AlarmRecord['kind']
  /** Only alarms raised at or before this instant (an age filter: raised at least so long ago). */
  raisedBefore?: number
  limit: number
}

export type AlarmUpdate = { action: 'acknowledge' | 'close'; actor: string; note: string | null; at: number }

/** Alarms (raised → acknowledged → closed) and the audit trail; each change with its audit line. */
export interface DutyStore {
  /** Null when an alarm of that episode already exists (raising is idempotent). */
  raise(a: NewAlarm, regionPath: string): Promise<AlarmRecord | null>
  /**
   * The cause ended (seen at `at`, by the events' time at `endedAt`): mark open alarms of the
   * subject cleared; acknowledged ones close, and so do unacknowledged ones raised after the cause
   * had already ended (history that arrived late: never a live alarm).
   */
  clear(kind: AlarmRecord['kind'], subjectId: string, at: number, endedAt: number): Promise<Array<{ before: AlarmRecord['status']; alarm: AlarmRecord }>>
  update(id: number, u: AlarmUpdate): Promise<AlarmRecord | 'missing' | 'conflict'>
  get(id: number): Promise<AlarmRecord | null>
  list(q: AlarmQuery): Promise<AlarmRecord[]>
  forEachOpen(fn: (a: AlarmRecord) => void): Promise<void>
  /**
   * Alarms of the subtree that a period [from, to) saw: raised in it, acknowledged in it, or raised
   * before its end and not closed by then. Oldest first, at most `limit` (a shift's handover).
   */
  alarmsDuring(q: { regionPath: string; from: number; to: number; limit: number }): Promise<AlarmRecord[]>
  /** `regionPath`: the materialised path of `e.region`, so scoped readers can filter by subtree. */
  appendAudit(e: AuditRecord, regionPath?: string | null): Promise<void>
  auditOf(target: string): Promise<AuditRecord[]>
  recentAudit(limit: number): Promise<AuditRecord[]>
  /** Newest first; `nextCursor` continues after the last item. */
  queryAudit(q: AuditQuery): Promise<{ items: StoredAudit[]; nextCursor: string | null }>
  /** Entries by one actor of one action since an instant (throttles, e.g. unmasking). */
  countAudit(q: { actor: string; action: string; since: number }): Promise<number>
}

export interface AuditQuery {
  from?: number
  to?: number
  actor?: string
  /** An action, or a family of them: `login` matches `login` and `login.failed`. */
  action?: string
  /** Only entries concerning this subtree (a scoped administrator); undefined = every entry. */
  regionPath?: string
  cursor?: string
  limit: number
}

export interface StoredAudit extends AuditRecord {
  id: number
  region: string | null
}

/**
 * A committed batch's place in the log. Every event has a position (`seq`), gapless and in commit
 * order across every node; a batch holds the positions firstSeq..seq, and its own position is that
 * of its last event (the log's head right after it). `committedAt` is the committing server's
 * clock, never earlier than the batch before it, so "the log as of T" is a prefix of the log.
 */
export interface BatchMeta {
  seq: number
  firstSeq: number
  committedAt: number
  nodeId: string
  origin: IngestOrigin
}

export interface LoggedEvent {
  seq: number
  id: string
  type: YipingEvent['type']
  /** When it happened, by the event's own `at`. */
  at: number
  event: YipingEvent
}

/** A batch read back from the log: the tailing and replay unit. */
export interface LoggedBatch extends BatchMeta {
  events: LoggedEvent[]
}

/** An event of a case's or risk point's timeline, with its batch's commit time and origin. */
export interface StoredEvent extends LoggedEvent {
  committedAt: number
  origin: IngestOrigin
}

export type CommittedEvent = AcceptedEvent & { seq: number }

export type IngestOutcome =
  | { ok: false; details: ErrorDetail[] }
  | (Omit<Extract<BatchPlan, { ok: true }>, 'accepted'> & {
      accepted: CommittedEvent[]
      /** Null when nothing was new (every event a duplicate): nothing was written. */
      batch: BatchMeta | null
    })

export interface IngestBatch {
  events: readonly YipingEvent[]
  origin: IngestOrigin
  /**
   * The commit time to record instead of the clock's, for history handed over at its own times
   * (the demo's last days); never later than the clock nor earlier than the batch before.
   */
  committedAt?: number
  /**
   * Decides the batch against the state before it. The store calls it once, inside the commit's
   * lock, with the rows the batch mentions as they stand after every earlier commit of any node.
   */
  plan(known: KnownState): BatchPlan
  /** Materialised region path of a region code (see regionPath in shared/regions/tree). */
  pathOf(code: string): string
}

/** What a store needs from the server around it. */
export interface StoreOptions {
  /** The server's clock (app.clock): commit times. */
  clock: () => number
  /** This node's name in the log (YIPING_NODE_ID). */
  nodeId: string
}

/** Which cases, without order or paging: what a count needs. */
export interface CaseSelection {
  /** Materialised region path prefix (see regionPath); the subtree of one region. */
  regionPath: string
  stage?: CaseStage
  /**
   * Colour (三色督办) and overdue at the instant `now`. A store never applies the rule itself: the
   * domain turns these into comparisons of the marks it keeps per case (caseFilterBounds).
   */
  color?: SupervisionColor
  overdue?: boolean
  /** Words in the title or category, or a case id. */
  q?: string
  /** Reported in [reportedFrom, reportedTo), ms. */
  reportedFrom?: number
  reportedTo?: number
  now: number
}

export interface CaseQuery extends CaseSelection {
  /** newest: by report time; urgent: unresolved first, earliest due first (see common/paging). */
  sort: 'newest' | 'urgent'
  /** Opaque position after the last item of the previous page. */
  cursor?: string
  limit: number
}

/**
 * The one persistence interface, implemented by SQLite (embedded default) and PostgreSQL and held
 * to one behavioural test suite (test/store). Every method is async; `ingest` hands the store a
 * pure planner so that it can load the rows a batch mentions under its own lock, plan, and write
 * the log and the current state in one transaction. Nothing here knows the domain's rules: times
 * come from the caller, colours and overdue as marks the domain computed (see README.md).
 */
export interface Store {
  readonly kind: 'sqlite' | 'postgres'
  readonly duty: DutyStore
  /** Accounts, tokens, ingest keys and failed logins. */
  readonly access: AccessStore
  /** The duty room's log, roster and handovers. */
  readonly desk: DeskStore
  /** Snapshots of the aggregates and the reads of a replay (as of). */
  readonly replay: ReplayStore
  /** Imported map files (official boundaries), served by every node. */
  readonly maps: MapStore
  /** The walls' saved playlists. */
  readonly playlists: PlaylistStore
  close(): Promise<void>

  /** True when no region tree has been stored yet (a fresh install). */
  isEmpty(): Promise<boolean>
  putRegions(regions: readonly Region[], pathOf: (code: string) => string): Promise<void>
  loadRegions(): Promise<Region[]>

  /**
   * Atomically, under the log's lock: load what the batch mentions, ask `plan`, and if it accepts,
   * append the new events as one batch at the log's head (with its commit time, node and origin)
   * and write the new case and risk states; resolve after COMMIT. An event id already in the log
   * is a duplicate, also when another node committed it a moment ago.
   */
  ingest(batch: IngestBatch): Promise<IngestOutcome>
  /**
   * True when `ingest` plans the batch synchronously as it is called, on the states of every batch
   * handed to it before (committed or still being written), and resolves in the order of the calls:
   * the caller may then hand over the next batch before the last one is committed (the embedded store).
   */
  readonly plansOnCall?: boolean
  /** The log's head: the position of the last committed event (0 for an empty log). */
  lastSeq(): Promise<number>
  /**
   * Whole batches after position `afterSeq`, in commit order, with their events, up to about
   * `maxEvents` events (always at least one batch when there is one): how a node tails the log.
   */
  readBatches(afterSeq: number, maxEvents: number): Promise<LoggedBatch[]>
  /** The log's head as of instant `t` by commit time (0 before the first batch): where a replay to t stops. */
  seqAt(t: number): Promise<number>

  /**
   * Every case and risk and the log's head, all from one consistent read: the state is exactly
   * that of the log up to the position returned, however many nodes commit meanwhile (how a node
   * starting beside running ones rebuilds its aggregates before tailing from that position).
   */
  readState(onCase: (c: CaseState) => void, onRisk: (r: RiskState) => void): Promise<number>
  /** Every case and risk, for rebuilding the in-memory aggregates at start-up. */
  forEachCase(fn: (c: CaseState) => void): Promise<void>
  forEachRisk(fn: (r: RiskState) => void): Promise<void>
  listCases(q: CaseQuery): Promise<{ items: CaseState[]; nextCursor: string | null }>
  /** How many cases listCases would page through for the same selection. */
  countCases(q: CaseSelection): Promise<number>
  getCase(id: string): Promise<CaseState | null>
  /** Every event about one case or risk point, oldest first (a case's timeline). */
  eventsOf(subjectId: string): Promise<StoredEvent[]>
  listRisks(regionPath: string): Promise<RiskState[]>
  getRisk(id: string): Promise<RiskState | null>
  /** Cameras of the subtree (视频联动), as their latest `camera.registered` left them, by id. */
  listCameras(regionPath: string): Promise<CameraRecord[]>
}

/** A camera as registered: `registeredAt` the time of its latest `camera.registered` event. */
export interface CameraRecord {
  id: string
  name: string
  regionCode: string
  lng: number
  lat: number
  streamUrl: string | null
  platformUrl: string | null
  registeredAt: number
}
