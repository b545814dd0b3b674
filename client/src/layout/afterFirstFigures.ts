import { onBeforeUnmount, ref, watch, type Ref, type WatchSource } from 'vue'

/**
 * True from the frame after `shown` first holds something, and for good after that (a new region
 * clears the figures for a moment; what waited for them stays). What is not needed for the first
 * figures (the map's chunk, ECharts' geo parts) starts loading then, so it never delays them.
 */
export function useAfterFirstFigures(shown: WatchSource<unknown>): Readonly<Ref<boolean>> {
  const ready = ref(false)
  let frame = 0
  const stop = watch(
    shown,
    (value) => {
      if (!value || ready.value || frame) return
      // Two frames: the figures are painted before anything else is fetched and parsed.
      frame = requestAnimationFrame(() => {
        frame = requestAnimationFrame(() => {
          frame = 0
          ready.value = true
          stop()
        })
      })
    },
    { immediate: true },
  )
  onBeforeUnmount(() => {
    cancelAnimationFrame(frame)
    stop()
  })
  return ready
}
