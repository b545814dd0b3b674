import { describe, expect, it } from 'vitest'
import { changeOf, FLOW_FIGURES } from '../../../server/reports/briefing/figures'
import { formatPeriod } from '../../../server/reports/format'

const f = (path: string) => FLOW_FIGURES.find((x) => x.path === path)!
const at = (iso: string) => Date.parse(`${iso}+08:00`)

describe('briefing figures', () => {
  it('says a change relatively for counts and in points for rates, coloured by what is better', () => {
    expect(changeOf(f('cases.total'), 120, 100)).toEqual({ text: '▲ 20.0%', tone: 'neutral' })
    expect(changeOf(f('cases.total'), 30, 10)).toEqual({ text: '▲ 200%', tone: 'neutral' })
    expect(changeOf(f('cases.total'), 5, 0)).toEqual({ text: '—', tone: 'neutral' })
    expect(changeOf(f('cases.onTimeRate'), 0.9, 0.85)).toEqual({ text: '▲ 5.0个百分点', tone: 'better' })
    expect(changeOf(f('cases.urgeRate'), 0.2, 0.15)).toEqual({ text: '▲ 5.0个百分点', tone: 'worse' })
    expect(changeOf(f('cases.urgeRate'), 0.1, 0.15)).toEqual({ text: '▼ 5.0个百分点', tone: 'better' })
    expect(changeOf(f('cases.satisfactionRate'), 0.9, 0.9004)).toEqual({ text: '持平', tone: 'neutral' })
    expect(changeOf(f('cases.satisfactionRate'), null, 0.9)).toEqual({ text: '—', tone: 'neutral' })
  })

  it('writes periods as people say them', () => {
    expect(formatPeriod(at('2026-06-01T00:00:00'), at('2026-06-16T00:00:00'))).toBe('2026年6月1日至6月15日')
    expect(formatPeriod(at('2025-12-01T00:00:00'), at('2026-01-05T00:00:00'))).toBe('2025年12月1日至2026年1月4日')
    expect(formatPeriod(at('2026-06-15T00:00:00'), at('2026-06-16T00:00:00'))).toBe('2026年6月15日')
    expect(formatPeriod(at('2026-06-15T08:30:00'), at('2026-06-15T12:00:00'))).toBe('2026-06-15 08:30 至 2026-06-15 12:00（不含）')
    expect(formatPeriod(undefined, undefined)).toBe('全部')
  })
})
