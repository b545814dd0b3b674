import { describe, it, expect } from 'vitest'
import { shanghaiDay } from '../../shared/time/shanghai'
import { dayKind, festivalOffset, localDate, reportFactor, shiftYears, SPRING_FESTIVAL } from '../../server/demo/calendar'
import { demoFrame } from '../../server/demo/frame'
import { CALENDARS, hours } from '../../server/demo/work-time'

const at = (iso: string) => Date.parse(iso)
const day = (date: string) => shanghaiDay(at(`${date}T12:00:00+08:00`))
const iso = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16)

describe('demo calendar', () => {
  it('knows 春节 for every year the demo may span, and its holiday week', () => {
    for (let y = 2024; y <= 2028; y++) expect(SPRING_FESTIVAL[y]).toMatch(new RegExp(`^${y}-0[12]-`))
    expect(SPRING_FESTIVAL[2025]).toBe('2025-01-29')
    expect(SPRING_FESTIVAL[2026]).toBe('2026-02-17')
    expect(festivalOffset(day('2026-02-16'))).toBe(-1)
    expect(dayKind(day('2026-02-16'))).toBe('holiday') // 除夕
    expect(dayKind(day('2026-02-23'))).toBe('holiday') // 初七
    expect(dayKind(day('2026-02-24'))).toBe('workday')
    expect(dayKind(day('2026-10-01'))).toBe('holiday')
    expect(dayKind(day('2026-11-28'))).toBe('restday')
    expect(reportFactor(day('2026-02-17'))).toBeLessThan(0.5 * reportFactor(day('2026-03-17')))
  })

  it('shifts dates by years as 同比 does (29 February → 28 February)', () => {
    const d = localDate(shiftYears(day('2028-02-29'), -1))
    expect([d.year, d.month, d.date]).toEqual([2027, 1, 28])
    expect(localDate(shiftYears(day('2026-12-01'), -2)).year).toBe(2024)
  })

  it('frames two years up to now: the twelve months to now and the twelve before, whole days', () => {
    const f = demoFrame(at('2026-12-01T10:00:00+08:00'))
    expect(iso(f.current.from)).toBe('2025-12-02T00:00')
    expect(iso(f.current.to)).toBe('2026-12-02T00:00')
    expect(iso(f.previous.from)).toBe('2024-12-02T00:00')
    expect(f.previous.to).toBe(f.current.from)
    expect(f.from).toBe(f.previous.from)
  })
})

describe('working hours', () => {
  it('waits for the morning, skips lunch, weekends and holidays on the office calendar', () => {
    // Friday 22:00: the desk opens on Saturday, the office on Monday.
    expect(iso(CALENDARS.desk.nextOpen(at('2026-11-27T22:00:00+08:00')))).toBe('2026-11-28T08:30')
    expect(iso(CALENDARS.office.nextOpen(at('2026-11-27T22:00:00+08:00')))).toBe('2026-11-30T08:30')
    // Three working hours from Monday 11:00: one before lunch, two after.
    expect(iso(CALENDARS.office.add(at('2026-11-30T11:00:00+08:00'), hours(3)))).toBe('2026-11-30T15:30')
    // Over 春节 2026 the office is closed from 除夕 (16 Feb) to 初七 (23 Feb).
    expect(iso(CALENDARS.office.add(at('2026-02-13T17:00:00+08:00'), hours(1)))).toBe('2026-02-24T09:00')
    // Minor matters are handled on duty at weekends.
    expect(iso(CALENDARS.duty.nextOpen(at('2026-11-28T06:00:00+08:00')))).toBe('2026-11-28T09:00')
  })

  it('measures and picks working time within a span', () => {
    const from = at('2026-11-30T00:00:00+08:00')
    const to = at('2026-12-01T00:00:00+08:00')
    expect(CALENDARS.office.between(from, to)).toBe(hours(7.5))
    expect(CALENDARS.office.between(at('2026-11-28T00:00:00+08:00'), from)).toBe(0)
    const random = { float: (a: number, b: number) => (a + b) / 2 }
    const picked = CALENDARS.office.pick(random as never, from, to)!
    expect(CALENDARS.office.isOpen(picked)).toBe(true)
  })
})
