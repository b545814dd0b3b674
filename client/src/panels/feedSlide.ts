import type { Ref } from 'vue'

const SLIDE_MS = 450

/**
 * How many lines are new at the top of `next`: the lines before the one that led `previous`.
 * Nothing before it (the same list, or lines gone from the bottom only): 0. The old first line
 * gone (more new lines than fit): every line is new. No previous list (the first lines, another
 * region): 0, nothing slides in.
 */
export function newAtTop(previous: readonly string[] | undefined, next: readonly string[]): number {
  if (!previous?.length || !next.length) return 0
  const i = next.indexOf(previous[0]!)
  return i < 0 ? next.length : i
}

/**
 * The ticker's slide: new lines at the top push the list down. The list starts as many lines
 * higher as there are new lines and glides back, and the new lines fade in; both by the Web
 * Animations API on transform and opacity, which the compositor runs without the main thread and
 * without laying anything out (a TransitionGroup measured every line and forced a layout twice
 * per push). A push during a slide starts the next one from where the list stands, so lines never jump.
 * Lines pushed past the cap just go: animating them out would only fight the new ones coming in.
 *
 * The fade is one animation however many lines are new: `veil`, a sheet of the panel's own solid
 * colour that rides with the list, is moved over the new lines and goes clear, which paints what a
 * fade of each line would (line × t + panel × (1 − t)) at the cost of one animation per update
 * instead of one per line. A push during a fade starts the veil again over its own new lines and
 * shows the lines of the push before whole: the ticker takes new lines 800 ms apart at the most often
 * (FEED_CADENCE_MS, live/cadence.ts), after the 450 ms fade has ended: only another view's lines
 * cut one short.
 */
export function slideIn(list: Ref<HTMLElement | null>, veil: Ref<HTMLElement | null>, lineHeight: () => number) {
  let running: Animation | undefined
  let fading: Animation | undefined
  let from = 0
  return (keys: string[], previous: string[] | undefined) => {
    const el = list.value
    const n = newAtTop(previous, keys)
    if (!el || n === 0 || typeof el.animate !== 'function') return
    const progress = running?.playState === 'running' ? (running.effect?.getComputedTiming().progress ?? 1) : 1
    const standing = from * (1 - progress)
    running?.cancel()
    const cover = n * lineHeight()
    from = standing - cover
    running = el.animate([{ transform: `translateY(${from}px)` }, { transform: 'translateY(0)' }], { duration: SLIDE_MS, easing: 'ease-out' })
    fading?.cancel()
    // The veil waits just above the list (CSS): moved down by the new lines' height, it covers them.
    const over = `translateY(${cover}px)`
    fading = veil.value?.animate(
      [
        { transform: over, opacity: 1 },
        { transform: over, opacity: 0 },
      ],
      { duration: SLIDE_MS, easing: 'ease-out' },
    )
  }
}
