import { describe, expect, it } from 'vitest'
import { defaultRange, periodText, takePeriod } from '../../client/src/presenter/seatPeriod'

describe('the presenter seat’s period', () => {
  it('sends the wall’s own, a preset, or a whole range of real days', () => {
    expect(takePeriod(null, { from: '', to: '' })).toEqual({ ok: true, period: undefined })
    expect(takePeriod('month', { from: '', to: '' })).toEqual({ ok: true, period: 'month' })
    expect(takePeriod('custom', { from: '2026-11-01', to: '2026-11-30' })).toEqual({ ok: true, period: { from: '2026-11-01', to: '2026-11-30' } })
    // One day, both ends included, is a range like any other (as a playlist item's).
    expect(takePeriod('custom', { from: '2026-11-05', to: '2026-11-05' })).toMatchObject({ ok: true })
  })

  it('refuses, in the seat’s words, a range with a day missing, a day that does not exist, or its end before its start', () => {
    expect(takePeriod('custom', { from: '2026-11-01', to: '' })).toEqual({ ok: false, problem: '自定义周期需填写开始和结束日期' })
    expect(takePeriod('custom', { from: '2026-02-30', to: '2026-03-02' })).toEqual({ ok: false, problem: '日期无效：请填写真实存在的日期' })
    expect(takePeriod('custom', { from: '2026-11-20', to: '2026-11-10' })).toEqual({ ok: false, problem: '结束日期不能早于开始日期' })
  })

  it('starts 自定义 on this month up to today, by Shanghai days, and says what a take counts', () => {
    // 2026-12-01 00:30 in Shanghai is still 30 November in UTC.
    expect(defaultRange(Date.parse('2026-12-01T00:30:00+08:00'))).toEqual({ from: '2026-12-01', to: '2026-12-01' })
    expect(defaultRange(Date.parse('2026-12-04T15:00:00+08:00'))).toEqual({ from: '2026-12-01', to: '2026-12-04' })
    expect(periodText(null)).toBe('大屏默认周期')
    expect(periodText('quarter')).toBe('本季')
    expect(periodText({ from: '2026-11-01', to: '2026-11-30' })).toBe('2026-11-01 至 2026-11-30')
  })
})
