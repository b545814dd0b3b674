import { describe, expect, it } from 'vitest'
import { followUpRate, localResolutionRate, onTimeRate, ratio, satisfactionRate, urgeRate } from '../../shared/summary/metrics'
import { caseFigures } from '../../shared/summary/build'
import { C, CASE_COUNTER_COUNT } from '../../shared/summary/counters'

describe('metric formulas', () => {
  it('are fractions with null for an empty denominator', () => {
    expect(ratio(1, 4)).toBe(0.25)
    expect(ratio(0, 0)).toBeNull()
    expect(urgeRate(595, 3579)).toBeCloseTo(0.1663, 3)
    expect(followUpRate(9, 10)).toBe(0.9)
    expect(satisfactionRate(90, 8, 100)).toBe(0.98)
    expect(onTimeRate(0, 0)).toBeNull()
    expect(localResolutionRate(9, 10)).toBe(0.9)
  })

  it('build case figures from counters: open = total - closed, local = grid + village + secretary', () => {
    const c = new Int32Array(CASE_COUNTER_COUNT)
    c[C.total] = 10
    c[C.closed] = 4
    c[C.resolved] = 6
    c[C['tier.grid']] = 2
    c[C['tier.village']] = 2
    c[C['tier.secretary']] = 1
    c[C['tier.town']] = 1
    c[C.followedUp] = 4
    c[C['satisfaction.satisfied']] = 2
    c[C['satisfaction.basic']] = 1
    c[C['satisfaction.unsatisfied']] = 1
    c[C.urged] = 3
    const f = caseFigures(c)
    expect(f.open).toBe(6)
    expect(f.localResolutionRate).toBeCloseTo(5 / 6)
    expect(f.satisfactionRate).toBe(0.75)
    expect(f.followUpRate).toBeCloseTo(4 / 6)
    expect(f.urgeRate).toBe(0.3)
    expect(f.onTimeRate).toBe(0)
  })
})
