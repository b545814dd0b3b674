import { onBeforeUnmount, ref, watch, type Ref } from 'vue'

/**
 * The content size of an element, kept current by a ResizeObserver that follows the element as
 * it comes and goes (v-if) and is released on unmount. Panels use it to decide how many rows fit,
 * so a taller wall shows more rather than bigger-but-fewer.
 */
export function useBoxSize(el: Ref<HTMLElement | null | undefined>) {
  const width = ref(0)
  const height = ref(0)
  const observer = new ResizeObserver(([entry]) => {
    if (!entry) return
    width.value = Math.round(entry.contentRect.width)
    height.value = Math.round(entry.contentRect.height)
  })
  watch(
    el,
    (node, old) => {
      if (old) observer.unobserve(old)
      if (node) observer.observe(node)
    },
    { immediate: true, flush: 'post' },
  )
  onBeforeUnmount(() => observer.disconnect())
  return { width, height }
}
