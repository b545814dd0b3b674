import type { Aggregator, AggregatorDump } from '../aggregate/aggregator'

/**
 * The live aggregator's figures as a snapshot of its position, taken synchronously right after a
 * batch is applied (a commit listener): exactly what a replay of the log up to `agg.seq` evaluated
 * at the dump's instant `at` builds (Replayer.snapshot), without replaying the log a second time.
 * The clock-driven changes due by now are applied first (the live clock's timer may not have fired
 * yet, a replay ticks at its instant) and the hours activity no longer keeps dropped (as a replay
 * does), both of which the live server does on its own a moment later anyway. The dump shares the
 * cases' states (never changed in place) and what they counted (replaced, never changed), and
 * copies every counter, so it stays that position's while ingest goes on.
 * Null while a lazy restart still holds cases encoded: a dump would decode them all in this turn.
 */
export function liveDump(agg: Aggregator): (AggregatorDump & { at: number }) | null {
  if (agg.encodedCount > 0) return null
  agg.tick()
  agg.pruneActivity()
  const d = agg.dump()
  return { ...d, at: d.at ?? agg.now() }
}
