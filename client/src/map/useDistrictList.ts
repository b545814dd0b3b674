import { ref, shallowRef, watch, type Ref, type ShallowRef } from 'vue'
import { useSessionStore } from '../stores/session'

/**
 * The `items` of `GET ${path}?region=<district>` for a map layer, fetched again whenever the
 * district changes or `on` turns on; empty while there is no district, while `on` is off, and
 * after any error (the layer shows nothing rather than something stale). A late answer for a
 * district no longer shown is dropped.
 */
export function useDistrictList<T>(path: string, district: Ref<string | null>, on: Ref<boolean> = ref(true)): ShallowRef<T[]> {
  const session = useSessionStore()
  const items = shallowRef<T[]>([])
  let generation = 0

  watch(
    [district, on],
    async ([code, shown]) => {
      const mine = ++generation
      items.value = []
      if (!code || !shown) return
      const res = await fetch(`${path}?region=${encodeURIComponent(code)}`, { headers: { authorization: `Bearer ${session.token ?? ''}` } }).catch(() => null)
      if (mine !== generation || !res?.ok) return
      const body = (await res.json().catch(() => null)) as { items?: T[] } | null
      if (mine === generation && body?.items) items.value = body.items
    },
    { immediate: true },
  )
  return items
}
