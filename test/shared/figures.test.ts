import { describe, expect, it } from 'vitest'
import { changeText, figureChange } from '../../shared/figures/change'
import { bestFirstOrder, polarityOf, verdictOf } from '../../shared/figures/polarity'

describe('which way is better (the one rule for arrows and 红黑榜)', () => {
  it('rising trouble is worse, rising service is better, volumes are neither', () => {
    expect(verdictOf('cases.urgeRate', 'up')).toBe('worse')
    expect(verdictOf('cases.overdue', 'up')).toBe('worse')
    expect(verdictOf('cases.urgeRate', 'down')).toBe('better')
    expect(verdictOf('cases.satisfactionRate', 'up')).toBe('better')
    expect(verdictOf('cases.onTimeRate', 'down')).toBe('worse')
    expect(verdictOf('cases.localResolutionRate', 'up')).toBe('better')
    expect(verdictOf('cases.total', 'up')).toBe('neutral')
    expect(verdictOf('cases.total', 'down')).toBe('neutral')
    expect(verdictOf('cases.satisfactionRate', 'flat')).toBe('neutral')
  })

  it('an unknown figure is never painted good or bad', () => {
    expect(polarityOf('cases.byStage.handle')).toBe('neutral')
    expect(verdictOf('cases.byStage.handle', 'up')).toBe('neutral')
  })

  it('ranks the best first: lowest 催办率 and 超期, highest rates, most cases', () => {
    expect(bestFirstOrder('cases.urgeRate')).toBe('asc')
    expect(bestFirstOrder('cases.overdue')).toBe('asc')
    expect(bestFirstOrder('cases.satisfactionRate')).toBe('desc')
    expect(bestFirstOrder('cases.total')).toBe('desc')
  })
})

describe('a change against a comparison period', () => {
  it('moves rates in percentage points, with their verdict', () => {
    const c = figureChange('cases.urgeRate', 0.151, 0.1663)
    expect(c.basis).toBe('points')
    expect(c.delta).toBeCloseTo(-1.53, 2)
    expect(c.direction).toBe('down')
    expect(c.verdict).toBe('better')
    expect(changeText(c)).toEqual({ arrow: '▼', text: '1.5个百分点' })
    expect(changeText(c, true)).toEqual({ arrow: '▼', text: '1.5' })
  })

  it('moves counts in per cent of the base', () => {
    const c = figureChange('cases.total', 1123, 1000)
    expect(c.basis).toBe('percent')
    expect(c.delta).toBeCloseTo(12.3, 6)
    expect(c.verdict).toBe('neutral')
    expect(changeText(c)).toEqual({ arrow: '▲', text: '12.3%' })
    expect(changeText(figureChange('cases.overdue', 30, 10))).toEqual({ arrow: '▲', text: '200%' })
  })

  it('says nothing it cannot know: no base, a zero base, a rate without denominator', () => {
    expect(figureChange('cases.total', 12, 0).delta).toBeNull()
    expect(changeText(figureChange('cases.total', 12, 0))).toEqual({ arrow: '', text: '—' })
    expect(figureChange('cases.satisfactionRate', 0.9, null).verdict).toBeNull()
    expect(figureChange('cases.satisfactionRate', null, 0.9).direction).toBeNull()
    expect(figureChange('cases.total', 5, undefined).delta).toBeNull()
  })

  it('calls a change too small to read flat, and 0 against 0 flat', () => {
    expect(changeText(figureChange('cases.satisfactionRate', 0.9731, 0.9728))).toEqual({ arrow: '', text: '持平' })
    expect(figureChange('cases.total', 0, 0)).toMatchObject({ delta: 0, direction: 'flat', verdict: 'neutral' })
  })
})
