import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DayBuckets, type DayBucketsDump } from '../../../server/domain/aggregate/dayBuckets'

const DAY0 = 20_000
const CATEGORIES = ['邻里纠纷', '劳资纠纷', '物业纠纷', '婚姻家庭', '土地纠纷']

/** The sums as a walk over every day counted so far would give them: the reference. */
function walk(counted: ReadonlyArray<readonly [number, string, number]>, start: number, end: number): Map<string, number> {
  const sums = new Map<string, number>()
  for (const [day, category, delta] of counted) if (day >= start && day < end) sums.set(category, (sums.get(category) ?? 0) + delta)
  return sums
}

/** Order does not matter to the panel (it sorts); the entries do. */
const sorted = (m: Map<string, number>) => [...m].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))

const op = fc.oneof(
  fc.record({ kind: fc.constant('count' as const), day: fc.integer({ min: 0, max: 40 }), category: fc.constantFrom(...CATEGORIES), delta: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('read' as const), start: fc.integer({ min: 0, max: 40 }), length: fc.integer({ min: 0, max: 45 }) }),
  fc.record({ kind: fc.constant('restore' as const), extra: fc.integer({ min: 0, max: 40 }) }),
)

// The category sums over a period are cached per region for the last periods read, and each count
// after a read updates the cached sums in place instead of dropping them: every read must equal a
// fresh walk over the days, whatever came between (counts inside and outside the periods, reads of
// other periods pushing one out of the cache, a restore of other figures, a deferred decode).
describe('category sums cached per period and kept up to date', () => {
  it('equal a walk over the days after any counts, reads and restores', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 80 }), fc.boolean(), (ops, deferred) => {
        let counted: Array<readonly [number, string, number]> = []
        const b = deferred
          ? DayBuckets.deferred((): DayBucketsDump => {
              counted = [[DAY0 + 3, '邻里纠纷', 2]]
              return { days: new Int32Array(0), rows: new Int32Array(0), categories: [[DAY0 + 3, [['邻里纠纷', 2]]]] }
            })
          : new DayBuckets()
        // A deferred instance queues counts before its decode: the reference takes them after the dump's.
        const queued: Array<readonly [number, string, number]> = []
        let loaded = !deferred
        for (const o of ops) {
          if (o.kind === 'count') {
            b.addCategory(DAY0 + o.day, o.category, o.delta)
            ;(loaded ? counted : queued).push([DAY0 + o.day, o.category, o.delta])
          } else if (o.kind === 'read') {
            const range = { start: DAY0 + o.start, end: DAY0 + o.start + o.length }
            const got = b.categorySums(range)
            if (!loaded) {
              counted.push(...queued)
              queued.length = 0
              loaded = true
            }
            expect(sorted(got)).toEqual(sorted(walk(counted, range.start, range.end)))
          } else if (loaded) {
            // (A restore is for an instance whose figures are decoded or fresh.)
            const other = new DayBuckets()
            other.addCategory(DAY0 + o.extra, '物业纠纷', 4)
            b.restore(other.dump())
            counted = [[DAY0 + o.extra, '物业纠纷', 4]]
            queued.length = 0
            loaded = true
          }
        }
      }),
      { numRuns: 400 },
    )
  })

  // The cache keeps the periods read most recently: a read of a period it holds hands back the
  // cache's own map (kept up to date by the counts since) and makes that period the newest, so a
  // wall going back and forth between its views (本年 → 本月 → 本年 …) keeps the one it keeps
  // coming back to while periods read once in between go first.
  it('keep the periods read most recently, a read making its period the newest', () => {
    // One period more than the cache holds (4), read often and in long runs: a period read again
    // after a while is common, the case where the first read first out would have lost it.
    const PERIODS = [
      [0, 365],
      [0, 31],
      [10, 20],
      [3, 4],
      [30, 40],
    ] as const
    const step = fc.oneof(
      { arbitrary: fc.record({ kind: fc.constant('count' as const), day: fc.integer({ min: 0, max: 40 }), category: fc.constantFrom(...CATEGORIES) }), weight: 1 },
      { arbitrary: fc.record({ kind: fc.constant('read' as const), period: fc.integer({ min: 0, max: PERIODS.length - 1 }) }), weight: 3 },
    )
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 60, size: 'max' }), (steps) => {
        const b = new DayBuckets()
        const counted: Array<readonly [number, string, number]> = []
        /** The periods the cache should hold, least recently read first, and the map each read last gave. */
        const held: number[] = []
        const given = new Map<number, Map<string, number>>()
        for (const s of steps) {
          if (s.kind === 'count') {
            b.addCategory(DAY0 + s.day, s.category, 1)
            counted.push([DAY0 + s.day, s.category, 1])
            continue
          }
          const [start, end] = PERIODS[s.period]!
          const got = b.categorySums({ start: DAY0 + start, end: DAY0 + end })
          expect(sorted(got)).toEqual(sorted(walk(counted, DAY0 + start, DAY0 + end)))
          const at = held.indexOf(s.period)
          if (at >= 0) expect(got).toBe(given.get(s.period))
          else expect(got).not.toBe(given.get(s.period))
          if (at >= 0) held.splice(at, 1)
          else if (held.length === 4) held.shift()
          held.push(s.period)
          given.set(s.period, got)
        }
      }),
      { numRuns: 300 },
    )
  })

  it('a live count after a read of the year lands in the cached sum without a walk', () => {
    const b = new DayBuckets()
    const year = { start: DAY0, end: DAY0 + 365 }
    for (let d = 0; d < 300; d++) b.addCategory(DAY0 + d, CATEGORIES[d % CATEGORIES.length]!, 1)
    const first = b.categorySums(year)
    b.addCategory(DAY0 + 300, '邻里纠纷', 1)
    // The same map, updated: the cached sums were not dropped and walked again.
    expect(b.categorySums(year)).toBe(first)
    expect(first.get('邻里纠纷')).toBe(61)
  })
})
