import { describe, expect, it } from 'vitest'
import { shallowRef } from 'vue'
import { newAtTop, slideIn } from '../../client/src/panels/feedSlide'

describe('the ticker slide', () => {
  it('counts the lines that arrived above the old first line', () => {
    expect(newAtTop(['a', 'b', 'c'], ['x', 'y', 'a', 'b'])).toBe(2)
    expect(newAtTop(['a', 'b', 'c'], ['x', 'a', 'b', 'c'])).toBe(1)
  })
  it('slides nothing when nothing is new at the top', () => {
    expect(newAtTop(['a', 'b', 'c'], ['a', 'b'])).toBe(0)
    expect(newAtTop(['a', 'b'], ['a', 'b'])).toBe(0)
  })
  it('slides nothing in for the first lines (a new region, the first snapshot)', () => {
    expect(newAtTop(undefined, ['a', 'b'])).toBe(0)
    expect(newAtTop([], ['a', 'b'])).toBe(0)
    expect(newAtTop(['a'], [])).toBe(0)
  })
  it('treats every line as new when the old first line is gone (more new lines than fit)', () => {
    expect(newAtTop(['a', 'b'], ['x', 'y', 'z'])).toBe(3)
  })
})

describe('the ticker slide’s animations', () => {
  /** An element that records what it is asked to animate; its animations stay running until cancelled. */
  function element() {
    const calls: Array<{ keyframes: Keyframe[]; cancelled: boolean }> = []
    const el = {
      calls,
      animate(keyframes: Keyframe[]) {
        const call = { keyframes, cancelled: false }
        calls.push(call)
        return {
          playState: 'running',
          effect: { getComputedTiming: () => ({ progress: 0.5 }) },
          cancel: () => (call.cancelled = true),
        } as unknown as Animation
      },
    }
    return el
  }
  const held = (el: ReturnType<typeof element>) => shallowRef<HTMLElement | null>(el as unknown as HTMLElement)
  const LINE = 20

  it('slides the list and fades all the new lines with one veil, however many they are', () => {
    const list = element()
    const veil = element()
    const slide = slideIn(held(list), held(veil), () => LINE)
    slide(['x', 'y', 'z', 'a', 'b'], ['a', 'b', 'c'])
    expect(list.calls.map((c) => c.keyframes)).toEqual([[{ transform: 'translateY(-60px)' }, { transform: 'translateY(0)' }]])
    // Over the three new lines (the veil waits just above the list), from opaque to clear.
    expect(veil.calls.map((c) => c.keyframes)).toEqual([
      [
        { transform: 'translateY(60px)', opacity: 1 },
        { transform: 'translateY(60px)', opacity: 0 },
      ],
    ])
  })

  it('starts a push during a slide from where the list stands, the veil over the newest lines only', () => {
    const list = element()
    const veil = element()
    const slide = slideIn(held(list), held(veil), () => LINE)
    slide(['y', 'z', 'a'], ['a'])
    // Halfway (progress 0.5): the list stands 20 px high; one more line puts it 40 px high.
    slide(['x', 'y', 'z', 'a'], ['y', 'z', 'a'])
    expect(list.calls.map((c) => [c.keyframes[0], c.cancelled])).toEqual([
      [{ transform: 'translateY(-40px)' }, true],
      [{ transform: 'translateY(-40px)' }, false],
    ])
    expect(veil.calls.map((c) => [c.keyframes[0], c.cancelled])).toEqual([
      [{ transform: 'translateY(40px)', opacity: 1 }, true],
      [{ transform: 'translateY(20px)', opacity: 1 }, false],
    ])
  })

  it('animates nothing when nothing is new at the top', () => {
    const list = element()
    const veil = element()
    const slide = slideIn(held(list), held(veil), () => LINE)
    slide(['a', 'b'], ['a', 'b', 'c'])
    slide(['a', 'b'], undefined)
    expect([list.calls.length, veil.calls.length]).toEqual([0, 0])
  })
})
