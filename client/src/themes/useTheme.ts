import { shallowRef, watch, type Ref } from 'vue'
import type { ThemeAnswer } from '../../../shared/api/themes'
import type { ThemePage } from '../../../shared/themes/pages'
import { useLiveStore } from '../stores/live'
import { usePeriodStore } from '../stores/period'
import { fetchTheme } from './api'

/**
 * A themed page's figures: fetched when the page, region or period changes and again on every
 * `summary` push of the region (the push says the figures moved; no polling). One request at a
 * time; a push during one asks for one more after it, so the page never lags behind the last push.
 */
export function useTheme(token: string, page: Ref<ThemePage>) {
  const live = useLiveStore()
  const period = usePeriodStore()
  const data = shallowRef<ThemeAnswer | null>(null)
  let running = false
  let again = false
  const load = async () => {
    if (running) {
      again = true
      return
    }
    running = true
    try {
      do {
        again = false
        const want = { page: page.value, region: live.region, period: period.choice }
        if (!want.region) return
        const next = await fetchTheme(token, want.page, want.region, want.period)
        if (next && want.page === page.value && want.region === live.region) data.value = next
      } while (again)
    } finally {
      running = false
    }
  }
  watch([page, () => live.region, () => period.choice], () => {
    data.value = null
    void load()
  }, { immediate: true })
  watch(() => live.summary, () => void load())
  return data
}
