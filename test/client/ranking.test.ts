import { describe, expect, it } from 'vitest'
import { endsOf, ENDS_SHOWN, pagesOf, rankingRows, type RankedChild } from '../../client/src/panels/ranking/rows'
import { rankScope } from '../../client/src/panels/ranking/scope'
import type { RegionDetail } from '../../shared/summary/detail'
import { shortName, wholeOf } from '../../shared/summary/rankScope'

const child = (code: string, value: number | null, lastYear?: number | null): RankedChild => ({
  code,
  name: `镇${code}`,
  value,
  compare: lastYear === undefined ? {} : { lastYear },
})

describe('the ranking (晾晒)', () => {
  it('puts the best first whichever way is better, children without a figure last', () => {
    const kids = [child('a', 0.12), child('b', null), child('c', 0.08), child('d', 0.2)]
    expect(rankingRows(kids, 'cases.urgeRate').map((r) => r.code)).toEqual(['c', 'a', 'd', 'b'])
    expect(rankingRows(kids, 'cases.satisfactionRate').map((r) => r.code)).toEqual(['d', 'a', 'c', 'b'])
    const rows = rankingRows(kids, 'cases.urgeRate')
    expect(rows.map((r) => r.rank)).toEqual([1, 2, 3, null])
    expect(rows.map((r) => r.text)).toEqual(['8.0%', '12.0%', '20.0%', '—'])
  })

  it('gives equal figures the same rank (1, 2, 2, 4)', () => {
    const rows = rankingRows([child('a', 5), child('b', 3), child('c', 3), child('d', 1)], 'cases.overdue')
    expect(rows.map((r) => [r.code, r.rank])).toEqual([['d', 1], ['b', 2], ['c', 2], ['a', 4]])
  })

  it('marks the best three 红榜 and the worst three 黑榜 of all 23 townships, fewer when there are few, none for two', () => {
    const kids = Array.from({ length: 23 }, (_, i) => child(String(100 + i), 0.5 + i / 100))
    const rows = rankingRows(kids, 'cases.onTimeRate')
    expect(rows).toHaveLength(23)
    expect(rows.filter((r) => r.standing === 'top').map((r) => r.code)).toEqual(['122', '121', '120'])
    expect(rows.filter((r) => r.standing === 'bottom').map((r) => r.code)).toEqual(['102', '101', '100'])
    const two = rankingRows([child('x', 0.9), child('y', 0.8)], 'cases.onTimeRate')
    expect(two.map((r) => r.standing)).toEqual([null, null])
    const five = rankingRows(['a', 'b', 'c', 'd', 'e'].map((c, i) => child(c, 0.9 - i / 10)), 'cases.onTimeRate')
    expect(five.map((r) => r.standing)).toEqual(['top', null, null, null, 'bottom'])
    // A child without a figure is on neither list.
    expect(rankingRows([child('x', 0.9), child('y', 0.8), child('w', 0.7), child('v', 0.6), child('z', null)], 'cases.onTimeRate').map((r) => r.standing)).toEqual(['top', null, null, 'bottom', null])
  })

  it('lets ties share their fate: eight at 100% are all on the 红榜, nobody is on either when all are equal', () => {
    const kids = [...Array.from({ length: 8 }, (_, i) => child(`a${i}`, 1)), ...Array.from({ length: 10 }, (_, i) => child(`b${i}`, 0.9 - i / 100)), child('z', 0.5), child('y', 0.95)]
    const rows = rankingRows(kids, 'cases.onTimeRate')
    expect(rows.filter((r) => r.standing === 'top').map((r) => r.code)).toEqual(['a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7'])
    expect(rows.filter((r) => r.standing === 'bottom').map((r) => r.code)).toEqual(['b8', 'b9', 'z'])
    expect(rankingRows([child('x', 1), child('y', 1), child('w', 1), child('v', 1)], 'cases.onTimeRate').every((r) => r.standing === null)).toBe(true)
    // Two at the very bottom tie: both on the 黑榜, and nobody else's rank is pushed onto it.
    const low = rankingRows(['p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', 'zz'].map((c, i) => child(c, i < 10 ? 0.9 - i / 100 : 0.2)), 'cases.onTimeRate')
    expect(low.map((r) => r.standing)).toEqual(['top', 'top', 'top', null, null, null, null, null, null, 'bottom', 'bottom', 'bottom'])
  })

  it('puts nobody on a 红黑榜 for a volume: more cases is neither good nor bad', () => {
    const rows = rankingRows([child('a', 300), child('b', 100), child('c', 200)], 'cases.total')
    expect(rows.map((r) => r.code)).toEqual(['a', 'c', 'b'])
    expect(rows.every((r) => r.standing === null)).toBe(true)
    expect(rows.map((r) => r.text)).toEqual(['300件', '200件', '100件'])
    expect(rows.map((r) => r.share)).toEqual([1, 2 / 3, 1 / 3])
  })

  it("shows each child's change against last year, coloured by the figure's rule", () => {
    const [worse, better] = rankingRows([child('a', 0.2, 0.15), child('b', 0.1, 0.12)], 'cases.urgeRate').reverse()
    expect(worse!.changeText).toEqual({ arrow: '▲', text: '5.0' })
    expect(worse!.change.verdict).toBe('worse')
    expect(better!.change.verdict).toBe('better')
    const [count] = rankingRows([child('a', 120, 100)], 'cases.total')
    expect(count!.changeText).toEqual({ arrow: '▲', text: '20.0%' })
    expect(rankingRows([child('a', 120)], 'cases.total')[0]!.changeText.text).toBe('—')
  })

  it('pages rows evenly when they do not all fit', () => {
    const rows = Array.from({ length: 23 }, (_, i) => i)
    expect(pagesOf(rows, 10).map((p) => p.length)).toEqual([8, 8, 7])
    expect(pagesOf(rows, 23)).toEqual([rows])
    expect(pagesOf([], 5)).toEqual([[]])
    expect(pagesOf(rows, 10).flat()).toEqual(rows)
  })

  it('shows the two ends of a long ranking, as many as fit beside the line between, at most five', () => {
    const rows = rankingRows(Array.from({ length: 65 }, (_, i) => child(String(100 + i), i === 64 ? null : i / 100)), 'cases.urgeRate')
    const ends = endsOf(rows, 11)!
    expect(ENDS_SHOWN).toBe(5)
    expect(ends.best.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5])
    // The worst with a figure: the one without ranks nowhere and is counted apart.
    expect(ends.worst.map((r) => r.rank)).toEqual([60, 61, 62, 63, 64])
    expect([ends.between, ends.unranked]).toEqual([54, 1])
    expect(ends.worst.at(-1)!.standing).toBe('bottom')
    // A short panel: fewer at each end; a tall one: still five.
    expect(endsOf(rows, 7)!.best).toHaveLength(3)
    expect(endsOf(rows, 30)!.best).toHaveLength(5)
    // Everything fits, or too few figures for two ends: none.
    expect(endsOf(rows.slice(0, 11), 11)).toBeNull()
    expect(endsOf(rankingRows([child('a', 0.1), child('b', null), child('c', null), child('d', null)], 'cases.urgeRate'), 3)).toBeNull()
  })
})

describe('what the ranking ranks', () => {
  const row = (code: string, name: string, level: 'city' | 'district' | 'town', value: number, parentName?: string) =>
    ({ ...child(code, value), name, level, ...(parentName ? { parent: code.slice(0, 4) + '00', parentName } : {}) }) as unknown as RegionDetail['children'][number]
  const detail = (over: Partial<RegionDetail>) => ({ children: [row('330100', '杭州市', 'city', 5), row('330400', '嘉兴市', 'city', 2)], ...over }) as RegionDetail

  it("ranks a province's districts when the detail carries them, titled with the scope, each named with its city", () => {
    const grand = [row('330111', '富阳区', 'district', 3, '杭州市'), row('330411', '秀洲区', 'district', 2, '嘉兴市'), row('330127', '淳安县', 'district', 1, '杭州市')]
    const scope = rankScope(detail({ grandchildren: grand as RegionDetail['grandchildren'] }), { name: '浙江省', level: 'province' })
    expect(scope).toMatchObject({ below: true, withinNamed: true, level: 'district', title: '全省区县排名' })
    expect(rankingRows(scope.rows, 'cases.total').map((r) => [r.within, r.name])).toEqual([
      ['杭州', '富阳区'],
      ['嘉兴', '秀洲区'],
      ['杭州', '淳安县'],
    ])
  })

  it("names a grandchild alone when all lie in one child (a city of one district's towns)", () => {
    const grand = [row('330411001', '王店镇', 'town', 3, '秀洲区'), row('330411002', '新塍镇', 'town', 2, '秀洲区')]
    const scope = rankScope(detail({ grandchildren: grand as RegionDetail['grandchildren'] }), { name: '嘉兴市', level: 'city' })
    expect(scope).toMatchObject({ below: true, withinNamed: false, title: '全市乡镇街道排名' })
    expect(rankingRows(scope.rows, 'cases.total').map((r) => [r.within, r.name])).toEqual([
      [null, '王店镇'],
      [null, '新塍镇'],
    ])
  })

  it('ranks the children as before otherwise, named alone', () => {
    const scope = rankScope(detail({}), { name: '浙江省', level: 'province' })
    expect(scope).toMatchObject({ below: false, level: 'city', title: '市排名' })
    expect(rankingRows(scope.rows, 'cases.total').map((r) => [r.within, r.name])).toEqual([
      [null, '杭州市'],
      [null, '嘉兴市'],
    ])
    // No grandchildren in them (a region without any): its children.
    expect(rankScope(detail({ grandchildren: [] }), undefined).below).toBe(false)
    expect(rankScope(null, undefined)).toMatchObject({ rows: [], title: '下级区域排名' })
  })

  it('says the whole of the region by its name, and shortens a parent name only when it stays a name', () => {
    expect([wholeOf('浙江省', 'province'), wholeOf('杭州市', 'city'), wholeOf('淳安县', 'district'), wholeOf('富阳区', 'district'), wholeOf('某地', 'city'), wholeOf(undefined, undefined)]).toEqual(['全省', '全市', '全县', '全区', '全市', ''])
    expect([shortName('杭州市'), shortName('富阳区'), shortName('春江街道'), shortName('盐区')]).toEqual(['杭州', '富阳', '春江街道', '盐区'])
  })
})
