import { onBeforeUnmount, ref, watch, type Ref } from 'vue'

const ease = (k: number) => 1 - (1 - k) ** 3

interface Glide {
  shown: Ref<number | null>
  from: number
  to: number
  start: number
  duration: number
}

/**
 * Every figure gliding at once shares one frame callback and one landing timer: a push changes
 * a score of figures, and a frame request, a cancel and a timer for each of them, every 100 ms,
 * cost more than the glide itself.
 */
const gliding = new Set<Glide>()
let frame = 0
let landing: ReturnType<typeof setTimeout> | undefined

function step(now: number) {
  frame = 0
  for (const g of gliding) {
    const k = Math.min(1, Math.max(0, now - g.start) / g.duration)
    g.shown.value = k >= 1 ? g.to : g.from + (g.to - g.from) * ease(k)
    if (k >= 1) gliding.delete(g)
  }
  if (gliding.size) frame = requestAnimationFrame(step)
}

/** Lands every glide that should have ended, even when frames are paused (a hidden tab). */
function land() {
  landing = undefined
  const now = performance.now()
  let next = Infinity
  for (const g of gliding) {
    if (now >= g.start + g.duration) {
      g.shown.value = g.to
      gliding.delete(g)
    } else next = Math.min(next, g.start + g.duration)
  }
  if (gliding.size) landing = setTimeout(land, next - now + 150)
}

function begin(g: Glide) {
  gliding.add(g)
  if (!frame) frame = requestAnimationFrame(step)
  if (!landing) landing = setTimeout(land, g.duration + 150)
}

/**
 * A figure that glides to its new value instead of jumping. A new target restarts the glide from
 * where it stands; the glide stops on unmount; the landing timer sets the exact value even when
 * frames are paused (hidden tab), so what the wall shows always ends equal to the data. A change
 * of at most `step` (the smallest difference the figure shows: one case, 0.1 %) has nothing to
 * glide through and is shown at once: a live wall's figures mostly move by one, many times a
 * second, and a glide costs a frame loop and the figure's layout on every frame it lasts.
 */
export function useCountUp(target: () => number | null | undefined, duration = 500, step = 0): Ref<number | null> {
  const shown = ref<number | null>(target() ?? null)
  const glide: Glide = { shown, from: 0, to: 0, start: 0, duration }

  watch(target, (next) => {
    gliding.delete(glide)
    const to = next ?? null
    const from = shown.value
    if (to === null || from === null || Math.abs(to - from) <= step || document.hidden) {
      shown.value = to
      return
    }
    glide.from = from
    glide.to = to
    glide.start = performance.now()
    begin(glide)
  })

  onBeforeUnmount(() => gliding.delete(glide))
  return shown
}
