import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { FeedItem } from '../../shared/live/protocol'
import type { DetailPatch } from '../../shared/live/detailPatch'
import type { RegionDetail } from '../../shared/summary/detail'
import type { Summary } from '../../shared/summary/schema'

// The live store over a fake socket: what the server would push, at a fake clock.
type Handler = (arg: never) => void
const handlers = new Map<string, Handler>()
let ackView = 'v1'
let subscribes = 0
vi.mock('../../client/src/live/socket', () => ({
  takeEarlyLine: () => null,
  openLiveSocket: () => ({
    socket: {
      connected: true,
      on: (event: string, h: Handler) => handlers.set(event, h),
      emit: () => undefined,
      timeout: () => ({
        emitWithAck: () => (subscribes++, Promise.resolve({ ok: true, view: ackView, summary: summaryOf(1, 10), detail: detailOf(1, 10), feed: [] })),
      }),
    },
    close: () => undefined,
  }),
}))

const { useLiveStore } = await import('../../client/src/stores/live')
const { FEED_CADENCE_MS, WALL_CADENCE_MS } = await import('../../client/src/live/cadence')

function summaryOf(seq: number, total: number): Summary {
  return { seq, cases: { total } } as unknown as Summary
}
/** A detail with one child whose total is `total`. */
function detailOf(seq: number, total: number): RegionDetail {
  const child = { code: '330100', total } as RegionDetail['children'][number]
  return { region: '330000', seq, children: [child], hourly: [], daily: [], byCategory: [] } as unknown as RegionDetail
}
const line = (seq: number) => ({ seq, at: new Date(0).toISOString() }) as unknown as FeedItem
const fire = (event: string, arg: unknown) => (handlers.get(event) as (a: unknown) => void)(arg)
const push = (seq: number, total: number, feed: FeedItem[] = [], view = 'v1') => fire('summary', { region: '330000', view, seq, summary: summaryOf(seq, total), detail: detailOf(seq, total), feed })
const patch = (since: number, seq: number, total: number) =>
  fire('summary', { region: '330000', view: 'v1', seq, summary: summaryOf(seq, total), detailPatch: { since, seq, children: [{ code: '330100', total }] } as DetailPatch })

describe('the live store at the wall’s cadence', () => {
  beforeEach(async () => {
    vi.useFakeTimers({ now: 1_000_000 })
    setActivePinia(createPinia())
    handlers.clear()
    ackView = 'v1'
    subscribes = 0
    const live = useLiveStore()
    live.start('t', { region: '330000', period: { preset: 'year' } }, () => undefined)
    fire('connect', undefined)
    await vi.runOnlyPendingTimersAsync()
  })
  afterEach(() => vi.useRealTimers())

  it('shows the first push at once, the latest of a burst within the cadence, and every ticker line', async () => {
    const live = useLiveStore()
    expect(live.summary?.seq).toBe(1)
    vi.advanceTimersByTime(1000)
    push(2, 11, [line(1)])
    expect(live.summary?.seq).toBe(2)
    let lastArrived = 0
    for (let i = 3; i <= 12; i++) {
      vi.advanceTimersByTime(100)
      lastArrived = Date.now()
      push(i, 10 + i, [line(i)])
    }
    // Held back: the wall shows figures of at most WALL_CADENCE_MS ago.
    expect(live.summary!.seq).toBeLessThan(12)
    vi.advanceTimersByTime(WALL_CADENCE_MS)
    expect(live.summary?.seq).toBe(12)
    expect((live.summary!.cases as { total: number }).total).toBe(22)
    expect(live.receivedAt).toBe(lastArrived)
    // The ticker takes lines at most every FEED_CADENCE_MS: the last ones come after the figures, none lost.
    expect(live.feed[0]!.seq).toBeLessThan(12)
    vi.advanceTimersByTime(FEED_CADENCE_MS + WALL_CADENCE_MS)
    expect(live.feed.map((l) => l.seq)).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 1])
  })

  it('gives the ticker new lines at most every FEED_CADENCE_MS, each time with the figures', () => {
    const live = useLiveStore()
    vi.advanceTimersByTime(1000)
    const changes: Array<{ at: number; figures: boolean }> = []
    let top = live.feed[0]?.seq
    let seq = live.summary!.seq
    const look = () => {
      if (live.feed[0]?.seq !== top) changes.push({ at: Date.now(), figures: live.summary!.seq !== seq })
      top = live.feed[0]?.seq
      seq = live.summary!.seq
    }
    for (let i = 2; i <= 41; i++) {
      push(i, 10 + i, [line(i)])
      look()
      // Every timer in its own step, so each application is seen by itself.
      for (let ms = 0; ms < 100; ms += 10) {
        vi.advanceTimersByTime(10)
        look()
      }
    }
    // Four seconds of pushes: the lines moved about every FEED_CADENCE_MS, never sooner, always in
    // the same application as new figures (one frame for both).
    expect(changes.length).toBeGreaterThanOrEqual(4)
    for (let i = 1; i < changes.length; i++) expect(changes[i]!.at - changes[i - 1]!.at).toBeGreaterThanOrEqual(FEED_CADENCE_MS)
    expect(changes.every((c) => c.figures)).toBe(true)
    // When the pushes stop, the lines held come on their own.
    vi.advanceTimersByTime(FEED_CADENCE_MS + WALL_CADENCE_MS)
    expect(live.feed[0]!.seq).toBe(41)
  })

  it('drops an older push arriving late and pushes of another view', () => {
    const live = useLiveStore()
    vi.advanceTimersByTime(1000)
    push(5, 50)
    push(4, 40)
    push(6, 60, [], 'other')
    vi.advanceTimersByTime(WALL_CADENCE_MS)
    expect(live.summary?.seq).toBe(5)
  })

  it('forgets what it held when the view changes, so no figure of the old view lands under the new one', async () => {
    const live = useLiveStore()
    vi.advanceTimersByTime(1000)
    push(2, 20)
    push(3, 30)
    ackView = 'v2'
    live.setView({ region: '330100' })
    expect(live.summary).toBeNull()
    vi.advanceTimersByTime(WALL_CADENCE_MS)
    expect(live.summary).toBeNull()
    await vi.runOnlyPendingTimersAsync()
    expect(live.summary?.seq).toBe(1)
  })

  it('applies a patch to the detail last received, and subscribes again when it missed the frame a patch applies on', async () => {
    const live = useLiveStore()
    vi.advanceTimersByTime(1000)
    patch(1, 2, 12)
    expect(live.detail).toMatchObject({ seq: 2, children: [{ code: '330100', total: 12 }] })
    // Two patches within the cadence: the second applies on the first at once, the wall shows the result.
    patch(2, 3, 13)
    patch(3, 4, 14)
    vi.advanceTimersByTime(WALL_CADENCE_MS)
    expect(live.detail).toMatchObject({ seq: 4, children: [{ code: '330100', total: 14 }] })
    expect(subscribes).toBe(1)
    // Seq 5 never came: the patch on it is not applied, the whole state is asked for.
    patch(5, 6, 16)
    vi.advanceTimersByTime(WALL_CADENCE_MS)
    expect(live.detail?.seq).toBe(4)
    await vi.runOnlyPendingTimersAsync()
    expect(subscribes).toBe(2)
    expect(live.detail).toMatchObject({ seq: 1, children: [{ code: '330100', total: 10 }] })
  })

  it('forgets the lines held for the ticker at a snapshot, and shows the next ones at once', async () => {
    const live = useLiveStore()
    vi.advanceTimersByTime(1000)
    push(2, 20, [line(1)])
    expect(live.feed.map((l) => l.seq)).toEqual([1])
    vi.advanceTimersByTime(WALL_CADENCE_MS)
    // The figures at once, the line held: the last lines came less than FEED_CADENCE_MS ago.
    push(3, 30, [line(2)])
    expect(live.summary?.seq).toBe(3)
    expect(live.feed.map((l) => l.seq)).toEqual([1])
    // A reconnect: the snapshot replaces the figures and the ticker whole; the held line never comes.
    fire('connect', undefined)
    await vi.advanceTimersByTimeAsync(0)
    expect(subscribes).toBe(2)
    expect(live.feed).toEqual([])
    vi.advanceTimersByTime(WALL_CADENCE_MS)
    push(4, 40, [line(3)])
    // Not held back by the lines before the snapshot.
    expect(live.feed.map((l) => l.seq)).toEqual([3])
    vi.advanceTimersByTime(FEED_CADENCE_MS + WALL_CADENCE_MS)
    expect(live.feed.map((l) => l.seq)).toEqual([3])
  })

  it('forgets the lines held for the ticker when another region is shown', async () => {
    const live = useLiveStore()
    vi.advanceTimersByTime(1000)
    push(2, 20, [line(1)])
    vi.advanceTimersByTime(WALL_CADENCE_MS)
    push(3, 30, [line(2)])
    expect(live.feed.map((l) => l.seq)).toEqual([1])
    ackView = 'v2'
    live.setView({ region: '330100' })
    expect(live.feed).toEqual([])
    vi.advanceTimersByTime(FEED_CADENCE_MS + WALL_CADENCE_MS)
    await vi.advanceTimersByTimeAsync(0)
    expect(live.feed).toEqual([])
  })
})
