import { describe, expect, it } from 'vitest'
import { readSettings } from '../../client/src/duty/deskSettings'
import { applyInstruction, fromShanghaiLocal, shanghaiLocal, waitingFor } from '../../client/src/duty/instructionList'
import { deskOrder, filterAlarms, filterCases, inQuietHours, SEAT_DEFAULTS } from '../../client/src/duty/seats'
import { readClock } from '../../client/src/duty/time'
import type { Alarm } from '../../shared/api/alarms'
import type { CaseView } from '../../shared/api/cases'
import type { Instruction } from '../../shared/api/instructions'

const at = (hhmm: string) => Date.parse(`2026-12-04T${hhmm}:00+08:00`)
const alarm = (id: number, over: Partial<Alarm> = {}): Alarm => ({
  id,
  kind: 'case.red',
  subjectId: `C${id}`,
  regionCode: '330111001001',
  regionName: '春江村',
  title: `告警 ${id}`,
  status: 'raised',
  raisedAt: new Date(at('10:00') - id * 60_000).toISOString(),
  acknowledgedBy: null,
  acknowledgedAt: null,
  acknowledgeNote: null,
  clearedAt: null,
  closedBy: null,
  closedAt: null,
  closeNote: null,
  escalatedAt: null,
  ...over,
})
const within = (code: string, ancestor: string) => code.startsWith(ancestor)

describe('a seat’s alarms', () => {
  it('filters by kind, place and age', () => {
    const list = [alarm(1), alarm(2, { kind: 'risk.alarm' }), alarm(30, { regionCode: '330111002001' })]
    const now = at('10:00')
    expect(filterAlarms(list, { kind: 'all', region: '', minAgeMinutes: 0 }, now, within).map((a) => a.id)).toEqual([1, 2, 30])
    expect(filterAlarms(list, { kind: 'risk.alarm', region: '', minAgeMinutes: 0 }, now, within).map((a) => a.id)).toEqual([2])
    expect(filterAlarms(list, { kind: 'all', region: '330111002', minAgeMinutes: 0 }, now, within).map((a) => a.id)).toEqual([30])
    expect(filterAlarms(list, { kind: 'all', region: '', minAgeMinutes: 10 }, now, within).map((a) => a.id)).toEqual([30])
  })

  it('puts escalated alarms first on a leader’s desk only, earliest escalation first', () => {
    const list = [alarm(1), alarm(2, { escalatedAt: '2026-12-04T10:05:00+08:00' }), alarm(3), alarm(4, { escalatedAt: '2026-12-04T10:01:00+08:00' })]
    expect(deskOrder(list, true).map((a) => a.id)).toEqual([4, 2, 1, 3])
    expect(deskOrder(list, false).map((a) => a.id)).toEqual([1, 2, 3, 4])
  })

  it('gives each seat its own defaults, and filters cases by source', () => {
    expect(SEAT_DEFAULTS.hotline.alarms.kind).toBe('case.red')
    expect(SEAT_DEFAULTS.video.alarms.kind).toBe('risk.alarm')
    const cases = [{ source: 'hotline' }, { source: 'grid' }] as CaseView[]
    expect(filterCases(cases, SEAT_DEFAULTS.hotline.cases)).toEqual([{ source: 'hotline' }])
    expect(filterCases(cases, { source: 'all' })).toHaveLength(2)
  })

  it('keeps quiet hours by Shanghai time, across midnight too', () => {
    const night = { on: true, from: '22:00', to: '07:00' }
    expect(inQuietHours(night, at('23:30'))).toBe(true)
    expect(inQuietHours(night, at('06:59'))).toBe(true)
    expect(inQuietHours(night, at('07:00'))).toBe(false)
    expect(inQuietHours(night, at('12:00'))).toBe(false)
    expect(inQuietHours({ on: true, from: '12:00', to: '13:30' }, at('12:45'))).toBe(true)
    expect(inQuietHours({ ...night, on: false }, at('23:30'))).toBe(false)
  })

  it('reads a typed quiet-hours time as 24-hour HH:MM, refusing what is not one', () => {
    expect(['22:00', '7:05', '0705', '7', '22：30', ' 23:59 ', '00:00'].map(readClock)).toEqual(['22:00', '07:05', '07:05', '07:00', '22:30', '23:59', '00:00'])
    for (const bad of ['24:00', '12:60', '7pm', '10:00 PM', '', '1:2', '123456']) expect(readClock(bad), bad).toBeNull()
  })

  it('reads what localStorage holds, falling back on anything broken', () => {
    expect(readSettings(null)).toMatchObject({ seat: null, muted: false, quiet: { on: false } })
    expect(readSettings('{not json')).toMatchObject({ seat: null })
    expect(readSettings(JSON.stringify({ seat: 'video', muted: true, quiet: { on: true } }))).toMatchObject({ seat: 'video', muted: true, quiet: { on: true, from: '22:00', to: '07:00' } })
    expect(readSettings(JSON.stringify({ seat: 'nonsense' })).seat).toBeNull()
  })
})

describe('instructions at the desk', () => {
  const ins = (id: string, status: Instruction['status'], issuedAt: string, assignee = 'grid-1'): Instruction => ({
    id, regionCode: '330111', regionName: '富阳区', assignee, text: id, caseId: null, alarmId: null, dueAt: null, status, issuedBy: 'seat-1', issuedAt,
    signedAt: null, feedback: null, fedBackAt: null, closedBy: null, closedAt: null, overdue: false,
  })

  it('applies pushes newest first, never stepping back', () => {
    let list = applyInstruction([], ins('A', 'issued', '2026-12-04T09:00:00+08:00'))
    list = applyInstruction(list, ins('B', 'issued', '2026-12-04T10:00:00+08:00'))
    list = applyInstruction(list, ins('A', 'fedBack', '2026-12-04T09:00:00+08:00'))
    list = applyInstruction(list, ins('A', 'signed', '2026-12-04T09:00:00+08:00'))
    expect(list.map((i) => `${i.id}:${i.status}`)).toEqual(['B:issued', 'A:fedBack'])
    expect(waitingFor(list, 'grid-1').map((i) => i.id)).toEqual(['B'])
    expect(waitingFor(list, 'someone-else')).toEqual([])
  })

  it('reads and writes due times as Shanghai wall-clock time', () => {
    const ms = Date.parse('2026-12-04T14:30:00+08:00')
    expect(shanghaiLocal(ms)).toBe('2026-12-04T14:30')
    expect(fromShanghaiLocal('2026-12-04T14:30')).toBe(new Date(ms).toISOString())
    expect(fromShanghaiLocal('')).toBeNull()
  })
})
