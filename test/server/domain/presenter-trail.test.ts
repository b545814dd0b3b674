import { describe, expect, it } from 'vitest'
import { describeTake, heldFromTrail, readTake, type TakeView, type TrailEntry } from '../../../server/live/presenterTrail'

const NOW = Date.parse('2026-06-16T09:30:00+08:00')
const MIN = 60_000

describe('the presenter’s audit trail', () => {
  it('reads back every take it wrote', () => {
    const takes: TakeView[] = [
      { region: '330127', page: 'overview', period: null, asOf: null },
      { region: '330127001', page: 'water', period: 'month', asOf: null },
      { region: '330411', page: 'fire', period: { from: '2026-06-01', to: '2026-06-10' }, asOf: '2026-06-16T08:00:00.000+08:00' },
      { region: '330000', page: 'petition', period: null, asOf: '2026-06-15T22:00:00+08:00' },
    ]
    for (const t of takes) expect(readTake(describeTake(t))).toEqual(t)
    expect(describeTake(takes[2]!)).toBe('330411 · fire · 2026-06-01~2026-06-10 · 回放 2026-06-16T08:00:00.000+08:00')
  })

  it('reads nothing from a note that is not a take’s', () => {
    for (const note of [null, '', '330127', '330127 · lobby', '330127 · water · fortnight', '330127 · water · 2026-02-30~2026-03-01', '张三 无操作 5 分钟，自动交还'])
      expect(readTake(note), String(note)).toBeNull()
  })

  it('holds a wall whose newest entry is a take not yet idle, as that take says', () => {
    const entry = (at: number, actor: string, action: string, wall: string, note: string | null): TrailEntry => ({ at, actor, action, target: `wall:${wall}`, note })
    // Newest first, as the trail answers.
    const trail = [
      entry(NOW - 1 * MIN, 'boss', 'presenter.take', 'hall', '330111 · water · week'),
      entry(NOW - 2 * MIN, 'boss', 'presenter.release', 'lobby', '330111 · fire'),
      entry(NOW - 3 * MIN, 'boss', 'presenter.take', 'hall', '330111 · fire'),
      entry(NOW - 3 * MIN, 'desk', 'presenter.take', 'lobby', '330111 · fire'),
      entry(NOW - 5 * MIN, 'desk', 'presenter.take', 'old', '330111 · overview'),
    ]
    expect(heldFromTrail(trail, 5 * MIN, NOW)).toEqual([
      { wall: 'hall', region: '330111', page: 'water', period: 'week', asOf: null, by: 'boss', at: '2026-06-16T09:29:00.000+08:00', idleUntil: '2026-06-16T09:34:00.000+08:00' },
    ])
  })
})
