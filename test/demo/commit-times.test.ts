import { describe, expect, it } from 'vitest'
import { timedBatches } from '../../server/demo/commit-times'
import { demoEvents } from '../../server/demo/dataset'
import { shanghaiDay, shanghaiDayStart } from '../../shared/time/shanghai'
import { regions, replay } from './replay'

describe('demo commit times', () => {
  it('commits the history at the start of the last days, then the last days at their own times, every event once and in a legal order', () => {
    const now = Date.parse('2026-11-20T15:30:00+08:00')
    const recentFrom = shanghaiDayStart(shanghaiDay(now) - 6)
    const source = [...demoEvents({ regions, now, scale: 0.02, seed: 3 })]
    const timed = [...timedBatches(source, recentFrom, 10 * 60_000, 2000)]
    expect(timed.flatMap((b) => b.events.map((e) => e.id)).sort()).toEqual(source.flat().map((e) => e.id).sort())
    let last = 0
    for (const b of timed) {
      expect(b.committedAt).toBeGreaterThanOrEqual(last)
      last = b.committedAt
      for (const e of b.events) expect(Date.parse(e.at)).toBeLessThanOrEqual(b.committedAt)
      if (b.committedAt > recentFrom) for (const e of b.events) expect(Date.parse(e.at)).toBeGreaterThan(b.committedAt - 10 * 60_000)
    }
    expect(timed.filter((b) => b.committedAt > recentFrom).length).toBeGreaterThan(50)
    // Every case's and risk point's life stays legal in this order.
    replay(timed.flatMap((b) => b.events))
  })
})
