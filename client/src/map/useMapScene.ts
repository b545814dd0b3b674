import { ref, shallowRef, watch, type Ref } from 'vue'
import { registerMap } from '../charts/echartsMap'
import { useRegionsStore } from '../stores/regions'
import { fetchGeoFile, fetchManifest } from './geoFiles'
import { buildScene, entryFor, type MapScene } from './scene'

export type SceneState = 'loading' | 'ready' | 'none'

/**
 * The map scene of the region shown: its map file found through the manifest, fetched, and
 * registered with ECharts under one name per region (so the registry stays as small as the
 * tree). The previous scene stays up until the next is ready, so a drill-down never flashes an
 * empty panel; `none` when no map file covers the region (the panel then shows cards).
 */
export function useMapScene(code: Ref<string>) {
  const regions = useRegionsStore()
  const scene = shallowRef<MapScene | null>(null)
  const state = ref<SceneState>('loading')
  let generation = 0

  watch(
    [code, () => regions.byCode],
    async ([c]) => {
      const mine = ++generation
      if (!c || regions.byCode.size === 0) return
      if (scene.value?.region !== c) state.value = 'loading'
      const manifest = await fetchManifest()
      if (mine !== generation) return
      const entry = entryFor(c, regions, manifest)
      const file = entry ? await fetchGeoFile(entry) : null
      if (mine !== generation) return
      const next = file ? buildScene(c, file, regions) : null
      // ECharts' own types want its GeoJSON type; ours is the same shape, narrowed to what we use.
      if (next) registerMap(next.mapName, next.geo as unknown as Parameters<typeof registerMap>[1])
      scene.value = next
      state.value = next ? 'ready' : 'none'
    },
    { immediate: true },
  )

  return { scene, state }
}
