/** Messages between the store (writerThread.ts) and its writer thread (writerWorker.mjs). */
import type { MessagePort } from 'node:worker_threads'
import type { CaseWire } from '../rows'

export interface WriterData {
  /** The database file, already migrated by the store. */
  file: string
  /** The port requests arrive on (drained in one go, so that queued batches share one commit). */
  port: MessagePort
  /** The write statements (sql.ts WRITE_SQL). */
  sql: Record<'head' | 'insertEvent' | 'insertBatch' | 'upsertCase' | 'upsertRisk' | 'upsertCamera', string>
  /** The alarm statements (sql.ts DUTY_SQL). */
  dutySql: Record<'raise' | 'clear' | 'close' | 'audit' | 'byId' | 'byEpisode' | 'touchKey', string>
  /** The connection's settings (sql.ts CONNECTION_PRAGMAS). */
  pragmas: readonly string[]
}

/** The rows of one planned batch: everything but the positions and the commit time's floor. */
export interface WriteRequest {
  kind: 'write'
  id: number
  /**
   * The log's head in the snapshot the batch was planned on (with every batch handed over before
   * it): if another connection committed after that, the batch is refused to be planned again.
   */
  basis: number
  /** The clock's commit time (or an earlier one asked for); the thread never lets the log's times go back. */
  committedAt: number
  nodeId: string
  keyId: string | null
  actor: string | null
  /** Per event: id, type, at, body (JSON), subject. */
  events: Array<[string, string, number, string, string]>
  /** Per case: its region path, marks and state (rows.ts caseWire), made into row values by the thread. */
  cases: CaseWire[]
  /** id, region_code, region_path, status, state. */
  risks: unknown[][]
  cameras: Array<Record<string, unknown>>
}

/**
 * Raise an alarm (dutyStore.ts raise): inserted unless its episode exists, with its audit line
 * (`alarm:<id>`, the title as note). Answers the row inserted, none when the episode existed; a
 * request sent again after a thread stopped (`resent`) answers the episode's row either way, as
 * its first sending may have inserted it.
 */
export interface RaiseRequest {
  kind: 'raise'
  id: number
  resent: boolean
  /** episode, kind, subject_id, region_code, region_path, title, raised_at. */
  alarm: [string, string, string, string, string, string, number]
  actor: string
  action: string
}

/**
 * Mark open alarms cleared, and close those `closeNote` says (dutyStore.ts clear), each step with
 * its audit line. Each row only if it is still as the store read it (`status`, not cleared): so
 * sending it twice changes nothing more. Answers the rows as they are after it.
 */
export interface ClearRequest {
  kind: 'clear'
  id: number
  at: number
  actor: string
  actions: { cleared: string; closed: string }
  rows: Array<{ id: number; status: string; regionCode: string; regionPath: string; closeNote: string | null }>
}

/**
 * An ingest key's last use (accessStore.ts touchIngestKey), once a minute per key: written in the
 * thread's next commit rather than on the main connection, where it waited for the thread's write
 * lock and fsynced on the event loop. Idempotent; answers no rows.
 */
export interface TouchKeyRequest {
  kind: 'touch-key'
  id: number
  keyId: string
  at: number
}

/** Writes no batch is planned on (alarms, a key's last use), so a failed batch does not refuse them. */
export type DutyRequest = RaiseRequest | ClearRequest | TouchKeyRequest

/** After a failed batch the thread refuses every batch until this arrives: later batches were planned on it. */
export interface ResetRequest {
  kind: 'reset'
}

/** For the tests: stop (exit) right after the next COMMIT, which holds only the next batch, before answering it. */
export interface StopAfterCommitRequest {
  kind: 'stop-after-commit'
}

export type WriterRequest = WriteRequest | DutyRequest | ResetRequest | StopAfterCommitRequest

export type WriteReply =
  | { id: number; ok: true; firstSeq: number; seq: number; committedAt: number }
  /** `retry`: not written because it was planned on states that changed (stale, or after a failed batch): plan it again. */
  | { id: number; ok: false; retry: boolean; message: string }

/** Alarm rows (all columns of `alarms`), answered after COMMIT. */
export type DutyReply = { id: number; ok: true; rows: Array<Record<string, unknown>> } | { id: number; ok: false; message: string }
