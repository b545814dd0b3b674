import { describe, expect, it } from 'vitest'
import { startWatchdog, type WatchdogDeps } from '../../client/src/layout/watchdog'

const MB = 2 ** 20
const OPTS = { limitBytes: 256 * MB, everyMs: 60_000, strikes: 3 }

/** Fakes for the browser: a heap we set, a server that answers or not, a timer we fire by hand. */
function fakes(init: { heap: number | null; answers: boolean | Error }) {
  const state = { ...init, reloads: [] as string[], healthChecks: 0, ticks: [] as Array<() => void>, cancelled: 0, everyMs: 0 }
  const deps: WatchdogDeps = {
    heapBytes: () => state.heap,
    serverAnswers: async () => {
      state.healthChecks++
      if (state.answers instanceof Error) throw state.answers
      return state.answers
    },
    href: () => 'https://wall.example/?region=330111&period=month&rankBy=cases.onTimeRate',
    reload: (href) => state.reloads.push(href),
    every: (fn, ms) => {
      state.ticks.push(fn)
      state.everyMs = ms
      return () => state.cancelled++
    },
  }
  /** One check, and whatever it awaits. */
  const tick = async () => {
    for (const fn of state.ticks) fn()
    await new Promise((r) => setImmediate(r))
  }
  return { state, deps, tick }
}

describe('the wall watchdog', () => {
  it('reloads the wall where it stands once the heap stays over the limit and the server answers', async () => {
    const { state, deps, tick } = fakes({ heap: 300 * MB, answers: true })
    startWatchdog(deps, OPTS)
    expect(state.everyMs).toBe(60_000)
    await tick()
    await tick()
    expect(state.reloads).toEqual([])
    expect(state.healthChecks).toBe(0)
    await tick()
    expect(state.healthChecks).toBe(1)
    expect(state.reloads).toEqual(['https://wall.example/?region=330111&period=month&rankBy=cases.onTimeRate'])
  })

  it('never reloads while the heap is under the limit, and a reading under it starts the count again', async () => {
    const { state, deps, tick } = fakes({ heap: 100 * MB, answers: true })
    startWatchdog(deps, OPTS)
    for (let i = 0; i < 10; i++) await tick()
    state.heap = 300 * MB
    await tick()
    await tick()
    state.heap = 120 * MB
    await tick()
    state.heap = 300 * MB
    await tick()
    await tick()
    expect(state.reloads).toEqual([])
    expect(state.healthChecks).toBe(0)
  })

  it('keeps the heavy wall rather than reload while the server does not answer, and reloads once it does', async () => {
    const { state, deps, tick } = fakes({ heap: 300 * MB, answers: false })
    startWatchdog(deps, OPTS)
    for (let i = 0; i < 5; i++) await tick()
    expect(state.healthChecks).toBe(3)
    expect(state.reloads).toEqual([])
    state.answers = new Error('connect ECONNREFUSED')
    await tick()
    expect(state.reloads).toEqual([])
    state.answers = true
    await tick()
    expect(state.reloads).toHaveLength(1)
  })

  it('does nothing where the browser does not report its heap', async () => {
    const { state, deps, tick } = fakes({ heap: null, answers: true })
    startWatchdog(deps, OPTS)
    for (let i = 0; i < 5; i++) await tick()
    expect(state.healthChecks).toBe(0)
    expect(state.reloads).toEqual([])
  })

  it('stops: the timer is cancelled and a health check still in flight reloads nothing', async () => {
    const { state, deps } = fakes({ heap: 300 * MB, answers: true })
    let answer: (ok: boolean) => void = () => undefined
    deps.serverAnswers = () => new Promise((r) => (answer = r))
    const stop = startWatchdog(deps, { ...OPTS, strikes: 1 })
    state.ticks[0]!()
    stop()
    answer(true)
    await new Promise((r) => setImmediate(r))
    expect(state.cancelled).toBe(1)
    expect(state.reloads).toEqual([])
  })
})
