import { defineStore } from 'pinia'
import { ref, shallowRef, watch } from 'vue'
import type { RiskView } from '../../../shared/api/cases'
import { useLiveStore } from './live'
import { useRegionsStore } from './regions'
import { useSessionStore } from './session'

const newer = (a: RiskView, b: RiskView) => Date.parse(a.updatedAt) >= Date.parse(b.updatedAt)

/**
 * The risk points of the region shown (GET /api/v1/risks), for the map. Fetched again whenever
 * the region changes and on every (re)subscribe snapshot, so nothing missed while offline stays
 * stale; between fetches each `risk:changed` push replaces its point in place. Pushes that arrive
 * while a fetch is under way are kept and laid over its answer, so an older list never undoes a
 * newer push. The list is replaced whole (shallowRef), never deep-mutated.
 */
export const useRisksStore = defineStore('risks', () => {
  const live = useLiveStore()
  const regions = useRegionsStore()
  const session = useSessionStore()
  const items = shallowRef<RiskView[]>([])
  /** The region `items` belong to ('' before the first answer). */
  const region = ref('')
  const at = ref<number | null>(null)
  let generation = 0
  let inFlight: Map<string, RiskView> | null = null

  async function load(code: string) {
    const mine = ++generation
    inFlight = new Map()
    region.value = code
    const token = session.token
    const res = await fetch(`/api/v1/risks?region=${encodeURIComponent(code)}`, { headers: { authorization: `Bearer ${token ?? ''}` } }).catch(() => null)
    if (mine !== generation) return
    const pushed = inFlight
    inFlight = null
    if (!res?.ok) return
    const body = (await res.json().catch(() => null)) as { items?: RiskView[] } | null
    if (mine !== generation || !body?.items) return
    const list = body.items
    if (pushed.size) {
      const index = new Map(list.map((r, i) => [r.id, i]))
      for (const risk of pushed.values()) {
        const i = index.get(risk.id)
        if (i === undefined) list.push(risk)
        else if (newer(risk, list[i]!)) list[i] = risk
      }
    }
    items.value = list
    at.value = Date.now()
  }

  function apply(risk: RiskView) {
    if (!region.value || !regions.isWithin(risk.regionCode, region.value)) return
    inFlight?.set(risk.id, risk)
    const list = items.value
    const i = list.findIndex((r) => r.id === risk.id)
    if (i >= 0 && !newer(risk, list[i]!)) return
    const next = list.slice()
    if (i >= 0) next[i] = risk
    else next.push(risk)
    items.value = next
    at.value = Date.now()
  }

  /** 回放: the points as they stood at the replayed instant (REST `asOf`), in place of any fetch under way. */
  function showReplayed(code: string, list: RiskView[]) {
    generation++
    inFlight = null
    region.value = code
    items.value = list
    at.value = Date.now()
  }

  live.onRiskChanged(apply)
  // Another region: its points only, from now on (the old ones must not linger on the new map).
  watch(
    () => live.region,
    (code) => {
      generation++
      inFlight = null
      items.value = []
      region.value = code
      at.value = null
    },
  )
  // Every snapshot (the new region's first one, or one after a reconnect) fetches the list again.
  watch(
    () => live.snapshots,
    (n) => {
      if (n > 0 && live.region) void load(live.region)
    },
    { immediate: true },
  )

  return { items, region, at, showReplayed }
})
