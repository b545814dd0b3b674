import { describe, expect, it } from 'vitest'
import { nextTick, ref } from 'vue'
import { useSnapshotGlide } from '../../client/src/util/snapshotGlide'

describe('useSnapshotGlide', () => {
  it('glides to figures that came with a new snapshot and shows a live push’s at once', async () => {
    const figures = ref([1, 2])
    const snapshots = ref(1)
    const glide = useSnapshotGlide(figures, () => snapshots.value)
    // A live push: the same snapshot, new figures.
    figures.value = [2, 2]
    await nextTick()
    expect(glide.value).toBe(false)
    // Another view: its snapshot and its figures together.
    snapshots.value++
    figures.value = [5, 1]
    await nextTick()
    expect(glide.value).toBe(true)
    // The next push of that view again at once.
    figures.value = [5, 2]
    await nextTick()
    expect(glide.value).toBe(false)
  })
})
