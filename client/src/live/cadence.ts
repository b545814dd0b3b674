/**
 * How often the wall applies live pushes: at most once per this many ms. The server pushes a
 * view's figures up to ten times a second (more in bursts), and each push applied re-renders the
 * tiles, the ticker and the panels and lays out and paints the page again; a person reading the
 * wall from a few metres takes a good part of a second to read one figure, so figures changing
 * faster than two or three times a second are not read anyway. 400 ms keeps the latest figures on
 * the wall within half a second of their arrival, timer lateness on a busy wall included.
 */
export const WALL_CADENCE_MS = 400

/**
 * How often a chart or the map takes new figures under a stream of pushes: at most once per this
 * many ms (the first change after a quiet spell at once, the last always). A chart's update costs
 * ECharts a rebuild of its model and a repaint of its whole canvas, the map's much more (every
 * area, label and point, and its legend): at 1000 ms the six canvases of the wall were two thirds
 * of its script per push at ten pushes a second. A bar or a district's shade a case longer is
 * not read from across the room sooner; the headline figures above follow WALL_CADENCE_MS.
 */
export const CHART_CADENCE_MS = 2000

/**
 * How often the ticker takes new lines under a stream of pushes: at most once per this many ms
 * (the first after a quiet spell at once, the last always), as the live store's `Rider` of the
 * wall's cadence (below), so that they change in the same frame as figures. Its slide lasts 450 ms (feedSlide.ts):
 * taken at the wall's 400 ms cadence, one slide began before the last had ended, so the list was
 * never still and never readable, and Blink restyled the sliding list on the main thread in every
 * frame (a composited animation is still ticked there), whatever else the wall drew. At twice the
 * cadence the list stands still for about half of the time, and so do the wall's frames.
 */
export const FEED_CADENCE_MS = 2 * WALL_CADENCE_MS

/** Pushes held back and applied together; `offer` merges, `flush` applies now, `drop` forgets. */
export interface Cadence<P> {
  /** Takes a push: applied at once when nothing was applied for `everyMs`, else merged into the next application. */
  offer(push: P): void
  /** Applies what is held now (nothing when nothing is); a rider only when its time is up. */
  flush(): void
  /**
   * Forgets what is held (a snapshot or another view replaces it), the rider's part too unless
   * `keepRider` (a new ranking: the same region's lines still belong on the ticker).
   */
  drop(options?: { keepRider?: boolean }): void
  /** Whether a push is held back. */
  readonly holding: boolean
}

/**
 * A part of every push that rides on the applications at a slower pace (the ticker's new lines):
 * `split` takes it out of a push as it is applied; it is applied with that application when the
 * rider's last was `everyMs` ago or more, else held (merged with `merge`, like pushes) for a later
 * application; when none comes `graceMs` after its time (the pushes stopped), on its own.
 */
export interface Rider<P> {
  everyMs: number
  graceMs: number
  /** What is applied now, and the part that rides (undefined: none in this push). */
  split: (push: P) => { now: P; rider?: P | undefined }
}

/**
 * Coalesces pushes: the first after a quiet spell is applied at once, the ones after it within
 * `everyMs` of the last application are merged (`merge(older, newer)`) and applied together when
 * that time is up, so the latest push is always applied, at most `everyMs` after it arrived.
 * With a `rider`, part of each push is applied at most every `rider.everyMs`, always with an
 * application of the rest when there is one (one frame for both).
 */
export function cadence<P>(
  apply: (push: P) => void,
  merge: (older: P, newer: P) => P,
  everyMs: number,
  now: () => number = Date.now,
  rider?: Rider<P>,
): Cadence<P> {
  let held: { push: P } | undefined
  let timer: ReturnType<typeof setTimeout> | undefined
  let last = -Infinity
  /** The rider's parts taken out of applications and not applied yet, merged. */
  let riding: { push: P } | undefined
  let riderTimer: ReturnType<typeof setTimeout> | undefined
  let riderLast = -Infinity
  /** The rider's parts held, taken (its timer stopped), or undefined. */
  const takeRiding = () => {
    clearTimeout(riderTimer)
    riderTimer = undefined
    const r = riding
    riding = undefined
    return r
  }
  const dropRider = () => {
    takeRiding()
    riderLast = -Infinity
  }
  /** The rider's parts alone (the pushes stopped before its time came round). */
  const applyRider = () => {
    const r = takeRiding()
    if (!r) return
    riderLast = now()
    apply(r.push)
  }
  const flush = () => {
    clearTimeout(timer)
    timer = undefined
    const h = held
    held = undefined
    if (!h) return
    last = now()
    if (!rider) return apply(h.push)
    const part = rider.split(h.push)
    if (part.rider !== undefined) riding = riding ? { push: merge(riding.push, part.rider) } : { push: part.rider }
    if (!riding) return apply(part.now)
    if (last - riderLast >= rider.everyMs) {
      riderLast = last
      // The rider's parts are older than the push they ride on.
      return apply(merge(takeRiding()!.push, part.now))
    }
    riderTimer ??= setTimeout(applyRider, riderLast + rider.everyMs + rider.graceMs - last)
    apply(part.now)
  }
  return {
    offer(push) {
      held = held ? { push: merge(held.push, push) } : { push }
      if (timer) return
      const wait = last + everyMs - now()
      if (wait <= 0) flush()
      else timer = setTimeout(flush, wait)
    },
    flush,
    drop(options) {
      clearTimeout(timer)
      timer = undefined
      held = undefined
      if (!options?.keepRider) dropRider()
    },
    get holding() {
      return held !== undefined
    },
  }
}
