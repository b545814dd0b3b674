import type { AlarmKind } from '../../shared/api/alarms'
import type { LoggedEvent } from './types'

/** A stored snapshot of the aggregates: the log up to `seq`, its figures evaluated at instant `at`. */
export interface SnapshotMeta {
  seq: number
  /** The instant its clock-driven figures (overdue, colours) were evaluated at: its batch's commit time. */
  at: number
  /** Format version (domain/replay/snapshotCodec.ts): a snapshot of another version is ignored. */
  version: number
  /** Size of `body` in bytes. */
  bytes: number
}

export interface StoredSnapshot extends SnapshotMeta {
  body: Buffer
}

/** Alarms of one region and kind that were not closed at an instant, by their state then. */
export interface AlarmTally {
  regionCode: string
  kind: AlarmKind
  raised: number
  acknowledged: number
}

/**
 * What replay (as of) reads besides the log itself: snapshots of the aggregates, the history of a
 * few subjects up to a position, and the alarms as they stood at an instant.
 */
export interface ReplayStore {
  putSnapshot(s: StoredSnapshot): Promise<void>
  /** The latest snapshot of `version` at or before position `maxSeq` (without its body), or null. */
  latestSnapshot(maxSeq: number, version: number): Promise<SnapshotMeta | null>
  /** A snapshot's body, or null when it is gone (thinned meanwhile). */
  snapshotBody(seq: number): Promise<Buffer | null>
  /** Every snapshot's metadata, oldest first. */
  listSnapshots(): Promise<SnapshotMeta[]>
  deleteSnapshots(seqs: readonly number[]): Promise<void>
  /** Every event about these subjects at positions ≤ `maxSeq`, in log order (a replay's prior states). */
  historyOf(subjects: readonly string[], maxSeq: number): Promise<LoggedEvent[]>
  /** Alarms raised at or before `t` and not closed by then, per region and kind: acknowledged by then or still raised. */
  alarmTalliesAt(t: number): Promise<AlarmTally[]>
}
