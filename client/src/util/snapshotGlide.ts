import { ref, watch, type Ref, type WatchSource } from 'vue'

/**
 * Whether the figures of `figures` last changed with a new snapshot of the live store (another
 * region, period or ranking, a reconnect: `snapshots()` moved) rather than with a live push. What
 * moves by a CSS transition glides only then, as the charts and the count-ups do: a live push's
 * figures are shown at once. At ten pushes a second the wall applies one every 400 ms, and a
 * 0.6 s transition started by each kept one running all the time, which Blink restyles and
 * repaints on the main thread in every frame (a clip-path is not run by the compositor), and
 * which keeps a wall with nothing else to draw drawing 60 frames a second.
 * Checked before the render (the watcher's default flush), so the transition is switched on or
 * off in the same style change that moves the figure.
 */
export function useSnapshotGlide(figures: WatchSource<unknown>, snapshots: () => number): Readonly<Ref<boolean>> {
  let seen = snapshots()
  const glide = ref(true)
  watch(figures, () => {
    const now = snapshots()
    glide.value = now !== seen
    seen = now
  })
  return glide
}
