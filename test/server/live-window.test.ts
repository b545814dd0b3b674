import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Aggregator } from '../../server/domain/aggregate/aggregator'
import type { ViewSpec } from '../../server/domain/aggregate/view'
import { LiveHub, type LiveNamespace } from '../../server/live/hub'
import { viewRoom } from '../../shared/live/protocol'
import type { RegionTree } from '../../shared/regions/tree'

const WINDOW_MS = 100
const view: ViewSpec = { region: '330000', period: null, compare: [], rankBy: 'cases.total', order: 'desc' }

/**
 * The hub's coalescing window on its own: a namespace that records the rooms emitted to, a clock
 * the test moves, and each flush made to take `cost` ms of that clock (as writing a frame to
 * thousands of sockets does).
 */
describe('LiveHub window', () => {
  let now: number
  let cost: number
  let emits: string[]
  /** When each emit started, by the test's clock. */
  let emitAt: number[]
  let hub: LiveHub

  beforeEach(() => {
    vi.useFakeTimers()
    now = 0
    cost = 0
    emits = []
    emitAt = []
    const emitter = (room: string) => ({
      emit: (event: string) => {
        emits.push(`${event} ${room}`)
        emitAt.push(now)
        now += cost
      },
    })
    const nsp = {
      local: { to: emitter },
      adapter: { rooms: new Map<string, Set<string>>() },
    }
    const tree = { get: () => undefined } as unknown as RegionTree
    hub = new LiveHub(nsp as unknown as LiveNamespace, {} as Aggregator, tree, WINDOW_MS, null, () => now)
    // A detail with no children nor series: its pushes after the first carry an empty patch.
    hub.figures = () => ({ summary: { seq: 1 }, detail: { seq: 1, children: [], hourly: [], daily: [], byCategory: [] } }) as unknown as ReturnType<LiveHub['figures']>
    // One socket watches the view.
    nsp.adapter.rooms = new Map([[viewRoom(hub.register(view)), new Set(['socket'])]])
  })
  afterEach(() => {
    hub.close()
    vi.useRealTimers()
  })

  const advance = (ms: number) => {
    now += ms
    vi.advanceTimersByTime(ms)
  }

  it('flushes a lone change at once; a burst gets two pushes in its first window, then one per window', () => {
    cost = 5
    hub.markDirty([view.region])
    vi.advanceTimersByTime(0)
    expect(emits).toHaveLength(1)
    // Within the first window one more change still flushes at once (the window's allowance ahead).
    hub.markDirty([view.region])
    advance(0)
    expect(emits).toHaveLength(2)
    // The one after waits for the first window to end (flushes at 0 and 5 booked 0–100 and 100–200).
    hub.markDirty([view.region])
    advance(WINDOW_MS - 10 - 1)
    expect(emits).toHaveLength(2)
    advance(1)
    expect(emits).toHaveLength(3)
    // Changes keep coming: one push per window from then on, never two.
    for (let window = 0; window < 5; window++) {
      hub.markDirty([view.region])
      advance(WINDOW_MS / 2)
      hub.markDirty([view.region])
      advance(WINDOW_MS / 2)
    }
    expect(emits).toHaveLength(3 + 5)
  })

  it('does not make a stream at the window rate wait for one late flush', () => {
    // A change every windowMs, the fourth one 60 ms late (its commit held up): the ones after it
    // flush as they come. Counted from the last flush instead, each would wait those 60 ms.
    let t = 0
    for (let i = 0; i < 10; i++) {
      const arrives = i * WINDOW_MS + (i === 3 ? 60 : 0)
      advance(arrives - t)
      t = arrives
      hub.markDirty([view.region])
      advance(0)
    }
    advance(WINDOW_MS)
    expect(emitAt).toEqual([0, 100, 200, 360, 400, 500, 600, 700, 800, 900])
  })

  it('stretches the next window to twice as long as a long flush took', () => {
    cost = 300
    hub.markDirty([view.region])
    vi.advanceTimersByTime(0)
    expect(emits).toHaveLength(1)
    // The flush started at 0 and ended at 300: the next one is due at 600, not at 100.
    hub.markDirty([view.region])
    advance(299)
    expect(emits).toHaveLength(1)
    advance(1)
    expect(emits).toHaveLength(2)
    // That flush took 300 ms too (600 → 900); the one after it costs nothing, so the window is windowMs again.
    cost = 0
    hub.markDirty([view.region])
    advance(299)
    expect(emits).toHaveLength(2)
    advance(1)
    expect(emits).toHaveLength(3)
    hub.markDirty([view.region])
    advance(WINDOW_MS)
    expect(emits).toHaveLength(4)
  })

  it('never waits more than 2 s however long a flush took', () => {
    cost = 5000
    hub.markDirty([view.region])
    vi.advanceTimersByTime(0)
    hub.markDirty([view.region])
    // The flush ended at 5,000; the next was due at 2,000, so it runs as soon as the turn is free.
    advance(0)
    expect(emits).toHaveLength(2)
  })
})
