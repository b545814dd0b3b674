import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue'

/** The current time, ticking on the second boundary so the clock never shows a second late. */
export function useNow(): Ref<number> {
  const now = ref(Date.now())
  let timer: ReturnType<typeof setTimeout> | undefined
  const tick = () => {
    now.value = Date.now()
    timer = setTimeout(tick, 1000 - (now.value % 1000) + 5)
  }
  onMounted(tick)
  onBeforeUnmount(() => clearTimeout(timer))
  return now
}
