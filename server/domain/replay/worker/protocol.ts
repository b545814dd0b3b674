import type { Region } from '../../../../shared/regions/tree'
import type { ViewSpec } from '../../aggregate/view'
import type { TimeLimitRules } from '../../cases/deadline'
import type { CompareKind, ResolvedPeriod } from '../../../../shared/time/periods'

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
  /**
   * `reads`: a second thread of the same module that answers replay reads (`asOf`) instead of
   * writing snapshots, with a Replayer of its own (built aggregators and decoded snapshots kept as
   * the main thread's would be). A cold instant promotes tens of MB to the old generation, and on
   * the main thread each one or two set off a full collection of the live figures' heap (hundreds
   * of MB to GB at a million cases): in this thread it marks only the replay's own.
   */
  role?: 'snapshots' | 'reads'
}

/** A replay read the reads thread answers (the routes' `summaryOf` and `regionDetail`, domain/aggregate), as of `t`. */
export type ReplayRead =
  | { kind: 'summary'; t: number; region: string; period: ResolvedPeriod; compare: CompareKind[] }
  | { kind: 'detail'; t: number; view: Pick<ViewSpec, 'region' | 'compare' | 'rankBy' | 'order' | 'grandchildrenBelow'>; period: ResolvedPeriod }

/**
 * `write`: build the snapshot of the log up to batch `seq`, committed (and evaluated) at `at`, and
 * store its row. `thin`: drop the snapshots of other versions and those retention no longer keeps
 * at instant `now` (domain/replay/retention.ts).
 */
export type SnapshotRequest =
  | { id: number; kind: 'write'; seq: number; at: number }
  | { id: number; kind: 'thin'; now: number }
  | ({ id: number } & ReplayRead)
  | { id: number; kind: 'clear' }

/**
 * The size of the row written (`write`), the number of rows dropped (`thin`), a read's answer (a
 * structured clone of plain data), or why not.
 */
export type SnapshotReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string }
