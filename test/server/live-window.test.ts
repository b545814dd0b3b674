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
  let hub: LiveHub

  beforeEach(() => {
    vi.useFakeTimers()
    now = 0
    cost = 0
    emits = []
    const emitter = (room: string) => ({
      emit: (event: string) => {
        emits.push(`${event} ${room}`)
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

  it('flushes a lone change at once, and one arriving within windowMs when the window ends', () => {
    cost = 5
    hub.markDirty([view.region])
    vi.advanceTimersByTime(0)
    expect(emits).toHaveLength(1)
    // The flush took 5 ms: the next one is due windowMs after it started.
    hub.markDirty([view.region])
    advance(WINDOW_MS - 5 - 1)
    expect(emits).toHaveLength(1)
    advance(1)
    expect(emits).toHaveLength(2)
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
