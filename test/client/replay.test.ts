import { describe, expect, it } from 'vitest'
import { clampInstant, instantLabel, readAsOf, shanghaiIso, timeWindow } from '../../client/src/replay/instant'

describe('replay instants', () => {
  const t = Date.parse('2026-12-03T22:00:05.678+08:00')
  it('reads asOf from the address, writes whole seconds in Shanghai time, labels in 24-hour time', () => {
    expect(readAsOf('http://wall/?region=330127&asOf=2026-12-03T22%3A00%3A05%2B08%3A00')).toBe(Date.parse('2026-12-03T22:00:05+08:00'))
    expect(readAsOf('http://wall/?asOf=yesterday')).toBeNull()
    expect(readAsOf('http://wall/?region=330127')).toBeNull()
    expect(shanghaiIso(t)).toBe('2026-12-03T22:00:05+08:00')
    expect(instantLabel(t)).toEqual({ date: '2026-12-03', time: '22:00:05', weekday: '周四' })
  })
  it('scrubs over the last seven days from Shanghai midnight, never past now', () => {
    const w = timeWindow(t)
    expect(shanghaiIso(w.from)).toBe('2026-11-26T00:00:00+08:00')
    expect(w.days.map((d) => d.label)).toEqual(['11/27', '11/28', '11/29', '11/30', '12/01', '12/02', '12/03'])
    expect(clampInstant(t + 60_000, w.from, w.to)).toBe(t)
    expect(clampInstant(w.from - 1, w.from, w.to)).toBe(w.from)
  })
})
