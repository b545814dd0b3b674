import type { YipingEvent } from '../../shared/events/schema'

/** A batch of the demo with the commit time it is recorded at. */
export interface TimedBatch {
  events: YipingEvent[]
  committedAt: number
}

/**
 * The demo's history committed as a system would have committed it, so that replay (as of) has a
 * past to show: everything that happened before `recentFrom` is handed over at once, committed at
 * `recentFrom`; what happened after it (the last days) is committed at its own times, in order,
 * a batch per `windowMs` of event time (at most `maxEvents`), each at the time of its last event.
 * A story that spans `recentFrom` is split there: its earlier events come with the history, the
 * rest in the days they happened. Pure and deterministic, like the dataset it reorders.
 */
export function* timedBatches(batches: Iterable<YipingEvent[]>, recentFrom: number, windowMs: number, maxEvents: number): Generator<TimedBatch> {
  const recent: Array<{ at: number; i: number; e: YipingEvent }> = []
  for (const batch of batches) {
    const older: YipingEvent[] = []
    for (const e of batch) {
      const at = Date.parse(e.at)
      if (at < recentFrom) older.push(e)
      else recent.push({ at, i: recent.length, e })
    }
    if (older.length > 0) yield { events: older, committedAt: recentFrom }
  }
  // Stable by time: a story's events keep their order.
  recent.sort((a, b) => a.at - b.at || a.i - b.i)
  let events: YipingEvent[] = []
  let window = -1
  let last = recentFrom
  for (const r of recent) {
    const w = Math.floor((r.at - recentFrom) / windowMs)
    if (events.length > 0 && (w !== window || events.length >= maxEvents)) {
      yield { events, committedAt: last }
      events = []
    }
    window = w
    last = r.at
    events.push(r.e)
  }
  if (events.length > 0) yield { events, committedAt: last }
}
