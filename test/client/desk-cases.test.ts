import { describe, expect, it } from 'vitest'
import { ApiError } from '../../client/src/duty/api'
import { dueSoonCases } from '../../client/src/duty/caseList'
import { actionRefusal, commandError } from '../../client/src/duty/commandWords'
import { timelineLines } from '../../client/src/duty/timeline'
import type { CaseView } from '../../shared/api/cases'

const NOW = Date.parse('2026-12-04T10:00:00+08:00')
const H = 3600_000
const iso = (ms: number) => new Date(ms).toISOString()
const kase = (id: string, dueIn: number, over: Partial<CaseView> = {}): CaseView => ({
  id,
  regionCode: '330111001001',
  regionName: '春江村',
  source: 'hotline',
  category: '物业管理',
  size: 'minor',
  title: `案件 ${id}`,
  backlogLevel: null,
  reporter: null,
  stage: 'handle',
  reportedAt: iso(NOW - 20 * H),
  dueAt: iso(NOW + dueIn),
  stageAt: {},
  overdue: dueIn <= 0,
  color: 'yellow',
  urgeCount: 0,
  resolvedAt: null,
  tier: null,
  followedUpAt: null,
  satisfaction: null,
  reopenCount: 0,
  unit: null,
  ...over,
})

describe('the 临期 list', () => {
  it('puts the least time left first and leaves out the past-due and resolved', () => {
    const list = dueSoonCases([kase('A', 5 * H), kase('B', H), kase('C', -60_000), kase('D', 2 * H, { resolvedAt: iso(NOW) }), kase('E', H)], NOW)
    expect(list.map((c) => c.id)).toEqual(['B', 'E', 'A'])
  })
})

describe('the case timeline', () => {
  it('names the desk account and its words, and says 提级, 转派 and 退回 in the duty room’s words', () => {
    const at = iso(NOW)
    const lines = timelineLines(
      [
        { seq: 1, at, type: 'case.reported', detail: null },
        { seq: 2, at, type: 'case.urged', detail: null, actor: 'fy-seat-1', note: '今天下班前反馈' },
        { seq: 3, at, type: 'case.escalated', detail: '330111', actor: 'fy-seat-1', note: null },
        { seq: 4, at, type: 'case.transferred', detail: '住建局', actor: 'fy-seat-2' },
        { seq: 5, at, type: 'case.returned', detail: null, actor: 'unit-zj', note: '不属本单位职责' },
      ],
      (code) => (code === '330111' ? '富阳区' : code),
    )
    expect(lines.map((l) => [l.label, l.actor, l.note])).toEqual([
      ['受理登记', null, null],
      ['催办', 'fy-seat-1', '今天下班前反馈'],
      ['提级 · 由富阳区办理', 'fy-seat-1', null],
      ['转派 · 住建局', 'fy-seat-2', null],
      ['退回 · 重新交办', 'unit-zj', '不属本单位职责'],
    ])
  })
})

describe('case actions at the desk', () => {
  it('offers no action on a resolved case and no 退回 without a unit', () => {
    expect(actionRefusal('urge', { resolvedAt: iso(NOW), unit: null })).toBe('案件已办结')
    expect(actionRefusal('return', { resolvedAt: null, unit: null })).toBe('案件尚无承办单位')
    expect(actionRefusal('return', { resolvedAt: null, unit: '住建局' })).toBeNull()
    expect(actionRefusal('escalate', { resolvedAt: null, unit: null })).toBeNull()
  })

  it('says the server’s refusals in Chinese', () => {
    expect(commandError(new ApiError(403, 'forbidden'), '催办')).toContain('当前账号无权催办')
    expect(commandError(new ApiError(400, 'case X is already resolved; only open cases are chased'), '催办')).toBe('案件已办结，不能催办')
    expect(commandError(new ApiError(400, 'case X is already handled at the top level (330000); there is no level above'), '提级')).toBe('已在最高层级办理，无法再提级')
    expect(commandError(new ApiError(400, 'case X is already with 住建局'), '转派')).toContain('已由该单位承办')
    expect(commandError(new ApiError(400, 'instruction I-1 is signed: the next step is to feed back, not to sign'), '签收')).toBe('当前状态不能签收，请刷新后再试')
    expect(commandError(new TypeError('Failed to fetch'), '督办')).toBe('督办失败：网络中断，请重试')
    for (const s of [400, 401, 403, 404, 500]) expect(commandError(new ApiError(s, 'x'), '退回')).not.toMatch(/[a-z]{3,}/)
  })
})
