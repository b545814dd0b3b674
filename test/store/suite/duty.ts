import { expect, it } from 'vitest'
import type { NewAlarm } from '../../../server/domain/alarms/alarmRecord'
import { T0 } from '../../helpers/events'
import { pathOf, type StoreFixture } from './context'

const alarm = (subjectId: string, regionCode = '330111001001', over: Partial<NewAlarm> = {}): NewAlarm => ({
  episode: `case.red:${subjectId}:0`,
  kind: 'case.red',
  subjectId,
  regionCode,
  title: `案件 ${subjectId} 超期`,
  raisedAt: T0,
  ...over,
})

export function dutyTests(fixture: () => StoreFixture) {
  it('raises an alarm once per episode, also when two nodes raise it at once', async () => {
    const { store, another } = fixture()
    const a = await store.duty.raise(alarm('A1'), pathOf('330111001001'))
    expect(a).toMatchObject({ episode: 'case.red:A1:0', status: 'raised', raisedAt: T0, ackBy: null, clearedAt: null, closedAt: null })
    expect(await store.duty.raise(alarm('A1'), pathOf('330111001001'))).toBeNull()
    const b = await another('node-b')
    const both = await Promise.all([store.duty.raise(alarm('A2'), pathOf('330111001001')), b.duty.raise(alarm('A2'), pathOf('330111001001'))])
    expect(both.filter(Boolean)).toHaveLength(1)
    const next = await store.duty.raise(alarm('A1', '330111001001', { episode: 'case.red:A1:1' }), pathOf('330111001001'))
    expect(next!.id).not.toBe(a!.id)
    expect((await store.duty.auditOf(`alarm:${a!.id}`)).map((e) => [e.action, e.actor, e.at])).toEqual([['alarm.raised', 'system', T0]])
  })

  it('acknowledges and closes in order, refusing steps out of order and unknown alarms', async () => {
    const { store, another } = fixture()
    const a = (await store.duty.raise(alarm('U1'), pathOf('330111001001')))!
    expect(await store.duty.update(a.id, { action: 'close', actor: 'duty', note: null, at: T0 + 1 })).toBe('conflict')
    expect(await store.duty.update(a.id + 1000, { action: 'acknowledge', actor: 'duty', note: null, at: T0 + 1 })).toBe('missing')
    // Two seats on two nodes acknowledge at once: one does, the other is told it is too late.
    const b = await another('node-b')
    const both = await Promise.all([
      store.duty.update(a.id, { action: 'acknowledge', actor: 'seat-1', note: '收到', at: T0 + 2 }),
      b.duty.update(a.id, { action: 'acknowledge', actor: 'seat-2', note: null, at: T0 + 2 }),
    ])
    expect(both.filter((r) => r === 'conflict')).toHaveLength(1)
    const acked = both.find((r) => typeof r === 'object')!
    expect(acked).toMatchObject({ status: 'acknowledged', ackAt: T0 + 2 })
    const closed = await store.duty.update(a.id, { action: 'close', actor: 'seat-1', note: '已处置', at: T0 + 3 })
    expect(closed).toMatchObject({ status: 'closed', closedBy: 'seat-1', closeNote: '已处置', closedAt: T0 + 3 })
    expect(await store.duty.update(a.id, { action: 'close', actor: 'seat-1', note: null, at: T0 + 4 })).toBe('conflict')
    expect((await store.duty.auditOf(`alarm:${a.id}`)).map((e) => e.action)).toEqual(['alarm.raised', 'alarm.acknowledged', 'alarm.closed'])
    expect(await store.duty.get(a.id)).toEqual(closed)
    expect(await store.duty.get(a.id + 1000)).toBeNull()
  })

  it('clears alarms whose cause ended: acknowledged ones close, raised ones wait, late ones are archived', async () => {
    const { store } = fixture()
    const raised = (await store.duty.raise(alarm('C1'), pathOf('330111001001')))!
    const acked = (await store.duty.raise(alarm('C2'), pathOf('330111001001')))!
    await store.duty.update(acked.id, { action: 'acknowledge', actor: 'seat', note: null, at: T0 + 1 })
    const late = (await store.duty.raise(alarm('C3', '330111001001', { raisedAt: T0 + 100 }), pathOf('330111001001')))!

    const c1 = await store.duty.clear('case.red', 'C1', T0 + 10, T0 + 10)
    expect(c1.map(({ before, alarm: a }) => [before, a.status, a.clearedAt])).toEqual([['raised', 'raised', T0 + 10]])
    expect(await store.duty.clear('case.red', 'C1', T0 + 11, T0 + 11)).toEqual([])
    const c2 = await store.duty.clear('case.red', 'C2', T0 + 10, T0 + 10)
    expect(c2.map(({ before, alarm: a }) => [before, a.status, a.closedBy])).toEqual([['acknowledged', 'closed', 'system']])
    const c3 = await store.duty.clear('case.red', 'C3', T0 + 200, T0 + 50)
    expect(c3[0]!.alarm).toMatchObject({ status: 'closed', closedBy: 'system' })
    expect(c3[0]!.alarm.closeNote).toMatch(/补录/)
    // Acknowledging an alarm whose cause already ended closes it.
    expect(await store.duty.update(raised.id, { action: 'acknowledge', actor: 'seat', note: null, at: T0 + 20 })).toMatchObject({ status: 'closed', closedBy: 'system' })
    expect((await store.duty.auditOf(`alarm:${late.id}`)).map((e) => e.action)).toEqual(['alarm.raised', 'alarm.cleared', 'alarm.closed'])
  })

  it('lists alarms of a subtree, unacknowledged first then newest, by status; walks the open ones', async () => {
    const { store } = fixture()
    const ids: Record<string, number> = {}
    for (const [s, code, t] of [['L1', '330111001001', 1], ['L2', '3301110011001', 2], ['L3', '330111001002', 3], ['L4', '330411001001', 4]] as const)
      ids[s] = (await store.duty.raise(alarm(s, code, { raisedAt: T0 + t }), pathOf(code)))!.id
    await store.duty.update(ids.L3!, { action: 'acknowledge', actor: 'seat', note: null, at: T0 + 5 })
    await store.duty.update(ids.L4!, { action: 'acknowledge', actor: 'seat', note: null, at: T0 + 5 })
    await store.duty.update(ids.L4!, { action: 'close', actor: 'seat', note: null, at: T0 + 6 })
    const list = async (code: string, status: 'open' | 'all' | 'raised' | 'acknowledged' | 'closed') =>
      (await store.duty.list({ regionPath: pathOf(code), status, limit: 10 })).map((a) => a.subjectId)
    expect(await list('330000', 'open')).toEqual(['L2', 'L1', 'L3'])
    expect(await list('330000', 'all')).toEqual(['L2', 'L1', 'L4', 'L3'])
    expect(await list('330111001', 'open')).toEqual(['L1', 'L3'])
    expect(await list('3301110011', 'all')).toEqual(['L2'])
    expect(await list('330000', 'closed')).toEqual(['L4'])
    expect(await list('330000', 'acknowledged')).toEqual(['L3'])
    expect((await store.duty.list({ regionPath: pathOf('330000'), status: 'all', limit: 2 })).length).toBe(2)
    const open: string[] = []
    await store.duty.forEachOpen((a) => open.push(`${a.subjectId}:${a.status}`))
    expect(open.sort()).toEqual(['L1:raised', 'L2:raised', 'L3:acknowledged'])
  })

  it('keeps an audit trail of anything, newest first on request', async () => {
    const { store } = fixture()
    await store.duty.appendAudit({ at: T0, actor: 'admin', action: 'case.reporter.unmasked', target: 'case:P1', note: null })
    await store.duty.appendAudit({ at: T0 + 1, actor: 'admin', action: 'geo.imported', target: 'geo:x', note: '秀洲区' })
    await store.duty.appendAudit({ at: T0 + 2, actor: 'viewer', action: 'case.reporter.unmasked', target: 'case:P1', note: null })
    expect(await store.duty.auditOf('case:P1')).toEqual([
      { at: T0, actor: 'admin', action: 'case.reporter.unmasked', target: 'case:P1', note: null },
      { at: T0 + 2, actor: 'viewer', action: 'case.reporter.unmasked', target: 'case:P1', note: null },
    ])
    expect((await store.duty.recentAudit(2)).map((e) => e.at)).toEqual([T0 + 2, T0 + 1])
  })
}
