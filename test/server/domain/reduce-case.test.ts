import { describe, expect, it } from 'vitest'
import type { CaseState } from '../../../server/domain/cases/caseState'
import { reduceCase, type Reduced } from '../../../server/domain/cases/reduceCase'
import type { CaseEvent } from '../../../shared/events/schema'

const H = 3600_000
const T = Date.parse('2026-06-15T09:00:00+08:00')
const iso = (ms: number) => new Date(ms).toISOString()

let n = 0
type Body = CaseEvent extends unknown ? (CaseEvent extends infer E ? (E extends CaseEvent ? Omit<E, 'id' | 'at'> : never) : never) : never
const ev = (e: Body, at: number) => ({ id: `e${++n}`, at: iso(at), ...e }) as CaseEvent

const reported = (size: 'minor' | 'major' = 'minor') =>
  ev({ type: 'case.reported', caseId: 'C1', regionCode: '330111001001', source: 'hotline', category: '邻里纠纷', size, title: '楼上漏水' }, T)

/** Applies events in order, failing the test on the first refusal. */
function run(events: Array<[CaseEvent, number]>): CaseState {
  let state: CaseState | undefined
  for (const [e, at] of events) {
    const r = reduceCase(state, e, at)
    if (!r.ok) throw new Error(`${e.type} refused: ${r.message}`)
    state = r.state
  }
  return state!
}

const refusal = (r: Reduced<CaseState>) => (r.ok ? null : r.field)

describe('reduceCase', () => {
  it('starts a reported case at receive with its clock and a 小事 due in 24 h', () => {
    const c = run([[reported(), T]])
    expect(c).toMatchObject({ stage: 'receive', reportedAt: T, clockFrom: T, dueAt: T + 24 * H, urgeCount: 0, reopenCount: 0 })
  })

  it('refuses a second report, an unknown case and an event dated before the report', () => {
    const c = run([[reported(), T]])
    expect(refusal(reduceCase(c, reported(), T))).toBe('caseId')
    expect(refusal(reduceCase(undefined, ev({ type: 'case.urged', caseId: 'C1' }, T), T))).toBe('caseId')
    expect(refusal(reduceCase(c, ev({ type: 'case.urged', caseId: 'C1' }, T - H), T - H))).toBe('at')
  })

  it('counts urges and keeps supervision only while the case is open', () => {
    const c = run([
      [reported(), T],
      [ev({ type: 'case.urged', caseId: 'C1' }, T + H), T + H],
      [ev({ type: 'case.urged', caseId: 'C1' }, T + 2 * H), T + 2 * H],
      [ev({ type: 'case.supervised', caseId: 'C1', color: 'red' }, T + 3 * H), T + 3 * H],
    ])
    expect(c.urgeCount).toBe(2)
    expect(c.supervisedColor).toBe('red')
    const resolved = run([[reported(), T], [ev({ type: 'case.resolved', caseId: 'C1', tier: 'village' }, T + H), T + H]])
    expect(resolved).toMatchObject({ stage: 'followup', resolvedAt: T + H, tier: 'village', supervisedColor: null })
    expect(refusal(reduceCase(resolved, ev({ type: 'case.urged', caseId: 'C1' }, T + 2 * H), T + 2 * H))).toBe('caseId')
    expect(refusal(reduceCase(resolved, ev({ type: 'case.supervised', caseId: 'C1', color: 'yellow' }, T + 2 * H), T + 2 * H))).toBe('caseId')
  })

  it('reaches followup only through a resolution, and follow-up only after one', () => {
    const c = run([[reported(), T]])
    expect(refusal(reduceCase(c, ev({ type: 'case.stage', caseId: 'C1', stage: 'followup' }, T + H), T + H))).toBe('stage')
    expect(refusal(reduceCase(c, ev({ type: 'case.followedUp', caseId: 'C1', satisfaction: 'satisfied' }, T + H), T + H))).toBe('caseId')
  })

  describe('重办 (reopening)', () => {
    const resolvedAt = T + 5 * H
    const base = (): Array<[CaseEvent, number]> => [
      [reported(), T],
      [ev({ type: 'case.urged', caseId: 'C1' }, T + H), T + H],
      [ev({ type: 'case.resolved', caseId: 'C1', tier: 'grid' }, resolvedAt), resolvedAt],
    ]

    it('reopens a resolved case awaiting follow-up: resolution cleared, a fresh clock from the reopening', () => {
      const at = T + 30 * H
      const c = run([...base(), [ev({ type: 'case.stage', caseId: 'C1', stage: 'handle' }, at), at]])
      expect(c).toMatchObject({ stage: 'handle', resolvedAt: null, tier: null, followedUpAt: null, satisfaction: null, reopenCount: 1, clockFrom: at, dueAt: at + 24 * H })
      expect(c.urgeCount).toBe(1) // the history of the first round stays
      expect(c.reportedAt).toBe(T)
    })

    it('reopens a case closed with an unsatisfied follow-up, and counts each reopening', () => {
      const closed = run([...base(), [ev({ type: 'case.followedUp', caseId: 'C1', satisfaction: 'unsatisfied' }, T + 8 * H), T + 8 * H]])
      const once = reduceCase(closed, ev({ type: 'case.stage', caseId: 'C1', stage: 'assign' }, T + 9 * H), T + 9 * H)
      expect(once.ok && once.state).toMatchObject({ stage: 'assign', reopenCount: 1, satisfaction: null, followedUpAt: null })
      const again = run([
        ...base(),
        [ev({ type: 'case.followedUp', caseId: 'C1', satisfaction: 'unsatisfied' }, T + 8 * H), T + 8 * H],
        [ev({ type: 'case.stage', caseId: 'C1', stage: 'assign' }, T + 9 * H), T + 9 * H],
        [ev({ type: 'case.resolved', caseId: 'C1', tier: 'town' }, T + 12 * H), T + 12 * H],
        [ev({ type: 'case.stage', caseId: 'C1', stage: 'handle' }, T + 13 * H), T + 13 * H],
      ])
      expect(again.reopenCount).toBe(2)
    })

    it('refuses to reopen a case closed with a satisfied follow-up', () => {
      const closed = run([...base(), [ev({ type: 'case.followedUp', caseId: 'C1', satisfaction: 'satisfied' }, T + 8 * H), T + 8 * H]])
      expect(refusal(reduceCase(closed, ev({ type: 'case.stage', caseId: 'C1', stage: 'handle' }, T + 9 * H), T + 9 * H))).toBe('caseId')
    })
  })
})
