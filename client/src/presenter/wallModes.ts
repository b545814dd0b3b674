import { computed, ref, shallowRef, type Ref } from 'vue'
import type { PlaylistAnswer, PlaylistItem } from '../../../shared/api/playlists'
import type { PresenterState } from '../../../shared/live/presenter'
import { activeItems } from '../../../shared/playlists/schedule'
import { readPlaylist } from '../playlist/api'
import { usePlaylistCycle } from '../playlist/cycle'
import { itemTarget, stateTarget, type WallTarget } from './target'
import { openWallLink } from './wallLink'

const INTERACTIONS = ['pointerdown', 'keydown', 'touchstart', 'wheel'] as const

interface Deps {
  token: string
  show: (t: WallTarget) => void
  /** Where the wall goes back to when a presenter lets go and it has no playlist or rotation. */
  home: WallTarget
}

/**
 * What moves the wall by itself, in order of precedence: a presenter driving its name (`?wall=`),
 * then its saved playlist (`?playlist=ID`) or its rotation (`?rotate=`). While a presenter drives
 * it, the playlist or rotation waits; when the presenter lets go, it goes on where it was.
 */
export async function startWallModes(params: URLSearchParams, deps: Deps) {
  // An item or a take without a period shows the wall's own (its address's), not the one before it.
  const show = (t: WallTarget) => deps.show({ ...t, period: t.period ?? deps.home.period })
  /** The playlist's own pause flag once one runs; `paused` reads it (false without a playlist). */
  const pausedBy = shallowRef<{ flag: Ref<boolean> } | null>(null)
  /** The playlist paused by a touch or key (a rotation shows its own mark). */
  const paused = computed(() => pausedBy.value?.flag.value ?? false)
  const driver = shallowRef<PresenterState | null>(null)
  const playlist = shallowRef<PlaylistAnswer | null>(null)
  const problem = ref<string | null>(null)
  const stops: Array<() => void> = []
  let mode: { suspend: () => void; resume: () => void } | null = null

  const playlistId = params.get('playlist')
  if (playlistId) {
    const read = await readPlaylist(deps.token, playlistId)
    if (!read.ok) problem.value = read.problem
    else if ('playlist' in read) {
      let offset = read.offset
      let version = read.version
      playlist.value = read.playlist
      const cycle = usePlaylistCycle({
        items: computed<readonly PlaylistItem[]>(() => playlist.value?.items ?? []),
        activeAt: (ms) => (playlist.value ? activeItems(playlist.value, ms) : []),
        now: () => Date.now() + offset,
        show: (item) => show(itemTarget(item)),
        // Read whole once; each lap asks only whether it changed (its version, 304 if not), so an
        // edit reaches the wall within a lap and an unchanged playlist costs no body.
        onLap: () =>
          void readPlaylist(deps.token, playlistId, version).then((again) => {
            if (!again.ok || !('playlist' in again)) return
            offset = again.offset
            version = again.version
            playlist.value = again.playlist
          }),
      })
      const interact = () => cycle.interact()
      pausedBy.value = { flag: cycle.paused }
      for (const e of INTERACTIONS) window.addEventListener(e, interact, { passive: true })
      stops.push(() => {
        cycle.stop()
        for (const e of INTERACTIONS) window.removeEventListener(e, interact)
      })
      mode = cycle
      cycle.start()
    }
  } else if (params.has('rotate')) {
    const { parseRotation, startRotation } = await import('../themes/rotation')
    const rotation = parseRotation(params)
    if (rotation) {
      const run = () => startRotation(rotation.items, rotation.dwellMs, (item) => show({ region: item.region, page: item.page, period: null, asOf: null }))
      let stopRotation: (() => void) | null = run()
      mode = {
        suspend: () => {
          stopRotation?.()
          stopRotation = null
        },
        resume: () => (stopRotation ??= run()),
      }
      stops.push(() => stopRotation?.())
    }
  }

  const wall = params.get('wall')
  if (wall) {
    stops.push(
      openWallLink(deps.token, wall, (state) => {
        const was = driver.value
        driver.value = state
        if (state) {
          mode?.suspend()
          show(stateTarget(state))
        } else if (was) {
          if (mode) mode.resume()
          else show(deps.home)
        }
      }),
    )
  }

  return { paused, driver, playlist, problem, stop: () => stops.forEach((s) => s()) }
}
export type WallModes = Awaited<ReturnType<typeof startWallModes>>
