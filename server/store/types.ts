import type { ErrorDetail } from '../../shared/api/errors'
import type { CaseStage, SupervisionColor } from '../../shared/domain/vocabulary'
import type { YipingEvent } from '../../shared/events/schema'
import type { Region } from '../../shared/regions/tree'
import type { CaseState } from '../domain/cases/caseState'
import type { BatchPlan, KnownState } from '../domain/ingest/planBatch'
import type { RiskState } from '../domain/risks/riskState'
import type { AccessStore } from './access'
import type { IngestOrigin } from '../auth/types'
import type { AlarmRecord, AuditRecord, NewAlarm } from '../domain/alarms/alarmRecord'
import type { AlarmStatus } from '../../shared/api/alarms'

export interface AlarmQuery {
  regionPath: string
  status: 'open' | 'all' | AlarmStatus
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

export interface StoredEvent {
  seq: number
  origin: IngestOrigin
  id: string
  type: YipingEvent['type']
  at: number
  receivedAt: number
  event: YipingEvent
}

export type IngestOutcome =
  | { ok: false; details: ErrorDetail[] }
  | (Extract<BatchPlan, { ok: true }> & { firstSeq: number; lastSeq: number })

/** Which cases, without order or paging: what a count needs. */
export interface CaseSelection {
  /** Materialised region path prefix (see regionPath); the subtree of one region. */
  regionPath: string
  stage?: CaseStage
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
  /** newest: by report time; urgent: unresolved first, earliest due first. */
  sort: 'newest' | 'urgent'
  /** Opaque position after the last item of the previous page. */
  cursor?: string
  limit: number
}

/**
 * The one persistence interface. SQLite (embedded default) implements it now; PostgreSQL must be
 * able to: every method is async, and `ingest` hands the implementation a pure planner so that it
 * can load the rows a batch mentions under its own locks, plan, and write in one transaction.
 */
export interface Store {
  readonly kind: 'sqlite' | 'postgres'
  readonly duty: DutyStore
  /** Accounts, tokens, ingest keys and failed logins. */
  readonly access: AccessStore
  close(): Promise<void>

  /** True when no region tree has been stored yet (a fresh install). */
  isEmpty(): Promise<boolean>
  putRegions(regions: readonly Region[], pathOf: (code: string) => string): Promise<void>
  loadRegions(): Promise<Region[]>

  /**
   * Atomically: load what the batch mentions, ask `plan` what to do, and if it accepts, append the
   * events to the log with the batch's origin and write the new case and risk states; commit before resolving.
   */
  ingest(
    events: readonly YipingEvent[],
    plan: (known: KnownState) => BatchPlan,
    pathOf: (code: string) => string,
    origin: IngestOrigin,
  ): Promise<IngestOutcome>
  lastSeq(): Promise<number>
  readEvents(afterSeq: number, limit: number): Promise<StoredEvent[]>

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
}
