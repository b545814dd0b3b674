import type { Region } from '../../../../shared/regions/tree'
import type { AggregatorDump } from '../../aggregate/aggregator'
import type { TimeLimitRules } from '../../cases/deadline'

/** What the snapshot thread is started with: where the store is and what the figures are counted with. */
export interface SnapshotWorkerData {
  /** The embedded store's directory: the thread opens `yiping.sqlite` with a connection of its own. */
  dataDir: string
  regions: Region[]
  limits: TimeLimitRules
  disputeCategories: string[]
}

/**
 * A live aggregator's dump without its unresolved cases: those the thread does not hold yet follow
 * in slices (`dumpCases`). `order` gives each case in the dump's order: `i ≥ 0` the `i`-th of the
 * thread's last dump (`base`, the request id it came with; null: none), unchanged since (the same
 * state and counted figures); `-1 - k` the `k`-th case sent with this one.
 */
export type DumpHead = Omit<AggregatorDump, 'watched' | 'at'> & { at: number; base: number | null; order: Int32Array; sent: number }

/**
 * `write`: build the snapshot of the log up to batch `seq`, committed (and evaluated) at `at`, and
 * store its row. `thin`: drop the snapshots of other versions and those retention no longer keeps
 * at instant `now` (domain/replay/retention.ts). `dumpHead`, `dumpCases` × n, `dumpEnd` (one `id`):
 * encode and store the live aggregator's own dump (domain/replay/liveSnapshot.ts), the unresolved
 * cases that changed since the last one sent a slice at a time; one reply, after `dumpEnd`.
 */
export type SnapshotRequest =
  | { id: number; kind: 'write'; seq: number; at: number }
  | { id: number; kind: 'thin'; now: number }
  | { id: number; kind: 'dumpHead'; head: DumpHead }
  | { id: number; kind: 'dumpCases'; cases: AggregatorDump['watched'] }
  | { id: number; kind: 'dumpEnd' }

/** The size of the row written (`write`, `dumpEnd`) or the number of rows dropped (`thin`), or why not. */
export type SnapshotReply = { id: number; ok: true; value: number } | { id: number; ok: false; message: string }
