import type { EventGen } from './events'
import { request } from './http'
import { INGEST_KEY } from './server'
import { sleep } from './stats'

/**
 * The wall soak's stream of updates (new cases and follow-ons) to the server at `url`: one event
 * every 1/rate s, or above 20 events/s (a burst) 20 requests a second carrying the rate between
 * them, as a feed batches. `rate()` is read at every tick, so a caller can change it; the stream
 * runs until `stopped()`. Each accepted request's events are counted through `posted`; a refusal
 * or a failed request goes to `failed`.
 */
export async function postUpdates(o: {
  url: string
  gen: EventGen
  rate: () => number
  stopped: () => boolean
  posted: (events: number) => void
  failed: (err: Error) => void
}): Promise<void> {
  let next = performance.now()
  let owed = 0
  while (!o.stopped()) {
    const rate = o.rate()
    const ticks = Math.min(rate, 20)
    next += 1000 / ticks
    owed += rate / ticks
    const wait = next - performance.now()
    if (wait > 0) await sleep(wait)
    const n = Math.floor(owed)
    if (n < 1) continue
    owed -= n
    const { no, events } = o.gen.batch(n, { followShare: 0.4, reportAt: () => Date.now() - 1000 })
    void request('POST', `${o.url}/api/v1/events`, { token: INGEST_KEY, json: { events } }).then(
      (res) => {
        if (res.status !== 200) return o.failed(new Error(`update refused: ${res.status} ${res.body.slice(0, 200)}`))
        o.gen.commit(no)
        o.posted(events.length)
      },
      (err: Error) => o.failed(err),
    )
  }
}
