import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { effectScope, nextTick, ref } from 'vue'
import { glides, useCountUp } from '../../client/src/util/countUp'

describe('count-up glides', () => {
  it('shows a live push of a few cases among hundreds at once', () => {
    expect(glides(482, 486, 1)).toBe(false)
    expect(glides(12_345, 12_400, 1)).toBe(false)
  })

  it('glides a move of more than a twentieth of the figure (another region, another period)', () => {
    expect(glides(482, 1_210, 1)).toBe(true)
    expect(glides(0, 37, 1)).toBe(true)
    expect(glides(2_000, 1_700, 1)).toBe(true)
  })

  it('never glides a move of one step, however small the figure', () => {
    expect(glides(1, 2, 1)).toBe(false)
    expect(glides(0, 1, 1)).toBe(false)
    expect(glides(0.5, 0.501, 0.001)).toBe(false)
  })

  it('treats a rate as a share: 87.3 % to 62.0 % glides, 87.3 % to 87.9 % does not', () => {
    expect(glides(0.873, 0.62, 0.001)).toBe(true)
    expect(glides(0.873, 0.879, 0.001)).toBe(false)
  })
})

describe('count-up of a live figure', () => {
  // Node has no page: a visible document and frames that never come (a glide stays under way).
  const g = globalThis as unknown as Record<string, unknown>
  beforeAll(() => {
    g.document = { hidden: false }
    g.requestAnimationFrame = () => 1
  })
  afterAll(() => {
    delete g.document
    delete g.requestAnimationFrame
  })

  function figure() {
    const value = ref(100)
    const view = ref(0)
    const scope = effectScope()
    const shown = scope.run(() => useCountUp(() => value.value, 500, 1, () => view.value))!
    return { value, view, shown, scope }
  }

  it("shows a live push's figure at once, however far it moves", async () => {
    const f = figure()
    f.value.value = 180
    await nextTick()
    expect(f.shown.value).toBe(180)
    f.scope.stop()
  })

  it('glides to the figure of another view (a new snapshot)', async () => {
    const f = figure()
    f.view.value++
    f.value.value = 400
    await nextTick()
    expect(f.shown.value).toBe(100)
    // The next live push after it is shown at once again.
    f.value.value = 420
    await nextTick()
    expect(f.shown.value).toBe(420)
    f.scope.stop()
  })
})
