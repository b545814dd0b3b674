import type { Aggregator } from '../aggregate/aggregator'
import type { ReplayStore } from '../../store/replay'
import type { Store } from '../../store/types'
import { decodeSnapshotDeferred } from './snapshotCodec'
import { applyLogUpTo, type Reducers } from './tail'

/** Events read from the log per step of the tail. */
const PAGE_EVENTS = 20_000

export interface RestartSource extends Reducers {
  store: Pick<Store, 'readBatches' | 'lastSeq'> & { replay: ReplayStore }
}

export interface Restored {
  /** The snapshot started from: its log position and the instant it was evaluated at. */
  snapshotSeq: number
  snapshotAt: number
  /** Events of the log after it, applied. */
  tailEvents: number
  /** Its unresolved cases still encoded when the figures were ready (decoded when something reaches them). */
  encodedCases: number
}

/**
 * Start-up from the latest snapshot of `version` (the current code's and settings', see
 * snapshotCodec.ts) and the log after it, instead of a recount of every case: `agg` ends at the
 * log's head with exactly the figures a recount at its `now` would give. The clock-driven ones
 * (overdue, colours, recent hours) are those of the snapshot's instant until the `tick` here
 * evaluates again at `now` every unresolved case the clock moved since (Aggregator.restore).
 * Restored at the snapshot's own instant, its unresolved cases stay encoded (format 7's index gives
 * each one's first look): only those the tail changes or the clock reaches are decoded here, the
 * rest when something reads them all (units, the walk of the red cases) or one by one.
 * Resolves with null when there is no such snapshot (nothing touched); throws when the snapshot or the log cannot be read through, and then
 * `agg` is half-built: the caller resets it and recounts.
 */
export async function restoreLatest(agg: Aggregator, src: RestartSource, version: number): Promise<Restored | null> {
  const { store } = src
  const snap = await store.replay.latestSnapshot(Number.MAX_SAFE_INTEGER, version)
  if (!snap) return null
  const body = await store.replay.snapshotBody(snap.seq)
  if (!body) return null
  // Left encoded: restored at its own instant, a case is decoded when the tail or the clock reaches it.
  const dump = await decodeSnapshotDeferred(body)
  if (dump.seq !== snap.seq) throw new Error(`snapshot at ${snap.seq} holds position ${dump.seq}`)
  const head = await store.lastSeq()
  if (head < snap.seq) throw new Error(`snapshot at ${snap.seq} is ahead of the log's head ${head}`)
  agg.restore(dump, snap.at)
  await applyLogUpTo(agg, head, src, PAGE_EVENTS)
  agg.tick()
  return { snapshotSeq: snap.seq, snapshotAt: snap.at, tailEvents: head - snap.seq, encodedCases: agg.encodedCount }
}
