import { describe, expect, it } from 'vitest'
import { ActivitySeries } from '../../../server/domain/aggregate/activity'
import { DayBuckets } from '../../../server/domain/aggregate/dayBuckets'
import { T0 } from '../../helpers/events'

const H = 3600_000

// The day figures remember the slot they bumped last (live traffic bumps the same hour and day over
// and over); a slot dropped from its map must be forgotten, or later counts would land nowhere.
describe('the slots bumped last', () => {
  it('activity: an hour pruned and counted again is counted in the map', () => {
    const a = new ActivitySeries()
    a.add(T0, 0, 1, T0)
    a.add(T0 + 1000, 0, 1, T0)
    expect(a.hours.get(Math.floor(T0 / H))).toEqual([2, 0])
    a.prune(T0 + 60 * H)
    expect(a.hours.size).toBe(0)
    // A clock set back (tests, a replay's aggregator moved to an earlier instant): the hour is recent again.
    a.add(T0, 1, 1, T0)
    expect([...a.hours]).toEqual([[Math.floor(T0 / H), [0, 1]]])
    const days = [...a.days.values()]
    expect(days).toEqual([[2, 1]])
  })

  it('categories: a day counted after a restore is counted in the restored figures', () => {
    const day = 20_600
    const range = { start: day, end: day + 1 }
    const other = new DayBuckets()
    other.addCategory(day, '邻里纠纷', 5)
    const b = new DayBuckets()
    b.addCategory(day, '邻里纠纷', 1)
    b.restore(other.dump())
    b.addCategory(day, '邻里纠纷', 1)
    expect(b.categorySums(range).get('邻里纠纷')).toBe(6)
  })
})
