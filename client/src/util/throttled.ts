import { getCurrentScope, onScopeDispose, shallowRef, watch, type Ref, type WatchSource } from 'vue'

/**
 * `source`, passed on at most once every `ms` (the first change at once, the last one always):
 * for a view that redraws at a cost per change, such as the map under a busy district's pushes.
 * A change `urgent` says cannot wait (another region's figures) is passed on at once.
 */
export function useThrottled<T>(source: WatchSource<T>, ms: number, urgent?: (next: T, shown: T) => boolean): Readonly<Ref<T>> {
  const read = () => (typeof source === 'function' ? (source as () => T)() : source.value)
  const out = shallowRef(read())
  let last = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  const flush = () => {
    timer = undefined
    last = Date.now()
    out.value = read()
  }
  watch(source, (next) => {
    if (urgent?.(next, out.value)) {
      clearTimeout(timer)
      return flush()
    }
    if (timer) return
    const wait = last + ms - Date.now()
    if (wait <= 0) flush()
    else timer = setTimeout(flush, wait)
  })
  if (getCurrentScope()) onScopeDispose(() => clearTimeout(timer))
  return out
}
