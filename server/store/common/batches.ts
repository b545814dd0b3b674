import type { BatchMeta, LoggedBatch, LoggedEvent } from '../types'

/** Events (in position order) put under the batch whose range of positions holds them. */
export function groupByBatch(metas: readonly BatchMeta[], events: readonly LoggedEvent[]): LoggedBatch[] {
  let i = 0
  return metas.map((m) => {
    const own: LoggedEvent[] = []
    while (i < events.length && events[i]!.seq <= m.seq) own.push(events[i++]!)
    return { ...m, events: own }
  })
}

/**
 * The last position of the batches to read after `afterSeq` for about `maxEvents` events. Positions
 * are gapless, so the batches that start within `maxEvents` positions are those, and the next batch
 * always qualifies: a reader is never stuck behind a batch larger than its page.
 */
export const lastFirstSeq = (afterSeq: number, maxEvents: number) => afterSeq + Math.max(1, Math.floor(maxEvents))

/** A batch's commit time: the clock's, or an earlier one the caller asked for (history handed over at its own times). */
export const commitTime = (clock: number, asked: number | undefined) => (asked === undefined ? clock : Math.min(clock, asked))
