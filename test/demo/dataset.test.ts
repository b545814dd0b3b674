import { beforeAll, describe, it, expect } from 'vitest'
import { CASE_STAGES, LOCAL_TIERS, RISK_KINDS } from '../../shared/domain/vocabulary'
import type { YipingEvent } from '../../shared/events/schema'
import { shanghaiDay } from '../../shared/time/shanghai'
import { dayKind, SPRING_FESTIVAL } from '../../server/demo/calendar'
import { countDemoCases, FIRE_STATIONS } from '../../server/demo/dataset'
import { ARTICLE, DEMO_DISPUTES } from '../../server/demo/figures'
import { demoFrame, type Span } from '../../server/demo/frame'
import { demoRegions } from '../../server/demo/regions'
import { codeOf, generate, localHour, pct, regions, replay, tree, validate, type CaseLife } from './replay'

const NOW = Date.parse('2026-12-01T10:00:00+08:00')
const DAY = 86_400_000

describe('demo regions', () => {
  it('is a tree with unique codes, the real codes and names unique among siblings', () => {
    expect(new Set(regions.map((r) => r.code)).size).toBe(regions.length)
    const real = { '330000': '浙江省', '330100': '杭州市', '330400': '嘉兴市', '330111': '富阳区', '330112': '临安区', '330127': '淳安县', '330411': '秀洲区' }
    for (const [code, name] of Object.entries(real)) expect(tree.get(code)?.name).toBe(name)
    expect(tree.root.code).toBe('330000')
    for (const node of tree.nodes.values()) {
      const names = node.children.map((c) => tree.get(c)!.name)
      expect(new Set(names).size).toBe(names.length)
      if (node.level === 'town') expect(node.children.length).toBeGreaterThanOrEqual(6)
      if (node.level === 'town') expect(node.children.length).toBeLessThanOrEqual(14)
      if (node.parent && ['town', 'village'].includes(node.level)) expect(node.code).toMatch(new RegExp(`^${node.parent}\\d{3}$`))
      expect(node.lng).toBeTypeOf('number')
      expect(node.lat).toBeTypeOf('number')
      if (node.level === 'village') {
        const town = tree.get(node.parent!)!
        expect(Math.hypot(node.lng! - town.lng!, node.lat! - town.lat!)).toBeLessThan(0.04)
      }
    }
    expect(regions.filter((r) => r.level === 'town')).toHaveLength(74)
    expect(tree.get('330111001')?.name).toBe('富春街道')
    expect(tree.get('330411009')?.name).toBe('油车港镇')
    const under = (town: string) => tree.get(codeOf(town))!.children.map((c) => tree.get(c)!.name)
    expect(under('春江街道')).toEqual(expect.arrayContaining(['春江村', '中沙村', '太平村']))
    expect(under('万市镇')).toEqual(expect.arrayContaining(['彭家村', '槎源坞村']))
    expect(under('龙岗镇')).toEqual(expect.arrayContaining(['仙人塘村', '汤家湾村']))
    expect(demoRegions()).toEqual(regions)
  })

  it('places 23 fire stations in 秀洲', () => {
    expect(FIRE_STATIONS).toHaveLength(ARTICLE.xiuzhouFireStations)
    expect(new Set(FIRE_STATIONS.map((s) => s.name)).size).toBe(23)
    for (const s of FIRE_STATIONS) {
      expect(tree.isWithin(s.townCode, '330411')).toBe(true)
      expect(Math.hypot(s.lng - 120.71, s.lat - 30.76)).toBeLessThan(0.3)
    }
  })
})

describe('demo dataset (scale 0.02)', () => {
  // Early in a year, mid-summer, and a 29 February (the windows' dates shift around it).
  for (const now of [NOW, Date.parse('2026-01-02T09:30:00+08:00'), Date.parse('2026-06-15T15:00:00+08:00'), Date.parse('2028-02-29T12:00:00+08:00')]) {
    it(`is valid, in whole stories, and obeys the case rules up to ${new Date(now).toISOString()}`, () => {
      const { events } = generate(now, 0.02)
      validate(events, now)
      const { cases, risks } = replay(events)
      expect(cases.size).toBe(countDemoCases({ regions, now, scale: 0.02 }))
      expect(cases.size).toBeGreaterThan(2000)
      const reported = [...cases.values()].map((c) => c.reportedAt)
      // Two full years up to now: the first reports on the history's first day.
      expect(Math.min(...reported) - demoFrame(now).from).toBeLessThan(2 * DAY)
      expect(new Set([...risks.values()].map((r) => r.kind))).toEqual(new Set(RISK_KINDS))
      expect(new Set([...cases.values()].map((c) => c.e.backlogLevel).filter(Boolean)).size).toBe(4)
      expect(new Set([...cases.values()].map((c) => c.e.source)).size).toBe(6)
      expect([...risks.values()].some((r) => r.status === 'alarm')).toBe(true)
    })
  }

  it('is deterministic for a seed and differs between seeds', () => {
    const a = generate(NOW, 0.02, 7).events
    expect(JSON.stringify(generate(NOW, 0.02, 7).events)).toBe(JSON.stringify(a))
    expect(JSON.stringify(generate(NOW, 0.02, 8).events)).not.toBe(JSON.stringify(a))
  })
})

describe('demo history at scale 1: two years, shaped by the calendar, the source figures', () => {
  const frame = demoFrame(NOW)
  let events: YipingEvent[] = []
  let all: CaseLife[] = []
  let risks: ReturnType<typeof replay>['risks']
  beforeAll(() => {
    events = generate(NOW, 1).events
    const state = replay(events)
    risks = state.risks
    all = [...state.cases.values()]
  }, 120_000)
  const inSpan = (list: CaseLife[], s: Span) => list.filter((c) => c.reportedAt >= s.from && c.reportedAt < s.to)
  const within = (list: CaseLife[], code: string) => list.filter((c) => tree.isWithin(c.e.regionCode, code))
  const month = (list: CaseLife[], y: number, m: number) =>
    list.filter((c) => {
      const d = new Date(c.reportedAt + 8 * 3_600_000)
      return d.getUTCFullYear() === y && d.getUTCMonth() === m
    }).length
  const windows = { current: frame.current, previous: frame.previous }

  it('is valid, about 60,000 cases a year, and counted exactly in advance', () => {
    validate(events, NOW)
    expect(all.length).toBe(countDemoCases({ regions, now: NOW, scale: 1 }))
    for (const span of Object.values(windows)) {
      expect(inSpan(all, span).length).toBeGreaterThan(55_000)
      expect(inSpan(all, span).length).toBeLessThan(66_000)
    }
  })

  it('reproduces the article: 银湖 hotline and 催办率, 矛盾不出村, 富阳积案, 淳安满意率, in the twelve months to now', () => {
    for (const span of Object.values(windows)) {
      const yinhu = within(inSpan(all, span), codeOf('银湖街道'))
      expect(Math.abs(yinhu.filter((c) => c.e.source === 'hotline').length - ARTICLE.yinhuHotlineCases)).toBeLessThan(0.03 * ARTICLE.yinhuHotlineCases)
      const disputes = inSpan(all, span).filter((c) => DEMO_DISPUTES.includes(c.e.category) && c.resolved)
      expect(Math.abs(pct(disputes.filter((c) => LOCAL_TIERS.includes(c.tier as never)).length, disputes.length) - 90)).toBeLessThan(1.5)
    }
    const current = inSpan(all, frame.current)
    const yinhu = within(current, codeOf('银湖街道'))
    expect(Math.abs(pct(yinhu.filter((c) => c.urged).length, yinhu.length) - 100 * ARTICLE.yinhuUrgeRate)).toBeLessThan(0.25)
    // The four dispute categories of the issue on their own give the same rate.
    const core = current.filter((c) => ['邻里纠纷', '婚姻家庭', '劳动争议', '土地纠纷'].includes(c.e.category) && c.resolved)
    expect(Math.abs(pct(core.filter((c) => LOCAL_TIERS.includes(c.tier as never)).length, core.length) - 90)).toBeLessThan(1.5)
    const followed = within(current, '330127').filter((c) => c.closed)
    expect(Math.abs(pct(followed.filter((c) => c.satisfaction !== 'unsatisfied').length, followed.length) - 100 * ARTICLE.chunanSatisfaction)).toBeLessThan(0.15)
    const backlog = (span: Span, level: string) => within(inSpan(all, span), '330111').filter((c) => c.e.backlogLevel === level)
    for (const level of ['national', 'provincial', 'municipal'] as const) {
      expect(backlog(frame.current, level)).toHaveLength(ARTICLE.fuyangBacklog[level])
      expect(backlog(frame.previous, level)).toHaveLength(ARTICLE.fuyangBacklogBefore[level])
      expect(backlog(frame.current, level).every((c) => c.resolved)).toBe(true)
    }
    expect(all.filter((c) => c.e.backlogLevel && !c.resolved).every((c) => c.e.backlogLevel === 'district')).toBe(true)
    expect(within(current, codeOf('槎源坞村')).filter((c) => c.e.source === 'petition' || c.e.backlogLevel)).toHaveLength(0)
  })

  it('makes 淳安 labour disputes fall 37.8 % and 龙岗镇 telecom fraud by 110 fall 44 % year on year', () => {
    const count = (span: Span, code: string, category: string) => within(inSpan(all, span), code).filter((c) => c.e.category === category)
    const labour = [frame.previous, frame.current].map((s) => count(s, '330127', '劳动争议').length)
    expect(labour[0]).toBe(ARTICLE.chunanLabour.previous)
    expect(1 - labour[1]! / labour[0]!).toBeCloseTo(ARTICLE.chunanLabour.fall, 3)
    const fraud = [frame.previous, frame.current].map((s) => count(s, codeOf('龙岗镇'), '电信诈骗'))
    expect(fraud.flat().every((c) => c.e.source === 'police')).toBe(true)
    expect(fraud[0]).toHaveLength(ARTICLE.longgangFraud.previous)
    expect(1 - fraud[1]!.length / fraud[0]!.length).toBeCloseTo(ARTICLE.longgangFraud.fall, 3)
  })

  it('has the risk points of the article: 淳安 740+ water-side points and 218 hazards, 秀洲 1,032 sites', () => {
    const list = [...risks.values()]
    const inDistrict = (d: string) => list.filter((r) => tree.isWithin(r.regionCode, d))
    const water = inDistrict('330127').filter((r) => r.kind === 'water').length
    expect(water).toBeGreaterThanOrEqual(ARTICLE.chunanWaterPoints)
    expect(water).toBeLessThan(800)
    expect(inDistrict('330127').filter((r) => r.registeredAt >= frame.current.from)).toHaveLength(ARTICLE.chunanHazards)
    expect(inDistrict('330411').filter((r) => ['fire', 'building'].includes(r.kind))).toHaveLength(ARTICLE.xiuzhouSites)
    expect(list.filter((r) => r.status === 'alarm').length).toBeGreaterThanOrEqual(3)
    expect(list.filter((r) => r.status === 'alarm').length).toBeLessThanOrEqual(8)
    expect(list.filter((r) => r.status === 'rectifying').length).toBeGreaterThanOrEqual(12)
  })

  it('dips at 春节 (February below January and March), peaks 涉水 and 噪声 in summer, is quieter at weekends', () => {
    for (const year of [2025, 2026]) {
      const feb = month(all, year, 1)
      expect(feb).toBeLessThan(month(all, year, 0))
      expect(feb).toBeLessThan(month(all, year, 2))
      // The festival week (除夕 to 初六) against the four weeks before it, per day.
      const festival = shanghaiDay(Date.parse(`${SPRING_FESTIVAL[year]}T12:00:00+08:00`))
      const perDay = (first: number, days: number) => all.filter((c) => shanghaiDay(c.reportedAt) >= first && shanghaiDay(c.reportedAt) < first + days).length / days
      expect(perDay(festival - 1, 7)).toBeLessThan(0.6 * perDay(festival - 35, 28))
    }
    const summer = (category: string, y: number) => month(all.filter((c) => c.e.category === category), y, 6) + month(all.filter((c) => c.e.category === category), y, 7)
    const winter = (category: string, y: number) => month(all.filter((c) => c.e.category === category), y, 0) + month(all.filter((c) => c.e.category === category), y, 1)
    expect(summer('涉水安全', 2026)).toBeGreaterThan(4 * winter('涉水安全', 2026))
    expect(summer('噪声扰民', 2026)).toBeGreaterThan(1.8 * winter('噪声扰民', 2026))
    const byKind = { workday: 0, restday: 0 }
    const days = { workday: new Set<number>(), restday: new Set<number>() }
    for (const c of inSpan(all, frame.current)) {
      const kind = dayKind(shanghaiDay(c.reportedAt))
      if (kind === 'holiday') continue
      byKind[kind]++
      days[kind].add(shanghaiDay(c.reportedAt))
    }
    expect(byKind.restday / days.restday.size).toBeLessThan(0.8 * (byKind.workday / days.workday.size))
  })

  it('works in working hours: nothing but reports between 20:00 and 08:00, 大事 settled on working days', () => {
    const steps = events.filter((e) => e.type !== 'case.reported' && e.type !== 'risk.registered' && e.type !== 'risk.status')
    expect(steps.length).toBeGreaterThan(500_000)
    const outside = steps.filter((e) => {
      const h = localHour(Date.parse(e.at))
      return h < 8 || h >= 20
    })
    expect(outside).toHaveLength(0)
    const byId = new Map(all.map((c) => [c.e.caseId, c]))
    const majorResolutions = events.filter((e) => e.type === 'case.resolved' && byId.get(e.caseId)!.e.size === 'major')
    expect(majorResolutions.every((e) => dayKind(shanghaiDay(Date.parse(e.at))) === 'workday')).toBe(true)
    // A 小事 reported late in the evening waits for the morning: taken up and mostly settled the
    // next day, and some of those run overdue.
    const assigned = new Map(events.flatMap((e) => (e.type === 'case.stage' && e.stage === 'assign' ? [[e.caseId, Date.parse(e.at)] as const] : [])))
    const evening = all.filter((c) => c.e.size === 'minor' && c.resolved && localHour(c.reportedAt) >= 21)
    expect(evening.length).toBeGreaterThan(1000)
    for (const c of evening) {
      const at = assigned.get(c.e.caseId)!
      expect(shanghaiDay(at)).toBeGreaterThan(shanghaiDay(c.reportedAt))
      expect(localHour(at)).toBeGreaterThanOrEqual(8)
    }
    expect(pct(evening.filter((c) => shanghaiDay(c.resolvedAt!) === shanghaiDay(c.reportedAt) + 1).length, evening.length)).toBeGreaterThan(80)
    expect(evening.filter((c) => c.resolvedAt! > c.reportedAt + DAY).length).toBeGreaterThan(0)
    // About 93 % on time overall, 淳安 quicker.
    const resolved = inSpan(all, frame.current).filter((c) => c.resolved)
    const onTime = (list: CaseLife[]) => pct(list.filter((c) => c.resolvedAt! <= c.reportedAt + (c.e.size === 'minor' ? 1 : 30) * DAY).length, list.length)
    expect(Math.abs(onTime(resolved) - 93)).toBeLessThan(2)
    expect(onTime(within(resolved, '330127'))).toBeGreaterThan(onTime(resolved))
  })

  it('leaves recent cases open at every stage, some of them overdue', () => {
    const open = all.filter((c) => !c.closed)
    for (const stage of CASE_STAGES) expect(open.filter((c) => c.stage === stage).length).toBeGreaterThan(0)
    expect(open.filter((c) => c.e.size === 'minor' && !c.resolved && c.reportedAt + DAY < NOW).length).toBeGreaterThan(0)
    const reporters = all.filter((c) => c.e.reporter)
    expect(Math.abs(pct(reporters.length, all.length) - 33.3)).toBeLessThan(2)
    expect(reporters.every((c) => /^1\d{10}$/.test(c.e.reporter!.phone))).toBe(true)
  })
})
