import { ref, type Ref } from 'vue'

/** How long an interaction holds the playlist: it resumes after a minute without one. */
export const IDLE_RESUME_MS = 60_000
/** When no item is inside its schedule, look again this often. */
export const QUIET_CHECK_MS = 60_000

export interface CycleItem {
  /** Seconds the item stays on the wall. */
  dwell: number
}

export interface Timers {
  set: (fn: () => void, ms: number) => ReturnType<typeof setTimeout>
  clear: (t: ReturnType<typeof setTimeout> | undefined) => void
}

export interface CycleOptions<T extends CycleItem> {
  /** The items in order (replaced whole when the playlist is read again). */
  items: Ref<readonly T[]>
  /** Indices of the items inside their schedules at an instant. */
  activeAt: (ms: number) => number[]
  /** The server's clock as the wall knows it. */
  now: () => number
  show: (item: T, index: number) => void
  /** A lap ended (the playlist may have changed: read it again). */
  onLap?: () => void
  idleMs?: number
  timers?: Timers
}

const realTimers: Timers = { set: (fn, ms) => setTimeout(fn, ms), clear: (t) => clearTimeout(t) }

/**
 * The playlist's turns, as a core that takes refs and a clock (slidev's useNavBase): each item in
 * its schedule shows for its own dwell, in order, forever. `interact` (a touch or key) pauses it
 * until a minute passes without one; `suspend` hands the wall to a presenter and `resume` takes it
 * back where it was. One timer at a time.
 */
export function usePlaylistCycle<T extends CycleItem>(o: CycleOptions<T>) {
  const timers = o.timers ?? realTimers
  const idleMs = o.idleMs ?? IDLE_RESUME_MS
  /** The item shown; -1 before the first and while none is inside its schedule. */
  const index = ref(-1)
  const paused = ref(false)
  const suspended = ref(false)
  let turn: ReturnType<typeof setTimeout> | undefined
  let idle: ReturnType<typeof setTimeout> | undefined

  function showAt(i: number) {
    const item = o.items.value[i]!
    index.value = i
    o.show(item, i)
    turn = timers.set(advance, item.dwell * 1000)
  }

  function advance() {
    timers.clear(turn)
    const active = o.activeAt(o.now()).filter((i) => i < o.items.value.length)
    if (active.length === 0) {
      index.value = -1
      turn = timers.set(advance, QUIET_CHECK_MS)
      return
    }
    const after = active.find((i) => i > index.value)
    if (after === undefined && index.value >= 0) o.onLap?.()
    showAt(after ?? active[0]!)
  }

  function interact() {
    if (suspended.value) return
    timers.clear(turn)
    timers.clear(idle)
    paused.value = true
    idle = timers.set(() => {
      paused.value = false
      advance()
    }, idleMs)
  }

  function suspend() {
    timers.clear(turn)
    timers.clear(idle)
    paused.value = false
    suspended.value = true
  }

  /** Back from a presenter: the item it was on shows again for a whole dwell. */
  function resume() {
    if (!suspended.value) return
    suspended.value = false
    if (index.value >= 0 && index.value < o.items.value.length) showAt(index.value)
    else advance()
  }

  function stop() {
    timers.clear(turn)
    timers.clear(idle)
  }

  return { index, paused, suspended, start: advance, interact, suspend, resume, stop }
}
