import { describe, expect, it } from 'vitest'
import type { CaseState } from '../../server/domain/cases/caseState'
import { isOverdue, nextClockChange, supervisionColor } from '../../server/domain/cases/deadline'
import { ALWAYS, caseFilterBounds, caseMarks, NEVER, passes } from '../../server/domain/cases/marks'
import type { SupervisionColor } from '../../shared/domain/vocabulary'

const H = 3600_000
const T = Date.parse('2026-06-15T09:00:00+08:00')

function caseOf(over: Partial<CaseState>): CaseState {
  return {
    id: 'X', regionCode: '330111001001', source: 'hotline', category: '邻里纠纷', size: 'minor', title: 't', backlogLevel: null,
    reporter: null, stage: 'receive', reportedAt: T, clockFrom: T, dueAt: T + 24 * H, stageAt: { receive: T }, urgeCount: 0,
    supervisedColor: null, resolvedAt: null, tier: null, followedUpAt: null, satisfaction: null, reopenCount: 0, updatedAt: T,
    ...over,
  }
}

describe('case marks', () => {
  it('agree with supervisionColor and isOverdue at every instant, whatever the supervision', () => {
    const cases = [
      caseOf({}),
      caseOf({ dueAt: T + 7 }), // a yellow time with a fraction of a millisecond
      caseOf({ clockFrom: T + 5 * H, dueAt: T + 5 * H + 30 * 24 * H }),
      ...(['red', 'yellow', 'green'] as SupervisionColor[]).map((supervisedColor) => caseOf({ supervisedColor })),
      caseOf({ resolvedAt: T + H, stage: 'followup' }),
    ]
    for (const c of cases) {
      const m = caseMarks(c)
      expect(m.greenFrom <= m.yellowFrom && m.yellowFrom <= m.redFrom).toBe(true)
      const instants = [T - H, T, T + 5, T + 6, T + 7, T + 18 * H - 1, T + 18 * H, T + 24 * H - 1, T + 24 * H, T + 40 * 24 * H, c.dueAt - 1, c.dueAt]
      for (const now of instants) {
        for (const color of ['red', 'yellow', 'green'] as SupervisionColor[])
          expect(passes(m, caseFilterBounds({ color }, now)), `${color} at ${now - T}`).toBe(supervisionColor(c, now) === color)
        for (const overdue of [true, false]) expect(passes(m, caseFilterBounds({ overdue }, now))).toBe(isOverdue(c, now) === overdue)
      }
    }
  })

  it('give a resolved case no colour and no overdue time, a supervised one its colour for ever', () => {
    expect(caseMarks(caseOf({ resolvedAt: T }))).toEqual({ overdueFrom: NEVER, greenFrom: NEVER, yellowFrom: NEVER, redFrom: NEVER })
    expect(caseMarks(caseOf({ supervisedColor: 'red' }))).toEqual({ overdueFrom: T + 24 * H, greenFrom: ALWAYS, yellowFrom: ALWAYS, redFrom: ALWAYS })
    // The next change by the clock is the next mark ahead.
    const c = caseOf({})
    expect(nextClockChange(c, T)).toBe(caseMarks(c).yellowFrom)
  })
})
