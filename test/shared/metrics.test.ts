import { describe, expect, it } from 'vitest'
import { followUpRate, localResolutionRate, onTimeRate, ratio, satisfactionRate, townResolutionRate, urgeRate } from '../../shared/summary/metrics'
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
    expect(townResolutionRate(0, 0)).toBeNull()
  })

  it('build case figures from counters: open = unresolved stages, local rates over resolved disputes only', () => {
    const c = new Int32Array(CASE_COUNTER_COUNT)
    // 10 cases: 3 unresolved (2 receive, 1 review), 3 awaiting follow-up, 4 closed.
    c[C.total] = 10
    c[C['stage.receive']] = 2
    c[C['stage.review']] = 1
    c[C['stage.followup']] = 3
    c[C.closed] = 4
    c[C.resolved] = 7
    c[C['tier.grid']] = 2
    c[C['tier.village']] = 2
    c[C['tier.secretary']] = 1
    c[C['tier.town']] = 2
    // Of the 7 resolved, 5 are disputes: 3 settled in the village, 1 by the town, 1 by the district.
    c[C['dispute.resolved']] = 5
    c[C['dispute.village']] = 3
    c[C['dispute.town']] = 4
    c[C.followedUp] = 4
    c[C['satisfaction.satisfied']] = 2
    c[C['satisfaction.basic']] = 1
    c[C['satisfaction.unsatisfied']] = 1
    c[C.urged] = 3
    const f = caseFigures(c, ['邻里纠纷', '劳动争议'])
    expect(f.open).toBe(3)
    expect(f.total).toBe(f.open + f.byStage.followup + f.closed)
    expect(f.resolved).toBe(f.byStage.followup + f.closed)
    expect(f.localResolution).toEqual({ categories: ['邻里纠纷', '劳动争议'], disputes: 5, village: 3, town: 4 })
    expect(f.localResolutionRate).toBeCloseTo(3 / 5)
    expect(f.townResolutionRate).toBeCloseTo(4 / 5)
    expect(f.satisfactionRate).toBe(0.75)
    expect(f.followUpRate).toBeCloseTo(4 / 7)
    expect(f.urgeRate).toBe(0.3)
    expect(f.onTimeRate).toBe(0)
  })
})
