import { getCurrentScope, onScopeDispose, ref, watch, type Ref } from 'vue'

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
 * Below this share of the figure a change is shown at once: a live push moves a figure by a few
 * cases among hundreds or thousands (several times a second at the root of a busy province), and
 * a glide of those few costs the figure's text, style, layout and paint on every frame it lasts,
 * one glide after another, while it shows nothing a reader 3 m away could follow. A change of view
 * (another region, period or a reconnect's snapshot) moves figures by more and still glides.
 */
export const GLIDE_SHARE = 0.05

/**
 * Whether a figure's move from `from` to `to` glides: more than `step` (the smallest difference
 * the figure shows: one case, 0.1 %) and more than GLIDE_SHARE of the larger of the two.
 */
export function glides(from: number, to: number, step: number): boolean {
  const move = Math.abs(to - from)
  return move > step && move > GLIDE_SHARE * Math.max(Math.abs(from), Math.abs(to))
}

/**
 * A figure that glides to its new value instead of jumping. A new target restarts the glide from
 * where it stands; the glide stops on unmount; the landing timer sets the exact value even when
 * frames are paused (hidden tab), so what the wall shows always ends equal to the data. A small
 * change (`glides`) has nothing worth gliding through and is shown at once.
 *
 * `view`, when given, names what the figure's data is of (the live store's snapshot count): a
 * change glides only when it arrives with another view (another region or period, a reconnect's
 * snapshot), as the charts' figures slide only then. A live push's figures are shown at once,
 * however far they move: each frame of a glide re-renders, lays out and paints the figure, and on
 * a young store or a quiet village a push moves small figures by more than a twentieth every few
 * seconds (measured: about 0.5 ms of the wall's main thread per update at 10 updates/s).
 */
export function useCountUp(target: () => number | null | undefined, duration = 500, step = 0, view?: () => unknown): Ref<number | null> {
  const shown = ref<number | null>(target() ?? null)
  const glide: Glide = { shown, from: 0, to: 0, start: 0, duration }
  let seen = view?.()

  watch(target, (next) => {
    gliding.delete(glide)
    const to = next ?? null
    const from = shown.value
    const now = view?.()
    const newView = !view || !Object.is(now, seen)
    seen = now
    if (to === null || from === null || !newView || !glides(from, to, step) || document.hidden) {
      shown.value = to
      return
    }
    glide.from = from
    glide.to = to
    glide.start = performance.now()
    begin(glide)
  })

  if (getCurrentScope()) onScopeDispose(() => gliding.delete(glide))
  return shown
}
