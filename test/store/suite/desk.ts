import { expect, it } from 'vitest'
import { T0 } from '../../helpers/events'
import { pathOf, type StoreFixture } from './context'

export function deskTests(fixture: () => StoreFixture) {
  it('keeps duty-log entries by subtree and period, oldest first, notable ones on request', async () => {
    const { store } = fixture()
    const a = await store.desk.appendLog({ at: T0, actor: 'desk', regionCode: '330111', text: '富阳区例行巡查', notable: false }, pathOf('330111'))
    await store.desk.appendLog({ at: T0 + 2, actor: 'desk', regionCode: '330111001', text: '春江街道积水', notable: true }, pathOf('330111001'))
    await store.desk.appendLog({ at: T0 + 1, actor: 'other', regionCode: '3301110011', text: '相邻镇', notable: true }, pathOf('3301110011'))
    expect(a).toMatchObject({ id: expect.any(Number), notable: false })
    const texts = async (q: Partial<Parameters<typeof store.desk.listLog>[0]> & { regionPath: string }) =>
      (await store.desk.listLog({ limit: 100, ...q })).map((e) => e.text)
    expect(await texts({ regionPath: pathOf('330111') })).toEqual(['富阳区例行巡查', '相邻镇', '春江街道积水'])
    expect(await texts({ regionPath: pathOf('330111001') })).toEqual(['春江街道积水'])
    expect(await texts({ regionPath: pathOf('330111'), notable: true })).toEqual(['相邻镇', '春江街道积水'])
    expect(await texts({ regionPath: pathOf('330111'), from: T0 + 1, to: T0 + 2 })).toEqual(['相邻镇'])
    expect((await store.desk.listLog({ regionPath: pathOf('330000'), limit: 1 }))[0]).toEqual(a)
  })

  it('keeps one roster entry per day, shift and region, the last put winning', async () => {
    const { store } = fixture()
    const base = { day: '2026-06-16', shift: 0, regionCode: '330111', leader: '陈局长', updatedBy: 'desk', updatedAt: T0 }
    await store.desk.putRoster({ ...base, officers: ['王芳'] }, pathOf('330111'))
    await store.desk.putRoster({ ...base, officers: ['王芳', '李强'], leader: null, updatedAt: T0 + 1 }, pathOf('330111'))
    await store.desk.putRoster({ ...base, shift: 1, officers: ['赵磊'] }, pathOf('330111'))
    await store.desk.putRoster({ ...base, day: '2026-06-17', regionCode: '330411', officers: ['钱七'] }, pathOf('330411'))
    const all = await store.desk.listRoster({ fromDay: '2026-06-16', toDay: '2026-06-17' })
    expect(all.map((r) => [r.day, r.shift, r.regionCode, r.officers])).toEqual([
      ['2026-06-16', 0, '330111', ['王芳', '李强']],
      ['2026-06-16', 1, '330111', ['赵磊']],
      ['2026-06-17', 0, '330411', ['钱七']],
    ])
    expect(all[0]).toMatchObject({ leader: null, updatedAt: T0 + 1 })
    expect(await store.desk.listRoster({ fromDay: '2026-06-16', toDay: '2026-06-17', regionCodes: ['330411', '330000'] })).toHaveLength(1)
    expect(await store.desk.listRoster({ fromDay: '2026-06-16', toDay: '2026-06-17', regionCodes: [] })).toEqual([])
  })

  it('stores handover records as computed and lists them by subtree, newest first', async () => {
    const { store } = fixture()
    const h = { day: '2026-06-16', shift: 0, from: T0, to: T0 + 10, createdBy: 'desk', note: '无', content: { counts: { alarmsOpen: 2 }, lists: ['春江'] } }
    const a = await store.desk.saveHandover({ ...h, regionCode: '330111', createdAt: T0 + 10 }, pathOf('330111'))
    const b = await store.desk.saveHandover({ ...h, regionCode: '330111001', createdAt: T0 + 20 }, pathOf('330111001'))
    await store.desk.saveHandover({ ...h, regionCode: '330411', createdAt: T0 + 30 }, pathOf('330411'))
    expect(await store.desk.getHandover(a.id)).toEqual(a)
    expect(await store.desk.getHandover(a.id + 1000)).toBeNull()
    expect((await store.desk.listHandovers({ regionPath: pathOf('330111'), limit: 10 })).map((x) => x.id)).toEqual([b.id, a.id])
    expect((await store.desk.listHandovers({ regionPath: pathOf('330000'), from: T0 + 15, to: T0 + 30, limit: 10 })).map((x) => x.id)).toEqual([b.id])
  })

  it('finds the alarms a period saw: raised or acknowledged in it, or still open at its end', async () => {
    const { store } = fixture()
    const raise = (id: string, at: number, region = '330111001001') =>
      store.duty.raise({ episode: `case.red:${id}:0`, kind: 'case.red', subjectId: id, regionCode: region, title: id, raisedAt: at }, pathOf(region))
    const before = (await raise('B', T0 - 100))!
    const closedBefore = (await raise('C', T0 - 100))!
    await store.duty.update(closedBefore.id, { action: 'acknowledge', actor: 'x', note: null, at: T0 - 50 })
    await store.duty.update(closedBefore.id, { action: 'close', actor: 'x', note: null, at: T0 - 10 })
    const ackedIn = (await raise('D', T0 - 100))!
    await store.duty.update(ackedIn.id, { action: 'acknowledge', actor: 'x', note: null, at: T0 + 5 })
    await store.duty.update(ackedIn.id, { action: 'close', actor: 'x', note: null, at: T0 + 6 })
    const inside = (await raise('E', T0 + 1))!
    await raise('F', T0 + 100)
    await raise('G', T0 + 1, '330411001001')
    const ids = (await store.duty.alarmsDuring({ regionPath: pathOf('330111'), from: T0, to: T0 + 100, limit: 100 })).map((a) => a.subjectId)
    expect(ids).toEqual(['B', 'D', 'E'])
    expect(before.id).toBeLessThan(inside.id)
  })

  it('imports directory people all at once, updating the phone of one already there; a dry run writes nothing', async () => {
    const { store } = fixture()
    const people = [
      { name: '张建国', phone: '13812345678', role: 'gridLeader', regionCode: '330111001001', riskId: null },
      { name: '王强', phone: '13700002222', role: 'emergency', regionCode: '330111001001', riskId: 'W1' },
      { name: '赵敏', phone: '0571-63312345', role: 'caseLeader', regionCode: '330111001', riskId: null },
      { name: '相邻', phone: '13600000000', role: 'gridLeader', regionCode: '3301110011001', riskId: null },
    ]
    const meta = { by: 'desk', at: T0, dryRun: true }
    expect(await store.desk.importDirectory(people, meta, pathOf)).toEqual({ created: 4, updated: 0 })
    expect(await store.desk.listDirectory({ regionPath: pathOf('330000'), limit: 100 })).toEqual([])
    expect(await store.desk.importDirectory(people, { ...meta, dryRun: false }, pathOf)).toEqual({ created: 4, updated: 0 })
    const changed = [{ ...people[0]!, phone: '13800000000' }, { ...people[0]!, role: 'villageSecretary' }]
    expect(await store.desk.importDirectory(changed, { ...meta, dryRun: true }, pathOf)).toEqual({ created: 1, updated: 1 })
    expect(await store.desk.importDirectory(changed, { by: 'admin', at: T0 + 1, dryRun: false }, pathOf)).toEqual({ created: 1, updated: 1 })

    const names = async (q: { regionPath: string; riskId?: string; role?: string }) => (await store.desk.listDirectory({ ...q, limit: 100 })).map((p) => `${p.name}/${p.role}`)
    expect(await names({ regionPath: pathOf('330111001') })).toEqual(['赵敏/caseLeader', '张建国/gridLeader', '张建国/villageSecretary', '王强/emergency'])
    expect(await names({ regionPath: pathOf('330111'), role: 'gridLeader' })).toEqual(['张建国/gridLeader', '相邻/gridLeader'])
    expect(await names({ regionPath: pathOf('330000'), riskId: 'W1' })).toEqual(['王强/emergency'])
    const zhang = (await store.desk.listDirectory({ regionPath: pathOf('330111001001'), role: 'gridLeader', limit: 1 }))[0]!
    expect(zhang).toMatchObject({ phone: '13800000000', riskId: null, updatedBy: 'admin', updatedAt: T0 + 1 })
    expect(await store.desk.getPerson(zhang.id)).toEqual(zhang)
    expect(await store.desk.getPerson(zhang.id + 1000)).toBeNull()

    const contacts = async (regionCodes: string[], riskId: string | null) => (await store.desk.contactsOf({ regionCodes, riskId })).map((p) => p.name).sort()
    expect(await contacts(['330111001001', '330111001'], 'W1')).toEqual(['张建国', '张建国', '王强', '赵敏'])
    expect(await contacts(['330111001'], null)).toEqual(['赵敏'])
    expect(await contacts([], 'W1')).toEqual(['王强'])
  })
}
