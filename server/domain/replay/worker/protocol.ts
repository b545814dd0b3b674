import type { Region } from '../../../../shared/regions/tree'
import type { TimeLimitRules } from '../../cases/deadline'

/** What the snapshot thread is started with: where the store is and what the figures are counted with. */
export interface SnapshotWorkerData {
  /** The embedded store's directory: the thread opens `yiping.sqlite` (the log) and `snapshots.sqlite` (its rows) with connections of its own. */
  dataDir: string
  regions: Region[]
  limits: TimeLimitRules
  disputeCategories: string[]
  /**
   * The thread's niceness (YIPING_SNAPSHOT_NICE; 0 or absent: the process's). It works behind the log, so
   * when the cores are short the event loop and the writer thread go first.
   */
  nice?: number
}

/**
 * `write`: build the snapshot of the log up to batch `seq`, committed (and evaluated) at `at`, and
 * store its row. `thin`: drop the snapshots of other versions and those retention no longer keeps
 * at instant `now` (domain/replay/retention.ts).
 */
export type SnapshotRequest = { id: number; kind: 'write'; seq: number; at: number } | { id: number; kind: 'thin'; now: number }

/** The size of the row written (`write`) or the number of rows dropped (`thin`), or why not. */
export type SnapshotReply = { id: number; ok: true; value: number } | { id: number; ok: false; message: string }
