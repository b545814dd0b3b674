import { describe, expect, it } from 'vitest'
import { compareHref, wallCompareRegions } from '../../client/src/compare/href'
import { compareRows, regionsFromParam, type ComparedSummary } from '../../client/src/compare/rows'

/** A summary with just the figures the comparison reads; the rest is irrelevant here. */
function summary(code: string, f: { total: number; urgeRate: number | null; satisfactionRate: number | null; open?: number }, lastYear?: { total: number; urgeRate: number | null }): ComparedSummary {
  const cases = { total: f.total, open: f.open ?? 0, resolved: 0, overdue: 0, urgeRate: f.urgeRate, followUpRate: null, satisfactionRate: f.satisfactionRate, onTimeRate: null, localResolutionRate: null }
  const s = { region: { code, name: code, level: 'town' }, period: { from: '', to: '' }, cases, alarms: { open: 0 } }
  const ly = lastYear && { region: s.region, period: s.period, cases: { ...cases, ...lastYear }, alarms: s.alarms }
  return { ...s, ...(ly ? { compare: { lastYear: { period: s.period, summary: ly } } } : {}) } as unknown as ComparedSummary
}

describe('regions side by side', () => {
  const columns = [
    { code: 'A', summary: summary('A', { total: 1200, urgeRate: 0.1, satisfactionRate: 0.95, open: 30 }, { total: 1000, urgeRate: 0.12 }) },
    { code: 'B', summary: summary('B', { total: 800, urgeRate: 0.2, satisfactionRate: 0.97 }) },
    { code: 'C', summary: summary('C', { total: 950, urgeRate: 0.15, satisfactionRate: null }) },
  ]
  const rows = compareRows(columns, '本月')
  const row = (path: string) => rows.find((r) => r.path === path)!

  it('has one cell per region in the order asked, flows labelled with the period and stocks with 当前', () => {
    expect(row('cases.total').cells.map((c) => [c.code, c.text, c.unit])).toEqual([['A', '1,200', '件'], ['B', '800', '件'], ['C', '950', '件']])
    expect(row('cases.total').counts).toBe('本月')
    expect(row('cases.open').counts).toBe('当前')
    expect(row('alarms.open').cells[0]!.unit).toBe('条')
    expect(row('cases.urgeRate').cells.map((c) => c.text)).toEqual(['10.0', '20.0', '15.0'])
  })

  it('compares flows with 同比 and 环比, never stocks', () => {
    const a = row('cases.total').cells[0]!
    expect(a.changes.map((c) => c.label)).toEqual(['同比', '环比'])
    expect(a.changes[0]!.change.delta).toBeCloseTo(20, 6)
    expect(a.changes[1]!.change.delta).toBeNull()
    expect(row('cases.urgeRate').cells[0]!.changes[0]!.change).toMatchObject({ direction: 'down', verdict: 'better' })
    expect(row('cases.open').cells[0]!.changes).toEqual([])
  })

  it('marks the best and the worst where a figure has a better direction, never for volumes', () => {
    expect(row('cases.urgeRate').cells.map((c) => c.standing)).toEqual(['best', 'worst', null])
    expect(row('cases.total').cells.every((c) => c.standing === null)).toBe(true)
    // Two regions with a figure are not enough to call one best.
    expect(row('cases.satisfactionRate').cells.every((c) => c.standing === null)).toBe(true)
  })

  it('reads 2 to 6 regions from the address, without repeats', () => {
    expect(regionsFromParam('330127001, 330127002,330127001')).toEqual({ codes: ['330127001', '330127002'], problem: null })
    expect(regionsFromParam('330127001').problem).toMatch(/至少/)
    expect(regionsFromParam(null).codes).toEqual([])
    const seven = regionsFromParam('a,b,c,d,e,f,g')
    expect(seven.codes).toEqual(['a', 'b', 'c', 'd', 'e', 'f'])
    expect(seven.problem).toMatch(/最多/)
  })

  it('links from the wall: the ranking\'s best three and worst three, over the wall\'s period', () => {
    const ranked = ['t1', 't2', 't3', 't4', 't5', 't6', 't7', 't8']
    expect(wallCompareRegions(ranked, 'd', [])).toEqual(['t1', 't2', 't3', 't6', 't7', 't8'])
    expect(wallCompareRegions(['t1', 't2'], 'd', [])).toEqual(['t1', 't2'])
    expect(wallCompareRegions([], 'v2', ['v1', 'v2', 'v3'])).toEqual(['v2', 'v1', 'v3'])
    expect(compareHref(['330127001', '330127002'], { preset: 'month' })).toBe('/compare?regions=330127001,330127002&period=month')
    expect(compareHref(['a', 'b'], { from: '2026-11-01', to: '2026-11-30' })).toBe('/compare?regions=a,b&from=2026-11-01&to=2026-11-30')
  })
})
