import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DaySeries } from '../../server/domain/aggregate/daySeries'

const WIDTH = 3

/** The obvious way: a map of days, summed by a loop over every day. */
class NaiveSeries {
  readonly days = new Map<number, number[]>()
  add(day: number, index: number, delta: number) {
    const row = this.days.get(day) ?? this.days.set(day, new Array<number>(WIDTH).fill(0)).get(day)!
    row[index]! += delta
  }
  sum(start: number, end: number): number[] {
    const out = new Array<number>(WIDTH).fill(0)
    for (const [day, row] of this.days) if (day >= start && day < end) row.forEach((v, i) => (out[i]! += v))
    return out
  }
}

type Op = { kind: 'add'; day: number; index: number; delta: number } | { kind: 'sum'; start: number; length: number }

const op: fc.Arbitrary<Op> = fc.oneof(
  // Days cluster at the end (live traffic) and spread over two years (backfills, late resolutions).
  fc.record({
    kind: fc.constant('add' as const),
    day: fc.oneof(fc.integer({ min: 700, max: 730 }), fc.integer({ min: 0, max: 730 })),
    index: fc.integer({ min: 0, max: WIDTH - 1 }),
    delta: fc.integer({ min: -3, max: 3 }),
  }),
  fc.record({ kind: fc.constant('sum' as const), start: fc.integer({ min: -10, max: 740 }), length: fc.integer({ min: 0, max: 800 }) }),
)

describe('DaySeries (prefix sums over days)', () => {
  it('sums any period exactly like a loop over every day, through any mix of changes and reads', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const fast = new DaySeries(WIDTH)
        const naive = new NaiveSeries()
        for (const o of ops) {
          if (o.kind === 'add') {
            fast.add(o.day, o.index, o.delta)
            naive.add(o.day, o.index, o.delta)
          } else expect([...fast.sum(o.start, o.start + o.length)]).toEqual(naive.sum(o.start, o.start + o.length))
        }
        expect([...fast.sum(-1, 1000)]).toEqual(naive.sum(-1, 1000))
        const entries = new Map([...fast.entries()].map(([d, row]) => [d, [...row]]))
        expect(entries).toEqual(naive.days)
      }),
      { seed: 20261202, numRuns: 300 },
    )
  })

  it('keeps days in order when they arrive backwards (a backfill)', () => {
    const s = new DaySeries(1)
    for (let d = 100; d >= 0; d--) s.add(d, 0, d)
    expect(s.sum(0, 101)[0]).toBe((100 * 101) / 2)
    expect(s.sum(10, 20)[0]).toBe(10 + 11 + 12 + 13 + 14 + 15 + 16 + 17 + 18 + 19)
    expect([...s.entries()].map(([d]) => d)).toEqual(Array.from({ length: 101 }, (_, i) => i))
  })
})
