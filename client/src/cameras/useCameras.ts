import { shallowRef, watch, type Ref } from 'vue'
import type { Camera } from '../../../shared/api/cameras'
import { useSessionStore } from '../stores/session'

/**
 * The cameras of the district around the shown region (GET /api/v1/cameras), for the map's camera
 * layer, asked only while the layer is on: fetched again each time it is turned on or the district
 * changes (cameras are registered rarely; the layer is not live). An error shows none.
 */
export function useCameras(district: Ref<string | null>, on: Ref<boolean>) {
  const session = useSessionStore()
  const cameras = shallowRef<Camera[]>([])
  let generation = 0

  watch(
    [district, on],
    async ([code, shown]) => {
      const mine = ++generation
      cameras.value = []
      if (!code || !shown) return
      const res = await fetch(`/api/v1/cameras?region=${encodeURIComponent(code)}`, { headers: { authorization: `Bearer ${session.token ?? ''}` } }).catch(() => null)
      if (mine !== generation || !res?.ok) return
      const body = (await res.json().catch(() => null)) as { items?: Camera[] } | null
      if (mine === generation && body?.items) cameras.value = body.items
    },
    { immediate: true },
  )
  return cameras
}
