import { describe, expect, it } from 'vitest'
import { buildTiles, COUNT_TILES, RATE_TILES } from '../../client/src/panels/kpi/tiles'
import { backlogLevelLabel, tierLabel, villageWord } from '../../client/src/panels/words'
import { feedAction } from '../../client/src/panels/feedLine'
import type { FeedItem } from '../../shared/live/protocol'
import type { Summary } from '../../shared/summary/schema'

describe('words that follow the place', () => {
  it('names the district-level backlog as the place does: 县级 in a 县, 区级 in a 区', () => {
    expect(backlogLevelLabel('district', { name: '淳安县', level: 'district', district: '淳安县' })).toBe('县级')
    expect(backlogLevelLabel('district', { name: '千岛湖镇', level: 'town', district: '淳安县' })).toBe('县级')
    expect(backlogLevelLabel('district', { name: '秀洲区', level: 'district', district: '秀洲区' })).toBe('区级')
    expect(backlogLevelLabel('district', { name: '浙江省', level: 'province', district: null })).toBe('区县级')
    expect(backlogLevelLabel('national', { name: '淳安县', level: 'district', district: '淳安县' })).toBe('国家级')
  })

  it('says 社区 and its cadres in a 社区, 村 elsewhere', () => {
    const community = { name: '新城社区', level: 'village', district: '秀洲区' }
    const village = { name: '春江村', level: 'village', district: '富阳区' }
    expect(villageWord(community)).toBe('社区')
    expect(villageWord(village)).toBe('村')
    expect(tierLabel('secretary', community)).toBe('第三道防线·社区书记')
    expect(tierLabel('village', community)).toBe('第二道防线·社区干部')
    expect(tierLabel('village', village)).toBe('第二道防线·村干部')
  })
})

describe('the headline tiles', () => {
  const figures = { total: 1000, open: 40, resolved: 960, overdue: 3, urgeRate: 0.1, followUpRate: 0.9, satisfactionRate: 0.97, onTimeRate: 0.93, localResolutionRate: 0.9 }
  const s = {
    region: { code: 'x', name: 'x', level: 'district' },
    period: { from: '', to: '' },
    cases: figures,
    risks: { total: 12, byStatus: { alarm: 1 } },
    alarms: { open: 7, acknowledged: 0, byKind: { 'case.red': { open: 5, acknowledged: 0 }, 'risk.alarm': { open: 2, acknowledged: 0 }, 'instruction.overdue': { open: 0, acknowledged: 0 } } },
    compare: { lastYear: { period: { from: '', to: '' }, summary: { cases: { ...figures, total: 800, urgeRate: 0.12 } } } },
  } as unknown as Summary

  it('say what they count: the period on flows, 当前 on stocks', () => {
    const tiles = buildTiles(COUNT_TILES, s, '本月')
    expect(tiles.map((t) => [t.label, t.counts])).toEqual([
      ['受理量', '本月'],
      ['在办', '当前'],
      ['已办结', '本月'],
      ['超期', '当前'],
      ['风险告警', '当前'],
      ['告警待确认', '当前'],
    ])
  })

  it('compare flows only, and split the alarms so they add up', () => {
    const [total, open] = buildTiles(COUNT_TILES, s, '本月')
    expect(total!.changes.map((c) => [c.label, c.change.delta])).toEqual([['同比', 25], ['环比', null]])
    expect(open!.changes).toEqual([])
    const alarms = buildTiles(COUNT_TILES, s, '本月')[5]!
    expect(alarms.unit).toBe('条')
    expect(alarms.parts.map((p) => [p.label, p.value])).toEqual([['案件', 5], ['风险', 2]])
    expect(alarms.parts.reduce((n, p) => n + (p.value ?? 0), 0)).toBe(alarms.value)
    const urge = buildTiles(RATE_TILES, s, '本月')[0]!
    expect(urge.changes[0]!.change).toMatchObject({ basis: 'points', direction: 'down', verdict: 'better' })
    expect(buildTiles(RATE_TILES, s, '本月')[5]!.changes).toEqual([])
  })
})

describe('the ticker', () => {
  const item = (detail: string) => ({ seq: 1, at: '', type: 'case.supervised', caseId: 'c', regionCode: '', regionName: '', title: '', category: '', source: 'hotline', size: 'minor', stage: 'handle', detail, reporter: null }) as FeedItem

  it("uses the 三色督办 panel's colour words", () => {
    expect(feedAction(item('red'))).toEqual({ text: '红色督办', tone: 'alert' })
    expect(feedAction(item('yellow'))).toEqual({ text: '黄色预警', tone: 'urge' })
    expect(feedAction(item('green'))).toEqual({ text: '绿色正常', tone: 'done' })
  })
})
