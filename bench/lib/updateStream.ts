import type { EventGen } from './events'
import { request } from './http'
import { INGEST_KEY } from './server'
import { sleep } from './stats'

/**
 * The wall soak's stream of updates (new cases and follow-ons) to the server at `url`: one event
 * every 1/rate s, or above 20 events/s (a burst) 20 requests a second carrying the rate between
 * them, as a feed batches. `rate()` is read at every tick, so a caller can change it; the stream
 * runs until `stopped()`. Each accepted request's events are counted through `posted`; a refusal
 * or a failed request goes to `failed`. While `paused()` nothing is posted and nothing is owed:
 * the stream resumes at its rate, without catching up. `track.inFlight` counts the requests sent
 * and not answered yet (a caller waiting for the server to have taken everything).
 */
export async function postUpdates(o: {
  url: string
  gen: EventGen
  rate: () => number
  stopped: () => boolean
  posted: (events: number) => void
  failed: (err: Error) => void
  paused?: () => boolean
  track?: { inFlight: number }
}): Promise<void> {
  let next = performance.now()
  let owed = 0
  while (!o.stopped()) {
    if (o.paused?.()) {
      await sleep(50)
      next = performance.now()
      owed = 0
      continue
    }
    const rate = o.rate()
    const ticks = Math.min(rate, 20)
    next += 1000 / ticks
    owed += rate / ticks
    const wait = next - performance.now()
    if (wait > 0) await sleep(wait)
    const n = Math.floor(owed)
    if (n < 1 || o.paused?.()) continue
    owed -= n
    const { no, events } = o.gen.batch(n, { followShare: 0.4, reportAt: () => Date.now() - 1000 })
    if (o.track) o.track.inFlight++
    void request('POST', `${o.url}/api/v1/events`, { token: INGEST_KEY, json: { events } })
      .then(
        (res) => {
          if (res.status !== 200) return o.failed(new Error(`update refused: ${res.status} ${res.body.slice(0, 200)}`))
          o.gen.commit(no)
          o.posted(events.length)
        },
        (err: Error) => o.failed(err),
      )
      .finally(() => {
        if (o.track) o.track.inFlight--
      })
  }
}
