import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { App } from '../../server/app'
import type { YipingEvent } from '../../shared/events/schema'
import type { RegionDetail } from '../../shared/summary/detail'
import type { Summary } from '../../shared/summary/schema'
import { toShanghaiIso } from '../../shared/time/shanghai'
import { adminToken, ingestHeaders, testApp } from '../helpers/app'
import { TEST_REGIONS, VILLAGES } from '../helpers/regions'

const H = 3600_000
const D = 24 * H
// Friday 2028-03-10, 12:00 in Shanghai: a leap year, so 29 February is in reach.
const NOW = Date.parse('2028-03-10T12:00:00+08:00')
const CATEGORIES = ['邻里纠纷', '劳动争议', '环境卫生', '市政设施']
const TIERS = ['grid', 'village', 'secretary', 'town', 'district'] as const

/** Two and a quarter years of history, a few cases a day, most resolved, some followed up, some urged. */
function history(): YipingEvent[] {
  let s = 2028
  const rnd = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
  const out: YipingEvent[] = []
  let i = 0
  for (let t = Date.parse('2026-01-01T08:00:00+08:00'); t < NOW - 2 * H; t += Math.floor(rnd() * 14 * H) + H) {
    const caseId = `H${++i}`
    const at = (ms: number) => toShanghaiIso(Math.min(ms, NOW - H))
    out.push({
      id: `e${caseId}`,
      type: 'case.reported',
      at: at(t),
      caseId,
      regionCode: VILLAGES[i % VILLAGES.length]!,
      source: rnd() < 0.5 ? 'hotline' : 'grid',
      category: CATEGORIES[Math.floor(rnd() * CATEGORIES.length)]!,
      size: rnd() < 0.8 ? 'minor' : 'major',
      title: '测试',
    })
    if (rnd() < 0.2) out.push({ id: `u${caseId}`, type: 'case.urged', at: at(t + H), caseId })
    if (rnd() < 0.85) {
      const resolvedAt = t + Math.floor(rnd() * 40 * H) + 2 * H
      if (resolvedAt < NOW - H) {
        out.push({ id: `r${caseId}`, type: 'case.resolved', at: at(resolvedAt), caseId, tier: TIERS[Math.floor(rnd() * TIERS.length)]! })
        if (rnd() < 0.6 && resolvedAt + D < NOW - H)
          out.push({ id: `f${caseId}`, type: 'case.followedUp', at: at(resolvedAt + D), caseId, satisfaction: rnd() < 0.8 ? 'satisfied' : 'unsatisfied' })
      }
    }
  }
  return out
}

let app: App
let auth: { authorization: string }
const get = async <T>(url: string) => {
  const res = await app.inject({ url, headers: auth })
  expect(res.statusCode, res.body).toBe(200)
  return res.json() as T
}
const q = (s: string) => encodeURIComponent(s)

beforeAll(async () => {
  ;({ app } = await testApp({ clock: () => NOW }))
  auth = { authorization: `Bearer ${await adminToken(app)}` }
  const events = history()
  for (let i = 0; i < events.length; i += 2000) {
    const res = await app.inject({ method: 'POST', url: '/api/v1/events', headers: ingestHeaders, payload: { events: events.slice(i, i + 2000) } })
    expect(res.statusCode, res.body).toBe(200)
  }
  await app.alarms.settled()
})
afterAll(async () => app?.close())

/** [first, last] as Shanghai dates, inclusive, to the API's [from, to). */
const range = (first: string, last: string) => ({
  from: `${first}T00:00:00+08:00`,
  to: toShanghaiIso(Date.parse(`${last}T00:00:00+08:00`) + D),
})

/** A period as the server writes it. */
const written = (p: { from: string; to: string }) => ({ from: toShanghaiIso(Date.parse(p.from)), to: toShanghaiIso(Date.parse(p.to)) })

const PERIODS: Array<[string, { from: string; to: string }, Record<string, [string, string]>]> = [
  ['the day 29 Feb 2028', range('2028-02-29', '2028-02-29'), { previous: ['2028-02-28', '2028-02-28'], lastYear: ['2027-02-28', '2027-02-28'] }],
  ['a Monday week spanning 29 Feb', range('2028-02-28', '2028-03-05'), { previous: ['2028-02-21', '2028-02-27'], lastYear: ['2027-02-28', '2027-03-05'] }],
  ['February 2028', range('2028-02-01', '2028-02-29'), { previous: ['2028-01-01', '2028-01-31'], lastYear: ['2027-02-01', '2027-02-28'] }],
  ['March 2027', range('2027-03-01', '2027-03-31'), { previous: ['2027-02-01', '2027-02-28'], lastYear: ['2026-03-01', '2026-03-31'] }],
  ['Q1 2028', range('2028-01-01', '2028-03-31'), { previous: ['2027-10-01', '2027-12-31'], lastYear: ['2027-01-01', '2027-03-31'] }],
  ['the year 2027', range('2027-01-01', '2027-12-31'), { previous: ['2026-01-01', '2026-12-31'], lastYear: ['2026-01-01', '2026-12-31'] }],
  ['a custom range spanning 29 Feb', range('2028-02-20', '2028-03-04'), { previous: ['2028-02-06', '2028-02-19'], lastYear: ['2027-02-20', '2027-03-04'] }],
  ['a custom range over the new year', range('2027-12-15', '2028-01-10'), { previous: ['2027-11-18', '2027-12-14'], lastYear: ['2026-12-15', '2027-01-10'] }],
  ['the month to date', range('2028-03-01', '2028-03-10'), { previous: ['2028-02-20', '2028-02-29'], lastYear: ['2027-03-01', '2027-03-10'], previousToDate: ['2028-02-01', '2028-02-10'] }],
]

describe('compare=previous,lastYear,previousToDate', () => {
  it.each(PERIODS)('for %s: each compared summary equals a direct read of its period', async (_name, period, expected) => {
    for (const region of ['330000', '330111', VILLAGES[0]!]) {
      const s = await get<Summary>(`/api/v1/summary?region=${region}&from=${q(period.from)}&to=${q(period.to)}&compare=previous,lastYear,previousToDate`)
      expect(s.period).toEqual(written(period))
      for (const kind of ['previous', 'lastYear', 'previousToDate'] as const) {
        const c = s.compare![kind]!
        const direct = await get<Summary>(`/api/v1/summary?region=${region}&from=${q(c.period.from)}&to=${q(c.period.to)}`)
        expect(c.summary, `${region} ${kind}`).toEqual(direct)
        const want = expected[kind]
        if (want) expect(c.period, kind).toEqual(written(range(...want)))
      }
      if (region === '330000') expect(s.compare!.lastYear!.summary.cases.total).toBeGreaterThan(0)
    }
  })

  it('takes the intent of a preset: 本周 compares with the first days of last week', async () => {
    const s = await get<Summary>('/api/v1/summary?region=330000&period=week&compare=previousToDate,previous')
    // Friday 10 March: the week so far is Mon 6 – Fri 10; the same days of last week are Mon 28 Feb – Fri 3 Mar.
    expect(s.period).toEqual({ from: '2028-03-06T00:00:00.000+08:00', to: '2028-03-11T00:00:00.000+08:00' })
    expect(s.compare!.previousToDate!.period).toEqual({ from: '2028-02-28T00:00:00.000+08:00', to: '2028-03-04T00:00:00.000+08:00' })
    expect(s.compare!.previous!.period).toEqual({ from: '2028-03-01T00:00:00.000+08:00', to: '2028-03-06T00:00:00.000+08:00' })
  })

  it('refuses unknown kinds and contradictory periods with 400 and details, never 500', async () => {
    for (const url of [
      '/api/v1/summary?region=330000&compare=yesterday',
      '/api/v1/summary?region=330000&compare=previous,',
      '/api/v1/summary?region=330000&period=decade',
      `/api/v1/summary?region=330000&period=month&from=${q('2028-01-01T00:00:00+08:00')}`,
      `/api/v1/summary?region=330000&from=${q('2028-03-01T00:00:00+08:00')}&to=${q('2028-01-01T00:00:00+08:00')}`,
    ]) {
      const res = await app.inject({ url, headers: auth })
      expect(res.statusCode, url).toBe(400)
      expect((res.json() as { details: unknown[] }).details.length, url).toBeGreaterThan(0)
    }
  })
})

describe('rankings: rankBy and order on /summary/detail', () => {
  const period = range('2028-01-01', '2028-03-10')
  const detail = (region: string, extra: string) =>
    get<RegionDetail>(`/api/v1/summary/detail?region=${region}&from=${q(period.from)}&to=${q(period.to)}&compare=lastYear,previous${extra}`)

  it.each([
    ['cases.total', 'desc'],
    ['cases.onTimeRate', 'asc'],
    ['cases.satisfactionRate', 'desc'],
    ['cases.urgeRate', 'asc'],
    ['cases.localResolutionRate', 'desc'],
  ] as const)('ranks every child by %s %s, nulls last, with values and compared values equal to direct reads', async (rankBy, order) => {
    for (const region of TEST_REGIONS.filter((r) => r.level !== 'village').map((r) => r.code)) {
      const d = await detail(region, `&rankBy=${rankBy}&order=${order}`)
      const kids = TEST_REGIONS.filter((r) => r.parent === region).map((r) => r.code)
      expect(d).toMatchObject({ rankBy, order })
      expect(d.children.map((c) => c.code).sort()).toEqual([...kids].sort())
      const values = d.children.map((c) => c.value)
      const present = values.filter((v): v is number => v !== null)
      expect(values.slice(present.length).every((v) => v === null), `${region}: nulls last`).toBe(true)
      expect(present).toEqual([...present].sort((a, b) => (order === 'asc' ? a - b : b - a)))
      const [path1, path2] = rankBy.split('.') as ['cases', string]
      for (const child of d.children) {
        const direct = await get<Summary>(`/api/v1/summary?region=${child.code}&from=${q(period.from)}&to=${q(period.to)}&compare=lastYear,previous`)
        const figure = (s: { cases: Record<string, unknown> }) => s[path1][path2] as number | null
        expect(child.value).toBe(figure(direct))
        expect(child.compare).toEqual({ lastYear: figure(direct.compare!.lastYear!.summary), previous: figure(direct.compare!.previous!.summary) })
        expect(child).toMatchObject({ total: direct.cases.total, overdue: direct.cases.overdue, onTimeRate: direct.cases.onTimeRate })
      }
      expect(d.comparePeriods.lastYear).toEqual({ from: '2027-01-01T00:00:00.000+08:00', to: '2027-03-11T00:00:00.000+08:00' })
    }
  })

  it('puts a rate without denominator last in either order', async () => {
    // 29 Feb alone: some villages have no follow-up that day, so their satisfaction rate is null.
    const day = range('2028-02-29', '2028-02-29')
    for (const order of ['asc', 'desc']) {
      const d = await get<RegionDetail>(`/api/v1/summary/detail?region=330111001&from=${q(day.from)}&to=${q(day.to)}&rankBy=cases.total&order=${order}`)
      expect(d.children).toHaveLength(2)
    }
    const d = await get<RegionDetail>(`/api/v1/summary/detail?region=330000&from=${q(day.from)}&to=${q(day.to)}&rankBy=cases.satisfactionRate&order=asc`)
    const nullAt = d.children.findIndex((c) => c.value === null)
    if (nullAt >= 0) expect(d.children.slice(nullAt).every((c) => c.value === null)).toBe(true)
  })

  it('refuses an unknown figure with 400 naming rankBy', async () => {
    for (const bad of ['cases.nope', 'cases', 'cases.localResolution.categories', 'region.code', 'period.from']) {
      const res = await app.inject({ url: `/api/v1/summary/detail?region=330000&rankBy=${bad}`, headers: auth })
      expect(res.statusCode, bad).toBe(400)
      expect(res.json()).toMatchObject({ details: [{ path: '/querystring/rankBy' }] })
    }
    const order = await app.inject({ url: '/api/v1/summary/detail?region=330000&order=up', headers: auth })
    expect(order.statusCode).toBe(400)
  })

  it('overlays the same calendar day last year on the 30 days and marks today partial', async () => {
    const d = await get<RegionDetail>('/api/v1/summary/detail?region=330000')
    expect(d.daily).toHaveLength(30)
    expect(d.daily.at(-1)).toMatchObject({ at: '2028-03-10T00:00:00.000+08:00', partial: true })
    expect(d.daily.slice(0, -1).every((x) => x.partial === undefined)).toBe(true)
    const feb29 = d.daily.find((x) => x.at.startsWith('2028-02-29'))!
    const feb28 = d.daily.find((x) => x.at.startsWith('2028-02-28'))!
    // 29 Feb has no twin a year before: it shows 28 Feb 2027, as 28 Feb does.
    expect(feb29.lastYear).toEqual(feb28.lastYear)
    const lastYear = d.daily.reduce((n, x) => n + x.lastYear.reported, 0)
    expect(lastYear).toBeGreaterThan(0)
    // The overlay counts reports by the day they happened: equal to a read of that day a year before.
    const mar1 = d.daily.find((x) => x.at.startsWith('2028-03-01'))!
    const ly = range('2027-03-01', '2027-03-01')
    expect(mar1.lastYear.reported).toBe((await get<Summary>(`/api/v1/summary?region=330000&from=${q(ly.from)}&to=${q(ly.to)}`)).cases.total)
  })
})

describe('GET /api/v1/periods', () => {
  it('resolves the presets to date by the server clock', async () => {
    const p = await get<{ now: string; presets: Record<string, { from: string; to: string; label: string }> }>('/api/v1/periods')
    expect(p.now).toBe('2028-03-10T12:00:00.000+08:00')
    const tomorrow = '2028-03-11T00:00:00.000+08:00'
    expect(p.presets).toEqual({
      today: { from: '2028-03-10T00:00:00.000+08:00', to: tomorrow, label: '今日' },
      week: { from: '2028-03-06T00:00:00.000+08:00', to: tomorrow, label: '本周' },
      month: { from: '2028-03-01T00:00:00.000+08:00', to: tomorrow, label: '本月' },
      quarter: { from: '2028-01-01T00:00:00.000+08:00', to: tomorrow, label: '本季' },
      year: { from: '2028-01-01T00:00:00.000+08:00', to: tomorrow, label: '本年' },
      assessment: { from: '2028-01-01T00:00:00.000+08:00', to: tomorrow, label: '考核期（本年）' },
    })
    // A preset read equals the same days read by from/to.
    const month = await get<Summary>('/api/v1/summary?region=330000&period=month')
    expect(month).toEqual(await get<Summary>(`/api/v1/summary?region=330000&from=${q(p.presets.month!.from)}&to=${q(p.presets.month!.to)}`))
  })

  it('offers the configured 考核期, cut at tomorrow while it runs', async () => {
    const { app: other } = await testApp({ clock: () => NOW, config: { assessmentPeriod: { label: '2028年度考核', from: '2027-12-01', to: '2028-12-01' } } })
    try {
      const token = await adminToken(other)
      const p = (await other.inject({ url: '/api/v1/periods', headers: { authorization: `Bearer ${token}` } })).json() as { presets: Record<string, unknown> }
      expect(p.presets.assessment).toEqual({ from: '2027-12-01T00:00:00.000+08:00', to: '2028-03-11T00:00:00.000+08:00', label: '2028年度考核' })
      const s = (await other.inject({ url: '/api/v1/summary?region=330000&period=assessment', headers: { authorization: `Bearer ${token}` } })).json() as Summary
      expect(s.period).toEqual({ from: '2027-12-01T00:00:00.000+08:00', to: '2028-03-11T00:00:00.000+08:00' })
    } finally {
      await other.close()
    }
  })
})

describe('OpenAPI', () => {
  it('describes periods, comparisons and rankings from the same schemas', async () => {
    type Param = { name: string; in: string }
    type Op = { parameters?: Param[]; responses?: Record<string, { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> }> }
    const spec = (await app.inject({ url: '/docs/json' })).json() as { paths: Record<string, { get?: Op }> }
    const names = (path: string) => (spec.paths[path]?.get?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name)
    expect(names('/api/v1/summary')).toEqual(expect.arrayContaining(['region', 'from', 'to', 'period', 'compare']))
    expect(names('/api/v1/summary/detail')).toEqual(expect.arrayContaining(['region', 'from', 'to', 'period', 'compare', 'rankBy', 'order']))
    const body = (path: string) => Object.keys(spec.paths[path]?.get?.responses?.['200']?.content?.['application/json']?.schema?.properties ?? {})
    expect(body('/api/v1/summary')).toEqual(expect.arrayContaining(['period', 'compare', 'alarms']))
    expect(body('/api/v1/summary/detail')).toEqual(expect.arrayContaining(['period', 'rankBy', 'order', 'comparePeriods', 'children']))
    expect(body('/api/v1/periods')).toEqual(['now', 'presets'])
  })
})
