import { describe, expect, it } from 'vitest'
import { glides } from '../../client/src/util/countUp'

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
