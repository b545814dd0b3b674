import { describe, expect, it } from 'vitest'
import { CounterDelta } from '../../../server/domain/aggregate/counterDelta'
import { DayBuckets } from '../../../server/domain/aggregate/dayBuckets'
import { CASE_COUNTER_COUNT } from '../../../shared/summary/counters'
import { DEFERRED_CHANGES_MAX } from '../../../server/domain/deferred'

// A replay's figures not read yet queue their changes; the queue must stay bounded (a replay played
// forward for hours) and give exactly the figures of buckets restored at once.
describe('deferred day figures', () => {
  // A case change as the aggregator hands it over: the counters `after` adds and `before` takes away.
  const delta = new CounterDelta(CASE_COUNTER_COUNT)
  const shift = (b: DayBuckets, day: number, before: number[], after: number[]) => b.apply(day, delta.between(before, after))
  const base = new DayBuckets()
  shift(base, 20_000, [], [0, 1])
  base.addCategory(20_000, '邻里纠纷', 1)
  const dump = base.dump()
  const range = { start: 19_990, end: 20_100 }

  function pair() {
    let loads = 0
    const deferred = DayBuckets.deferred(() => {
      loads++
      return dump
    })
    const eager = new DayBuckets()
    eager.restore(dump)
    return { deferred, eager, loads: () => loads }
  }

  it('queues changes without decoding while the queue is short', () => {
    const { deferred, eager, loads } = pair()
    for (let i = 0; i < DEFERRED_CHANGES_MAX - 1; i++) for (const b of [deferred, eager]) shift(b, 20_000 + (i % 50), [], [i % 3])
    expect(loads()).toBe(0)
    expect([...deferred.sum(range)]).toEqual([...eager.sum(range)])
    expect(loads()).toBe(1)
  })

  it('decodes and applies the queue once it is full, and the figures are those of buckets restored at once', () => {
    const { deferred, eager, loads } = pair()
    const changes = DEFERRED_CHANGES_MAX * 2 + 7
    for (let i = 0; i < changes; i++) {
      for (const b of [deferred, eager]) {
        if (i % 4 === 0) b.addCategory(20_000 + (i % 30), '劳动争议', 1)
        else shift(b, 20_000 + (i % 50), i % 5 === 0 ? [0] : [], [i % 3])
      }
      if (i === DEFERRED_CHANGES_MAX - 2) expect(loads()).toBe(0)
    }
    expect(loads()).toBe(1)
    expect([...deferred.sum(range)]).toEqual([...eager.sum(range)])
    expect(deferred.categorySums(range)).toEqual(eager.categorySums(range))
    expect(loads()).toBe(1)
  })
})
