import type { Aggregator, AggregatorDump } from '../aggregate/aggregator'

/**
 * How long after its batch's commit time a live dump may be taken: a snapshot evaluated later than
 * its commit cannot start a replay of the instants in between (Replayer), which are a few ms for a
 * batch applied as it commits. A batch recorded at an earlier time (the demo's history, committed
 * at the times it happened) is left to a replay of the log at its own instant.
 */
export const LIVE_DUMP_LAG_MS = 1000

/**
 * The live aggregator's figures as a snapshot of its position, taken synchronously right after a
 * batch is applied (a commit listener): exactly what a replay of the log up to `agg.seq` evaluated
 * at the dump's instant `at` builds (Replayer.snapshot), without replaying the log a second time.
 * The clock-driven changes due by now are applied first (the live clock's timer may not have fired
 * yet, a replay ticks at its instant) and the hours activity no longer keeps dropped (as a replay
 * does), both of which the live server does on its own a moment later anyway. The dump shares the
 * cases' states (never changed in place) and what they counted (replaced, never changed), and
 * copies every counter, so it stays that position's while ingest goes on.
 * Null while a lazy restart still holds cases encoded (a dump would decode them all in this turn),
 * and for a batch committed more than LIVE_DUMP_LAG_MS before the aggregator's clock.
 */
export function liveDump(agg: Aggregator, committedAt: number): (AggregatorDump & { at: number }) | null {
  if (agg.encodedCount > 0 || agg.now() - committedAt > LIVE_DUMP_LAG_MS) return null
  agg.tick()
  agg.pruneActivity()
  const d = agg.dump()
  return { ...d, at: d.at ?? agg.now() }
}
