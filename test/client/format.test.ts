import { describe, expect, it } from 'vitest'
import { formatCount } from '../../client/src/util/format'

/** What the wall showed before counts were grouped by hand. */
const intl = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 })

describe('formatCount', () => {
  it('groups counts as Intl.NumberFormat(zh-CN) does, rounding first', () => {
    const xs = [0, -0, 0.4, -0.4, 0.5, -0.5, 1, 9, 10, 99, 100, 999, 1000, 1001, 9999, 12345, 123456, 1234567, 999999999, 2 ** 53 - 1, 2 ** 53, 1e21]
    xs.push(-1, -999, -1000, -1234567, 1.5, 2.5, -1.5, -2.5, 999.5, NaN, Infinity, -Infinity, 1e300)
    // A fixed pseudo-random sample over every length of number up to 16 digits, both signs.
    let seed = 12345
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    for (let i = 0; i < 20_000; i++) xs.push(Math.floor(next() * 10 ** Math.floor(next() * 16)) * (next() < 0.2 ? -1 : 1) + next())
    for (const x of xs) expect(formatCount(x), String(x)).toBe(intl.format(Math.round(x)))
  })

  it('shows a dash for no data', () => {
    expect(formatCount(null)).toBe('—')
    expect(formatCount(undefined)).toBe('—')
    expect(formatCount(1234)).toBe('1,234')
  })
})
