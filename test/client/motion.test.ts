import { describe, expect, it } from 'vitest'
import { dataMotion, movesVisibly, STILL_SHARE } from '../../client/src/charts/motion'
import { horizontalBars } from '../../client/src/charts/options/bars'
import { hourlyOption } from '../../client/src/charts/options/trend'
import { sourceOption } from '../../client/src/charts/options/source'

/** A live tick is drawn at once; a change of view (a period, a bulk move) slides. */
describe('dataMotion', () => {
  const bars = (values: number[]) => horizontalBars(values.map((value, i) => ({ name: `类别${i}`, value })), 16)

  it('is 0 when no figure changed', () => {
    expect(dataMotion(bars([5000, 3000, 100]), bars([5000, 3000, 100]))).toBe(0)
  })

  it('is the largest change as a share of its series’ largest value', () => {
    expect(dataMotion(bars([5000, 3000, 100]), bars([5001, 3000, 100]))).toBeCloseTo(1 / 5001)
    expect(dataMotion(bars([5000, 3000, 100]), bars([5000, 3000, 600]))).toBeCloseTo(500 / 5000)
  })

  it('calls a live tick still, even one case more in a bar of 20, and a new period moving', () => {
    expect(movesVisibly(bars([5000, 3000, 100]), bars([5001, 3001, 101]))).toBe(false)
    expect(movesVisibly(bars([20, 12, 4]), bars([21, 12, 5]))).toBe(false)
    // today → this year: every bar many times longer
    expect(movesVisibly(bars([20, 12, 4]), bars([3579, 1200, 640]))).toBe(true)
    // a category taking most of the day's cases
    expect(movesVisibly(bars([50, 30, 10]), bars([50, 30, 45]))).toBe(true)
    expect(STILL_SHARE).toBeGreaterThan(0.05)
    expect(STILL_SHARE).toBeLessThan(0.5)
  })

  it('is 1 when a row, a label or a datum appears, goes or is renamed', () => {
    expect(dataMotion(bars([5000, 3000]), bars([5000, 3000, 1]))).toBe(1)
    const renamed = horizontalBars([{ name: '其他', value: 5000 }, { name: '类别1', value: 3000 }], 16)
    expect(dataMotion(bars([5000, 3000]), renamed)).toBe(1)
    expect(dataMotion({ series: [{ data: [1, null] }] }, { series: [{ data: [1, 2] }] })).toBe(1)
  })

  it('reads the figures of hourly slots, ring rows and map points', () => {
    const at = (h: number) => `2026-12-04T${String(h).padStart(2, '0')}:00:00.000+08:00`
    const hourly = (n: number) => hourlyOption([{ at: at(9), reported: 400, resolved: 300 }, { at: at(10), reported: n, resolved: 20 }], 16)
    expect(dataMotion(hourly(100), hourly(101))).toBeCloseTo(1 / 400)
    expect(movesVisibly(hourly(100), hourly(400))).toBe(true)
    const bySource = (hotline: number) => ({ hotline, petition: 300, grid: 2000, meeting: 10, police: 5, other: 0 })
    expect(movesVisibly(sourceOption(bySource(8000), 16), sourceOption(bySource(8001), 16))).toBe(false)
    expect(dataMotion({ series: [{ data: [[120, 30, 4]] }] }, { series: [{ data: [[120, 30, 5]] }] })).toBeCloseTo(1 / 5)
    expect(dataMotion({ series: [{ data: [[120, 30, 4]] }] }, { series: [{ data: [[121, 30, 4]] }] })).toBe(1)
  })
})
