import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { App } from '../../../server/app'
import type { CaseView } from '../../../shared/api/cases'
import { RISK_STATUSES } from '../../../shared/domain/vocabulary'
import type { YipingEvent } from '../../../shared/events/schema'
import type { RegionDetail } from '../../../shared/summary/detail'
import type { Summary } from '../../../shared/summary/schema'
import { adminToken, ingestHeaders, testApp } from '../../helpers/app'
import { followedUp, reported, resolved, riskRegistered, riskStatus, urged } from '../../helpers/events'
import { pdfLines } from '../../helpers/pdf'

const at = (iso: string) => Date.parse(`${iso}+08:00`)
const NOW = at('2026-06-15T15:00:00')
const FY = ['330111001001', '330111001002', '330111002001', '330111002002']
const PHONE = '13812345678'

let app: App
let auth: { authorization: string }

/** A month of 富阳区 beside the same weeks of May and of June last year, a few red, a risk in alarm. */
function history(): YipingEvent[] {
  const ev: YipingEvent[] = []
  const add = (id: string, when: string, village: string, category: string, extra: { resolve?: 'grid' | 'village' | 'town'; followUp?: boolean; urge?: boolean; major?: boolean; reporter?: boolean } = {}) => {
    const t = at(when)
    ev.push(reported(id, village, t, { category, size: extra.major ? 'major' : 'minor', title: `${category}${id}`, ...(extra.reporter ? { reporter: { name: '张晓丰', phone: PHONE } } : {}) }))
    if (extra.urge) ev.push(urged(id, t + 2 * 3600_000))
    if (extra.resolve) ev.push(resolved(id, extra.resolve, t + 6 * 3600_000))
    if (extra.resolve && extra.followUp) ev.push(followedUp(id, 'satisfied', t + 8 * 3600_000))
  }
  // June 2026 (the period): 邻里纠纷 and 噪声扰民 rising, two overdue, one of them with a reporter.
  for (let i = 0; i < 6; i++) add(`J${i}`, `2026-06-0${2 + i}T10:00:00`, FY[i % 4]!, '邻里纠纷', { resolve: i < 4 ? (i % 2 ? 'grid' : 'town') : undefined, followUp: i < 3, urge: i === 1 })
  for (let i = 0; i < 4; i++) add(`N${i}`, `2026-06-1${i}T09:30:00`, FY[(i + 1) % 4]!, '噪声扰民', { resolve: i < 2 ? 'village' : undefined, major: i === 3, reporter: i === 2 })
  add('L0', '2026-06-12T11:00:00', FY[0]!, '劳动争议', { resolve: 'grid', followUp: true })
  // May 2026 (环比 period May 1–15).
  for (let i = 0; i < 4; i++) add(`M${i}`, `2026-05-0${3 + i}T10:00:00`, FY[i % 4]!, i < 3 ? '邻里纠纷' : '劳动争议', { resolve: 'village', followUp: true, urge: i === 0 })
  add('M9', '2026-05-08T10:00:00', FY[1]!, '噪声扰民', { resolve: 'grid', followUp: true })
  // June 2025 (同比 period).
  for (let i = 0; i < 7; i++) add(`Y${i}`, `2025-06-0${2 + i}T10:00:00`, FY[i % 4]!, i < 2 ? '噪声扰民' : '邻里纠纷', { resolve: i % 3 ? 'grid' : 'town', followUp: i < 5, urge: i < 2 })
  ev.push(riskRegistered('R1', FY[2]!, 'water'), riskRegistered('R2', FY[3]!, 'fire'), riskStatus('R1', 'alarm'))
  return ev
}

beforeAll(() => {
  expect(new Date(NOW).toISOString()).toBe('2026-06-15T07:00:00.000Z')
})

async function setup(): Promise<void> {
  ;({ app } = await testApp({ clock: () => NOW }))
  auth = { authorization: `Bearer ${await adminToken(app)}` }
  const res = await app.inject({ method: 'POST', url: '/api/v1/events', headers: ingestHeaders, payload: { events: history() } })
  expect(res.statusCode, res.body).toBe(200)
  await app.alarms.settled()
}
afterEach(async () => app?.close())

const get = <T>(url: string) => app.inject({ url, headers: auth }).then((r) => r.json() as T)

async function countAll(qs: string): Promise<number> {
  let n = 0
  let cursor: string | null = null
  do {
    const body: { items: CaseView[]; nextCursor: string | null } = await get(`/api/v1/cases?${qs}&limit=500${cursor ? `&cursor=${cursor}` : ''}`)
    n += body.items.length
    cursor = body.nextCursor
  } while (cursor)
  return n
}

/** Figures as people write them, independently of the server's formatting code. */
const count = (n: number | null) => (n === null ? '—' : n.toLocaleString('en-US'))
const rate = (r: number | null) => (r === null ? '—' : r === 1 || r === 0 ? `${r * 100}%` : `${(r * 100).toFixed(1)}%`)

describe('briefing PDF', () => {
  it('names the region and period and carries the figures REST answers, with 同比 and 环比', async () => {
    await setup()
    const res = await app.inject({ url: '/api/v1/reports/briefing?region=330111&period=month&format=pdf', headers: auth })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('application/pdf')
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="briefing-330111-20260601-20260615\.pdf"; filename\*=UTF-8''/)
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-')
    const pages = await pdfLines(res.rawPayload)
    const lines = pages.flat()
    const text = lines.join('\n')

    expect(lines[0]).toMatch(/^研\s*判\s*简\s*报$/)
    expect(lines[1]).toBe('富阳区 2026年6月1日至6月15日（本月）')
    expect(text).toContain('浙江省 › 杭州市 › 富阳区')
    expect(text).toContain('生成时间 2026-06-15 15:00')
    expect(pages.at(-1)!.at(-1)).toContain(`第 ${pages.length} 页 / 共 ${pages.length} 页`)

    const s = await get<Summary>('/api/v1/summary?region=330111&period=month&compare=lastYear,previousToDate')
    const ly = s.compare!.lastYear!
    const prev = s.compare!.previousToDate!
    expect(ly.period.from).toBe('2025-06-01T00:00:00.000+08:00')
    expect(prev.period).toEqual({ from: '2026-05-01T00:00:00.000+08:00', to: '2026-05-16T00:00:00.000+08:00' })
    expect(text).toContain('同比期 2025年6月1日至6月15日；环比期 2026年5月1日至5月15日')
    const row = (label: string) => lines.find((l) => l.startsWith(`${label} `))!
    const rows: Array<[string, (x: Summary['cases']) => number | null, (n: number | null) => string]> = [
      ['受理量', (c) => c.total, count],
      ['已办结', (c) => c.resolved, count],
      ['已回访', (c) => c.closed, count],
      ['按期办结率', (c) => c.onTimeRate, rate],
      ['催办率', (c) => c.urgeRate, rate],
      ['回访率', (c) => c.followUpRate, rate],
      ['满意率', (c) => c.satisfactionRate, rate],
      ['矛盾不出村', (c) => c.localResolutionRate, rate],
      ['矛盾不出镇街', (c) => c.townResolutionRate, rate],
    ]
    for (const [label, pick, fmt] of rows) {
      const cells = row(label).split(' ')
      expect(cells.slice(0, 3), label).toEqual([label, fmt(pick(s.cases)), fmt(pick(ly.summary.cases))])
      expect(row(label), label).toContain(` ${fmt(pick(prev.summary.cases))} `)
    }
    expect(s.cases.total).toBe(11)
    expect(row('受理量')).toBe(`受理量 11 7 ▲ 57.1% 5 ▲ 120%`)
    expect(lines).toContain([s.cases.open, s.cases.overdue, s.cases.byColor.red, s.risks.byStatus.alarm, s.alarms.open].map(count).join(' '))

    // The ranking is /summary/detail's, by 按期办结率: as on the wall, a district of two towns ranks
    // their villages (grandchildrenBelow=4), each named with its town.
    const detail = await get<RegionDetail>('/api/v1/summary/detail?region=330111&period=month&rankBy=cases.onTimeRate&compare=lastYear&grandchildrenBelow=4')
    const ranked = detail.grandchildren!.filter((c) => c.value !== null)
    expect(ranked.length).toBeGreaterThan(1)
    expect(text).toContain('三、全区村社区排名')
    expect(text).toContain('富阳区下辖乡镇街道仅 2 个（不足 4 个），与大屏一致，排名其下的村社区。')
    const rankRows = lines.filter((l) => /^\d+ \S+ \S+ (\d|—)/.test(l) && ranked.some((c) => l.includes(` ${c.parentName} ${c.name} `)))
    expect(rankRows.map((l) => l.split(' ').slice(1, 3).join(' '))).toEqual(ranked.map((c) => `${c.parentName} ${c.name}`))
    expect(rankRows.map((l) => l.split(' ')[3])).toEqual(ranked.map((c) => rate(c.value)))

    // Rising categories against May 1–15: 噪声扰民 4 vs 1, 邻里纠纷 6 vs 3.
    expect(row('噪声扰民')).toBe('噪声扰民 4 1 +3 ▲ 300%')
    expect(row('邻里纠纷')).toBe('邻里纠纷 6 3 +3 ▲ 100%')

    // Red and overdue now, counted like the case list, masked.
    const red = await countAll('region=330111&color=red')
    const overdue = await countAll('region=330111&overdue=true')
    expect(red).toBeGreaterThan(0)
    expect(text).toContain(`富阳区当前红色督办 ${red} 件、超期 ${overdue} 件`)
    expect(text).toContain('张*丰')
    expect(text).not.toContain(PHONE)
    expect(text).not.toContain('张晓丰')

    // Risks and alarms now.
    expect(lines.find((l) => l.startsWith('风险点 '))).toBe(`风险点 ${RISK_STATUSES.map((k) => s.risks.byStatus[k]).join(' ')} ${s.risks.total}`)
    expect(s.risks.byStatus.alarm).toBe(1)
    expect(text).toContain(`当前未关闭告警 ${s.alarms.open + s.alarms.acknowledged} 条`)

    const audit = (await app.store.duty.recentAudit(20)).filter((a) => a.action === 'briefing.export')
    expect(audit).toMatchObject([{ actor: 'admin', target: 'region:330111', note: 'period=2026-06-01/2026-06-16; rankBy=cases.onTimeRate' }])
  })

  it("ranks a province of two cities' districts, each with its city, and a region with no grandchildren its children", async () => {
    await setup()
    const pdf = async (region: string) => (await pdfLines((await app.inject({ url: `/api/v1/reports/briefing?region=${region}&period=month&rankBy=cases.total&format=pdf`, headers: auth })).rawPayload)).flat()
    const province = await pdf('330000')
    const detail = await get<RegionDetail>('/api/v1/summary/detail?region=330000&period=month&rankBy=cases.total&grandchildrenBelow=4')
    expect(detail.grandchildren!.map((g) => g.parentName)).toEqual(['杭州市', '嘉兴市'])
    expect(province.join('\n')).toContain('三、全省区县排名')
    expect(province.join('\n')).toContain('浙江省下辖市仅 2 个（不足 4 个），与大屏一致，排名其下的区县。')
    const rows = province.filter((l) => /^\d+ (杭州|嘉兴) /.test(l))
    expect(rows.map((l) => l.split(' ').slice(0, 4).join(' '))).toEqual(detail.grandchildren!.map((g, i) => `${i + 1} ${g.parentName.slice(0, -1)} ${g.name} ${count(g.value)}`))
    // 研判要点 says it with the scope, each with its city.
    expect(province.join('')).toContain('全省区县以受理量排名，杭州市富阳区居首')
    // 王店镇's one village has no children: its children, under the usual heading.
    const town = (await pdf('330411001')).join('\n')
    expect(town).toContain('三、下级区域排名')
    expect(town).not.toContain('与大屏一致')
  })

  it('takes from/to like the summary, and refuses bad input and other scopes with nothing rendered', async () => {
    await setup()
    const custom = await app.inject({ url: `/api/v1/reports/briefing?region=330111001&from=2026-06-02T00:00:00%2B08:00&to=2026-06-09T00:00:00%2B08:00`, headers: auth })
    expect(custom.statusCode).toBe(200)
    const lines = (await pdfLines(custom.rawPayload)).flat()
    expect(lines[1]).toBe('春江街道 2026年6月2日至6月8日')
    const s = await get<Summary>('/api/v1/summary?region=330111001&from=2026-06-02T00:00:00%2B08:00&to=2026-06-09T00:00:00%2B08:00')
    expect(lines.find((l) => l.startsWith('受理量 '))!.split(' ')[1]).toBe(String(s.cases.total))

    const bad = ['region=330111&from=2026-06-09T00:00:00%2B08:00&to=2026-06-02T00:00:00%2B08:00', 'region=330111&period=decade', 'region=330111&rankBy=cases.nothing', 'region=330111&format=docx', 'region=330111&period=month&from=2026-06-01T00:00:00%2B08:00']
    for (const qs of bad) {
      const res = await app.inject({ url: `/api/v1/reports/briefing?${qs}`, headers: auth })
      expect(res.statusCode, qs).toBe(400)
      expect(res.headers['content-type']).toMatch(/json/)
    }
    expect((await app.inject({ url: '/api/v1/reports/briefing?region=999', headers: auth })).statusCode).toBe(404)
    expect((await app.inject({ url: '/api/v1/reports/briefing?region=330111' })).statusCode).toBe(401)
    await app.inject({ method: 'POST', url: '/api/v1/accounts', headers: auth, payload: { username: 'xz', password: 'xz-password', scope: '330411' } })
    const login = await app.inject({ method: 'POST', url: '/api/v1/login', payload: { username: 'xz', password: 'xz-password' } })
    const scoped = { authorization: `Bearer ${(login.json() as { token: string }).token}` }
    expect((await app.inject({ url: '/api/v1/reports/briefing?region=330111', headers: scoped })).statusCode).toBe(403)
    expect((await app.inject({ url: '/api/v1/reports/briefing?region=330000', headers: scoped })).statusCode).toBe(403)
    expect((await app.inject({ url: '/api/v1/reports/briefing?region=330411', headers: scoped })).statusCode).toBe(200)
    const audit = (await app.store.duty.recentAudit(50)).filter((a) => a.action === 'briefing.export')
    expect(audit.map((a) => `${a.actor}:${a.target}`).sort()).toEqual(['admin:region:330111001', 'xz:region:330411'])
  })
})
