import { shallowRef, watch, type Ref } from 'vue'
import type { FireStationView } from '../../../shared/api/fireStations'
import { useSessionStore } from '../stores/session'

/**
 * The fire stations of the district around the shown region (GET /api/v1/fire-stations), for the
 * map's five-minute rescue circles. A town's map also shows the neighbours' stations whose
 * circles reach into it, so the district's list is fetched whatever is shown below it. Stations
 * do not move: fetched once per district. A server without the endpoint (404) shows none.
 */
export function useFireStations(district: Ref<string | null>) {
  const session = useSessionStore()
  const stations = shallowRef<FireStationView[]>([])
  let generation = 0

  watch(
    district,
    async (code) => {
      const mine = ++generation
      stations.value = []
      if (!code) return
      const res = await fetch(`/api/v1/fire-stations?region=${encodeURIComponent(code)}`, {
        headers: { authorization: `Bearer ${session.token ?? ''}` },
      }).catch(() => null)
      if (mine !== generation || !res?.ok) return
      const body = (await res.json().catch(() => null)) as { items?: FireStationView[] } | null
      if (mine === generation && body?.items) stations.value = body.items
    },
    { immediate: true },
  )

  return stations
}
