import { computed, type ComputedRef } from 'vue'
import { useLiveStore } from '../stores/live'
import { useRegionsStore } from '../stores/regions'
import type { Place } from './words'

/** The place the wall shows, for words that follow it (panels/words.ts). */
export function usePlace(): ComputedRef<Place | null> {
  const live = useLiveStore()
  const regions = useRegionsStore()
  return computed(() => {
    const r = regions.byCode.get(live.region)
    if (!r) return null
    return { name: r.name, level: r.level, district: regions.upTo(live.region, 'district')?.name ?? null }
  })
}
