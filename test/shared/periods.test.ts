import { describe, expect, it } from 'vitest'
import { dayOf, isoDate, weekday } from '../../shared/time/calendar'
import { lastYearPeriod, previousPeriod, previousToDatePeriod, resolvePreset, type DayRange } from '../../shared/time/periods'

/** [first, last] as dates, inclusive: how a person reads a period. */
const days = (first: string, last: string): DayRange => {
  const d = (s: string) => Date.parse(`${s}T00:00:00Z`) / 86_400_000
  return { start: d(first), end: d(last) + 1 }
}
const show = (r: DayRange) => `${isoDate(r.start)}..${isoDate(r.end - 1)}`

describe('Shanghai calendar periods', () => {
  it('knows weekdays (Monday first)', () => {
    expect(weekday(dayOf(2026, 5, 15))).toBe(0) // 2026-06-15 is a Monday
    expect(weekday(dayOf(2026, 5, 21))).toBe(6)
  })

  it('previous (环比): the same kind before for whole periods, else as many days just before', () => {
    expect(show(previousPeriod(days('2026-03-01', '2026-03-01')))).toBe('2026-02-28..2026-02-28')
    expect(show(previousPeriod(days('2026-06-15', '2026-06-21')))).toBe('2026-06-08..2026-06-14')
    expect(show(previousPeriod(days('2026-03-01', '2026-03-31')))).toBe('2026-02-01..2026-02-28')
    expect(show(previousPeriod(days('2028-03-01', '2028-03-31')))).toBe('2028-02-01..2028-02-29')
    expect(show(previousPeriod(days('2026-04-01', '2026-06-30')))).toBe('2026-01-01..2026-03-31')
    expect(show(previousPeriod(days('2026-01-01', '2026-12-31')))).toBe('2025-01-01..2025-12-31')
    expect(show(previousPeriod(days('2026-06-10', '2026-06-19')))).toBe('2026-05-31..2026-06-09')
    // A week that does not start on Monday is just seven days.
    expect(show(previousPeriod(days('2026-06-16', '2026-06-22')))).toBe('2026-06-09..2026-06-15')
  })

  it('lastYear (同比): the same dates a year earlier, 29 Feb → 28 Feb', () => {
    expect(show(lastYearPeriod(days('2028-02-29', '2028-02-29')))).toBe('2027-02-28..2027-02-28')
    expect(show(lastYearPeriod(days('2028-02-01', '2028-03-31')))).toBe('2027-02-01..2027-03-31')
    expect(show(lastYearPeriod(days('2028-02-20', '2028-02-29')))).toBe('2027-02-20..2027-02-28')
    expect(show(lastYearPeriod(days('2029-02-28', '2029-03-01')))).toBe('2028-02-28..2028-03-01')
    expect(show(lastYearPeriod(days('2026-01-01', '2026-12-31')))).toBe('2025-01-01..2025-12-31')
  })

  it('previousToDate: the first as many days of the period before (Nov 1–4 for Dec 1–4)', () => {
    expect(show(previousToDatePeriod(days('2026-12-01', '2026-12-04')))).toBe('2026-11-01..2026-11-04')
    // 2025-12-01 is a Monday: by range alone the month wins; a caller who means the week says so.
    expect(show(previousToDatePeriod(days('2025-12-01', '2025-12-04')))).toBe('2025-11-01..2025-11-04')
    expect(show(previousToDatePeriod(days('2025-12-01', '2025-12-04'), 'week'))).toBe('2025-11-24..2025-11-27')
    // Capped at the length of the period before: Mar 1–31 → all of February.
    expect(show(previousToDatePeriod(days('2026-03-01', '2026-03-30')))).toBe('2026-02-01..2026-02-28')
    expect(show(previousToDatePeriod(days('2028-03-01', '2028-03-30')))).toBe('2028-02-01..2028-02-29')
    expect(show(previousToDatePeriod(days('2026-10-01', '2026-11-15')))).toBe('2026-07-01..2026-08-15')
    expect(show(previousToDatePeriod(days('2026-01-01', '2026-06-15')))).toBe('2025-01-01..2025-06-15')
    expect(show(previousToDatePeriod(days('2026-06-15', '2026-06-17'), 'week'))).toBe('2026-06-08..2026-06-10')
    // A whole period, or one that starts none, compares with previous.
    expect(show(previousToDatePeriod(days('2026-11-01', '2026-11-30')))).toBe('2026-10-01..2026-10-31')
    expect(show(previousToDatePeriod(days('2026-06-10', '2026-06-19')))).toBe('2026-05-31..2026-06-09')
  })

  it('resolves presets to date on a Shanghai day', () => {
    const today = dayOf(2026, 5, 17) // Wednesday 2026-06-17
    expect(show(resolvePreset('today', today).range)).toBe('2026-06-17..2026-06-17')
    expect(show(resolvePreset('week', today).range)).toBe('2026-06-15..2026-06-17')
    expect(show(resolvePreset('month', today).range)).toBe('2026-06-01..2026-06-17')
    expect(show(resolvePreset('quarter', today).range)).toBe('2026-04-01..2026-06-17')
    expect(show(resolvePreset('year', today).range)).toBe('2026-01-01..2026-06-17')
    expect(resolvePreset('assessment', today)).toMatchObject({ kind: 'year', label: '考核期（本年）' })
    const assessment = { label: '2026年度考核', range: days('2025-12-01', '2026-11-30') }
    expect(resolvePreset('assessment', today, assessment)).toMatchObject({ label: '2026年度考核', kind: null })
    expect(show(resolvePreset('assessment', today, assessment).range)).toBe('2025-12-01..2026-06-17')
    const past = { label: '2025年度考核', range: days('2024-12-01', '2025-11-30') }
    expect(show(resolvePreset('assessment', today, past).range)).toBe('2024-12-01..2025-11-30')
  })
})
