import { describe, expect, it } from 'vitest'
import { DWELL_MAX_S, DWELL_MIN_S, PLAYLIST_MAX_ITEMS } from '../../shared/api/playlists'
import {
  detailText,
  draftOf,
  draftProblems,
  durationText,
  DWELL_MAX,
  DWELL_MIN,
  inputOf,
  lapSeconds,
  MAX_ITEMS,
  moved,
  newDraft,
  newItem,
  PAGE_CHOICES,
  PERIOD_CHOICES,
  periodText,
  windowText,
} from '../../client/src/admin/playlists/form'

describe('the 轮播方案 form', () => {
  it('keeps the bounds of shared/api/playlists.ts and names the pages and periods in Chinese', () => {
    expect([DWELL_MIN, DWELL_MAX, MAX_ITEMS]).toEqual([DWELL_MIN_S, DWELL_MAX_S, PLAYLIST_MAX_ITEMS])
    expect(PAGE_CHOICES.map((p) => p.label)).toEqual(['总览', '信访积案', '平安·反诈', '消防安全', '涉水安全'])
    expect(PERIOD_CHOICES[0]).toEqual({ value: '', label: '大屏默认' })
    expect(PERIOD_CHOICES.map((p) => p.value)).toContain('assessment')
  })

  it('says what is wrong in Chinese before sending', () => {
    const d = newDraft('330111')
    expect(draftProblems(d)).toEqual({ name: '请填写方案名称' })
    d.name = '大厅轮播'
    d.schedule = { from: '08:00', to: '' }
    d.items[0]!.dwell = '4'
    d.items.push({ ...newItem('330111', 'fire'), dwell: '3601', schedule: { from: '09:00', to: '09:00' } })
    d.items.push({ ...newItem(''), dwell: '12.5' })
    expect(draftProblems(d)).toEqual({
      schedule: '时段需同时填写开始和结束时间',
      'items.0.dwell': '停留时间应为 5–3600 秒的整数',
      'items.1.dwell': '停留时间应为 5–3600 秒的整数',
      'items.1.schedule': '开始和结束时间不能相同',
      'items.2.region': '请选择区域',
      'items.2.dwell': '停留时间应为 5–3600 秒的整数',
    })
    expect(draftProblems({ ...d, items: [] }).items).toBe('至少需要一项')
    expect(draftProblems({ ...d, name: 'x'.repeat(81) }).name).toBe('方案名称不能超过 80 字')
  })

  it('turns a draft into the API’s input and back, keeping a saved day range', () => {
    const saved = {
      name: '夜间',
      schedule: { from: '20:00', to: '08:00' },
      items: [
        { region: '330111', page: 'overview' as const, dwell: 30 },
        { region: '330111001', page: 'safety' as const, period: 'month' as const, dwell: 45, schedule: { from: '22:00', to: '23:00' } },
        { region: '330111', page: 'water' as const, period: { from: '2026-01-01', to: '2026-03-31' }, dwell: 60 },
      ],
    }
    const d = draftOf(saved)
    expect(d.items.map((i) => i.period)).toEqual(['', 'month', 'custom'])
    expect(draftProblems(d)).toEqual({})
    expect(inputOf(d)).toEqual(saved)
    d.name = '  全天  '
    d.schedule = { from: '', to: '' }
    d.items[1]!.period = ''
    d.items[1]!.schedule = { from: '', to: '' }
    d.items[1]!.dwell = ' 50 '
    expect(inputOf(d)).toEqual({ ...saved, name: '全天', schedule: null, items: [saved.items[0], { region: '330111001', page: 'safety', dwell: 50 }, saved.items[2]] })
  })

  it('moves rows up and down, and leaves them when a row cannot move', () => {
    expect(moved(['a', 'b', 'c'], 1, -1)).toEqual(['b', 'a', 'c'])
    expect(moved(['a', 'b', 'c'], 1, 1)).toEqual(['a', 'c', 'b'])
    expect(moved(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c'])
    expect(moved(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c'])
  })

  it('reads a lap, a window and a period aloud', () => {
    expect(lapSeconds([{ dwell: 30 }, { dwell: 65 }])).toBe(95)
    expect(durationText(95)).toBe('1 分 35 秒')
    expect(durationText(3600)).toBe('1 小时')
    expect(durationText(20)).toBe('20 秒')
    expect(durationText(0)).toBe('0 秒')
    expect(windowText(null)).toBe('全天')
    expect(windowText({ from: '08:00', to: '18:00' })).toBe('每日 08:00–18:00')
    expect(windowText({ from: '20:00', to: '08:00' })).toBe('每日 20:00–08:00（跨夜）')
    expect(periodText(undefined)).toBe('大屏默认')
    expect(periodText('quarter')).toBe('本季')
    expect(periodText({ from: '2026-01-01', to: '2026-03-31' })).toBe('2026-01-01 至 2026-03-31')
  })

  it('says the server’s 400 details item by item in Chinese', () => {
    expect(detailText({ path: '/items/1/region', message: 'unknown region 339999' })).toBe('第 2 项 区域：区域 339999 不存在')
    expect(detailText({ path: '/items/0/schedule', message: 'from and to are the same time: the window is empty' })).toBe('第 1 项 时段：开始和结束时间不能相同')
    expect(detailText({ path: '/items/0/period', message: 'not a calendar day' })).toBe('第 1 项 时间范围：日期不存在')
    expect(detailText({ path: '/items/2/period', message: 'the range ends before it starts' })).toBe('第 3 项 时间范围：结束日期早于开始日期')
    expect(detailText({ path: '/schedule', message: 'from and to are the same time: the window is empty' })).toBe('时段：开始和结束时间不能相同')
    expect(detailText({ path: '/items/0/dwell', message: 'must be <= 3600' })).toBe('第 1 项 停留时间：取值超出允许范围')
    expect(detailText({ path: '/name', message: 'something else' })).toBe('方案名称：填写有误')
  })
})
