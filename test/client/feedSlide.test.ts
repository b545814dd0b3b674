import { describe, expect, it } from 'vitest'
import { newAtTop } from '../../client/src/panels/feedSlide'

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
