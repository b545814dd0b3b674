import { onBeforeUnmount, ref, watch, type Ref } from 'vue'

const ease = (k: number) => 1 - (1 - k) ** 3

/**
 * A figure that glides to its new value instead of jumping. The frame loop is cancelled on unmount
 * and on every new target; a timer lands the exact value even when frames are paused (hidden tab),
 * so what the wall shows always ends equal to the data.
 */
export function useCountUp(target: () => number | null | undefined, duration = 500): Ref<number | null> {
  const shown = ref<number | null>(target() ?? null)
  let frame = 0
  let landing: ReturnType<typeof setTimeout> | undefined

  function cancel() {
    if (frame) cancelAnimationFrame(frame)
    clearTimeout(landing)
    frame = 0
    landing = undefined
  }

  watch(target, (next) => {
    cancel()
    const to = next ?? null
    const from = shown.value
    if (to === null || from === null || from === to || document.hidden) {
      shown.value = to
      return
    }
    const start = performance.now()
    const step = (now: number) => {
      const k = Math.min(1, (now - start) / duration)
      shown.value = k >= 1 ? to : from + (to - from) * ease(k)
      frame = k >= 1 ? 0 : requestAnimationFrame(step)
    }
    frame = requestAnimationFrame(step)
    landing = setTimeout(() => {
      cancel()
      shown.value = to
    }, duration + 150)
  })

  onBeforeUnmount(cancel)
  return shown
}
