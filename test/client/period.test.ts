import { describe, expect, it } from 'vitest'
import { customRange, DEFAULT_PERIOD, isDay, nextDay, periodFromUrl, subscribePeriod, writePeriod } from '../../client/src/period/choice'
import { flowTag, rangeText } from '../../client/src/period/labels'

const params = (q: string) => new URLSearchParams(q)

describe('the period in the address', () => {
  it('reads a named period or a range of days', () => {
    expect(periodFromUrl(params('region=330127&period=month'))).toEqual({ preset: 'month' })
    expect(periodFromUrl(params('period=assessment'))).toEqual({ preset: 'assessment' })
    expect(periodFromUrl(params('from=2026-12-01&to=2026-12-04'))).toEqual({ from: '2026-12-01', to: '2026-12-04' })
    expect(periodFromUrl(params('from=2026-12-04&to=2026-12-04'))).toEqual({ from: '2026-12-04', to: '2026-12-04' })
  })

  it('falls back to the year for anything it cannot read, so a mistyped kiosk link still works', () => {
    expect(periodFromUrl(params(''))).toEqual(DEFAULT_PERIOD)
    expect(periodFromUrl(params('period=fortnight'))).toEqual(DEFAULT_PERIOD)
    expect(periodFromUrl(params('from=2026-12-05&to=2026-12-01'))).toEqual(DEFAULT_PERIOD)
    expect(periodFromUrl(params('from=2026-02-30&to=2026-03-01'))).toEqual(DEFAULT_PERIOD)
    expect(periodFromUrl(params('from=2026-12-01'))).toEqual(DEFAULT_PERIOD)
    expect(DEFAULT_PERIOD).toEqual({ preset: 'year' })
  })

  it('writes what it reads, keeps other parameters, and leaves plain links plain', () => {
    const p = params('region=330127&token=abc&period=week')
    writePeriod(p, { from: '2026-11-01', to: '2026-11-30' })
    expect(p.toString()).toBe('region=330127&token=abc&from=2026-11-01&to=2026-11-30')
    expect(periodFromUrl(p)).toEqual({ from: '2026-11-01', to: '2026-11-30' })
    writePeriod(p, { preset: 'quarter' })
    expect(p.toString()).toBe('region=330127&token=abc&period=quarter')
    writePeriod(p, DEFAULT_PERIOD)
    expect(p.toString()).toBe('region=330127&token=abc')
  })

  it('subscribes with a preset by name (the server re-resolves it) and a range as instants, its last day included', () => {
    expect(subscribePeriod({ preset: 'today' })).toBe('today')
    expect(subscribePeriod({ from: '2026-12-01', to: '2026-12-04' })).toEqual({ from: '2026-12-01T00:00:00+08:00', to: '2026-12-05T00:00:00+08:00' })
    expect(customRange({ from: '2028-02-28', to: '2028-02-29' }).to).toBe('2028-03-01T00:00:00+08:00')
    expect(nextDay('2026-12-31')).toBe('2027-01-01')
    expect(isDay('2026-13-01')).toBe(false)
  })
})

describe('what a figure says it counts', () => {
  it('names the period on flows', () => {
    expect(flowTag({ preset: 'year' })).toBe('本年累计')
    expect(flowTag({ preset: 'month' })).toBe('本月')
    expect(flowTag({ preset: 'today' })).toBe('今日')
    expect(flowTag({ preset: 'assessment' })).toBe('考核期')
    expect(flowTag({ from: '2026-11-01', to: '2026-11-30' })).toBe('11/01–11/30')
    expect(flowTag({ from: '2026-11-03', to: '2026-11-03' })).toBe('11/03')
  })

  it('writes a period of whole days in words, its last day included', () => {
    expect(rangeText({ from: '2026-12-01T00:00:00+08:00', to: '2026-12-03T00:00:00+08:00' })).toBe('2026年12月1日–2日')
    expect(rangeText({ from: '2026-11-28T00:00:00+08:00', to: '2026-12-03T00:00:00+08:00' })).toBe('2026年11月28日–12月2日')
    expect(rangeText({ from: '2025-12-29T00:00:00+08:00', to: '2026-01-04T00:00:00+08:00' })).toBe('2025年12月29日–2026年1月3日')
    expect(rangeText({ from: '2026-12-02T00:00:00+08:00', to: '2026-12-03T00:00:00+08:00' })).toBe('2026年12月2日')
    expect(rangeText({ from: '2026-11-01T00:00:00+08:00', to: '2026-11-03T00:00:00+08:00' }, false)).toBe('11月1日–2日')
  })
})
