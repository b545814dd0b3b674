import type { Region } from '../../../../shared/regions/tree'
import type { TimeLimitRules } from '../../cases/deadline'

/** What the snapshot thread is started with: where the store is and what the figures are counted with. */
export interface SnapshotWorkerData {
  /** The embedded store's directory (its `yiping.sqlite` is opened read-only). */
  dataDir: string
  regions: Region[]
  limits: TimeLimitRules
  disputeCategories: string[]
}

/** Build the snapshot of the log up to batch `seq`, committed (and evaluated) at `at`. */
export interface SnapshotRequest {
  id: number
  seq: number
  at: number
}

/** The snapshot's gzipped body (its memory moved, not copied), or why there is none. */
export type SnapshotReply = { id: number; ok: true; body: Uint8Array } | { id: number; ok: false; message: string }
