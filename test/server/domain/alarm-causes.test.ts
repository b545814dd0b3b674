import { describe, expect, it } from 'vitest'
import { caseCause, caseEpisode, riskCause } from '../../../server/domain/aggregate/alarmCauses'
import type { CaseState } from '../../../server/domain/cases/caseState'
import type { RiskState } from '../../../server/domain/risks/riskState'
import { C } from '../../../shared/summary/counters'

const H = 3600_000
const T = Date.parse('2026-06-15T09:00:00+08:00')
const RED = C['color.red']
const YELLOW = C['color.yellow']

const aCase = (over: Partial<CaseState> = {}): CaseState => ({
  id: 'C1', regionCode: '330111001001', source: 'hotline', category: '邻里纠纷', size: 'minor', title: '楼上漏水', backlogLevel: null,
  reporter: null, stage: 'handle', reportedAt: T, clockFrom: T, dueAt: T + 24 * H, stageAt: { receive: T }, urgeCount: 0,
  supervisedColor: null, resolvedAt: null, tier: null, followedUpAt: null, satisfaction: null, reopenCount: 0, updatedAt: T + 2 * H,
  ...over,
})

describe('alarm causes', () => {
  it('raise when a case starts counting red, clear when it stops, nothing otherwise', () => {
    const c = aCase()
    expect(caseCause(c, [YELLOW], [YELLOW], T)).toBeNull()
    expect(caseCause(c, [RED], [RED], T)).toBeNull()
    expect(caseCause(c, [YELLOW], [RED], T + 25 * H)).toEqual({ type: 'raise', kind: 'case.red', episode: 'case.red:C1:0', subjectId: 'C1', regionCode: c.regionCode, title: '楼上漏水', at: T + 25 * H })
    expect(caseCause(c, [RED], [], T + 30 * H)).toEqual({ type: 'clear', kind: 'case.red', subjectId: 'C1', at: T + 30 * H, endedAt: T + 2 * H })
  })

  it('dates a clear by the case if it ended before the server saw it (a late resolution is archived, not left for a seat)', () => {
    const late = aCase({ updatedAt: T + 10 * H })
    const cause = caseCause(late, [RED], [], T + 40 * H)
    expect(cause).toMatchObject({ type: 'clear', at: T + 40 * H, endedAt: T + 10 * H })
    const future = aCase({ updatedAt: T + 50 * H })
    expect(caseCause(future, [RED], [], T + 40 * H)).toMatchObject({ endedAt: T + 40 * H })
  })

  it('names one episode per red spell: a reopened case (重办) may raise again', () => {
    expect(caseEpisode(aCase())).not.toBe(caseEpisode(aCase({ reopenCount: 1 })))
  })

  it('raise when a risk point enters alarm, clear when it leaves, one episode per spell', () => {
    const risk = (status: RiskState['status'], updatedAt: number) => ({ id: 'R1', regionCode: '330127001001', name: '千岛湖码头', status, updatedAt }) as unknown as RiskState
    const first = riskCause(risk('warning', T), risk('alarm', T + H), T + H)
    expect(first).toMatchObject({ type: 'raise', kind: 'risk.alarm', subjectId: 'R1', title: '千岛湖码头' })
    expect(riskCause(null, risk('alarm', T), T)).toMatchObject({ type: 'raise' })
    expect(riskCause(risk('alarm', T + H), risk('alarm', T + 2 * H), T + 2 * H)).toBeNull()
    expect(riskCause(risk('alarm', T + H), risk('rectifying', T + 3 * H), T + 3 * H)).toMatchObject({ type: 'clear', endedAt: T + 3 * H })
    const second = riskCause(risk('normal', T + 3 * H), risk('alarm', T + 5 * H), T + 5 * H)
    expect(first && first.type === 'raise' && first.episode).not.toBe(second && second.type === 'raise' && second.episode)
  })
})
