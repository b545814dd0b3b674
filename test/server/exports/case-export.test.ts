import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { App } from '../../../server/app'
import type { CaseView } from '../../../shared/api/cases'
import { adminToken, ingestHeaders, testApp } from '../../helpers/app'
import { reported, resolved, stage, T0, urged } from '../../helpers/events'
import { readXlsx } from '../../helpers/xlsx'
import { casePages } from '../../../server/reports/caseSheet/casePages'
import { regionPath } from '../../../shared/regions/tree'

let app: App
let auth: { authorization: string }
const H = 3600_000
const NOW = T0 + 30 * H
const PHONE = '13812345678'

beforeEach(async () => {
  ;({ app } = await testApp({ clock: () => NOW, config: { exportMaxRows: 30 } }))
  auth = { authorization: `Bearer ${await adminToken(app)}` }
  const events = []
  for (let i = 0; i < 30; i++)
    events.push(
      reported(`C${String(i).padStart(2, '0')}`, i % 3 === 1 ? '330411001001' : '330111001001', T0 + i * 60_000, {
        title: i === 7 ? '中沙村河道垃圾' : `楼道杂物${i}`,
        size: i % 5 === 0 ? 'major' : 'minor',
        reporter: { name: `王小${i}`, phone: `1390000${String(i).padStart(4, '0')}` },
      }),
    )
  events.push(stage('C03', 'assign', T0 + H), urged('C03', T0 + 2 * H), resolved('C04', 'grid', T0 + 3 * H))
  events.push(reported('P1', '330111001002', T0, { reporter: { name: '张晓丰', phone: PHONE } }))
  const res = await app.inject({ method: 'POST', url: '/api/v1/events', headers: ingestHeaders, payload: { events } })
  expect(res.statusCode).toBe(200)
})
afterEach(async () => app.close())

/** Every case GET /api/v1/cases pages through for a filter, page by page. */
async function listAll(qs: string): Promise<CaseView[]> {
  const out: CaseView[] = []
  let cursor: string | null = null
  do {
    const res = await app.inject({ url: `/api/v1/cases?${qs}&limit=7${cursor ? `&cursor=${cursor}` : ''}`, headers: auth })
    const body = res.json() as { items: CaseView[]; nextCursor: string | null }
    out.push(...body.items)
    cursor = body.nextCursor
  } while (cursor)
  return out
}

const exportXlsx = (qs: string, headers = auth) => app.inject({ url: `/api/v1/cases/export?${qs}&format=xlsx`, headers })
const iso = (ms: number) => encodeURIComponent(new Date(ms).toISOString())
const exportsAudited = async () => (await app.store.duty.recentAudit(100)).filter((a) => a.action === 'cases.export')

describe('case list export (XLSX)', () => {
  it('holds exactly the cases the case list pages through, in its order, masked, under a title and a frozen header', async () => {
    for (const qs of ['region=330111', 'region=330411&sort=urgent', `region=330000&color=red&from=${iso(T0 + 5 * 60_000)}&to=${iso(T0 + 25 * 60_000)}`, 'region=330000&q=河道', 'region=330000&stage=assign']) {
      const res = await exportXlsx(qs)
      expect(res.statusCode, qs).toBe(200)
      expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="cases-\d+-[\d-]+\.xlsx"; filename\*=UTF-8''/)
      const sheet = await readXlsx(res.rawPayload)
      const expected = await listAll(qs)
      const data = sheet.rows.slice(3, 3 + expected.length)
      expect(data.map((r) => r[0]), qs).toEqual(expected.map((c) => c.id))
      expect(sheet.rows[3 + expected.length]).toEqual([])
      expect(sheet.rows[4 + expected.length]![0]).toBe(`共 ${expected.length} 件（清单完）`)
      expect(sheet.rows).toHaveLength(5 + expected.length)
      expect(res.headers['x-export-rows']).toBe(String(expected.length))
      // Masked exactly as the list masks, label by label.
      for (const [i, c] of expected.entries()) {
        expect(data[i]![7]).toBe(c.reporter?.name ?? null)
        expect(data[i]![8]).toBe(c.reporter?.phone ?? null)
      }
    }
    const whole = await readXlsx((await exportXlsx('region=330111')).rawPayload)
    const cells = JSON.stringify(whole.rows)
    expect(cells).not.toContain(PHONE)
    expect(cells).not.toContain('张晓丰')
    expect(cells).not.toMatch(/1390000\d{4}/)
    expect(cells).toContain('138****5678')
    expect(whole.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 })
    expect(whole.rows[2]!.slice(0, 6)).toEqual(['案件编号', '所在区域', '来源', '类别', '大小事', '标题'])
    expect(whole.widths.every((w) => w >= 7)).toBe(true)
  })

  it('speaks Chinese in its labels and says region, period, filter and export time on top', async () => {
    const qs = `region=330111&color=red&from=${iso(Date.parse('2026-06-15T00:00:00+08:00'))}&to=${iso(Date.parse('2026-06-16T00:00:00+08:00'))}`
    const sheet = await readXlsx((await exportXlsx(qs)).rawPayload)
    expect(sheet.rows[0]![0]).toBe('富阳区案件清单')
    const facts = String(sheet.rows[1]![0])
    expect(facts).toContain('区域：富阳区（330111，含下辖）')
    expect(facts).toContain('上报时间：2026年6月15日')
    expect(facts).toContain('筛选：红色督办')
    expect(facts).toContain('导出时间：2026-06-16 15:00（admin）')
    const c03 = sheet.rows.find((r) => r[0] === 'C03')!
    expect(c03.slice(1, 6)).toEqual(['春江街道 / 春江村', '12345热线', '邻里纠纷', '小事', '楼道杂物3'])
    expect(c03.slice(11, 16)).toEqual(['在办', '审核交办', '红色督办', '超期', 1])
    // Times are Shanghai wall-clock times in the cell.
    expect((c03[9] as Date).toISOString()).toBe('2026-06-15T09:03:00.000Z')
  })

  it('reads the store page after page by the list\'s own cursor, without gaps or repeats', async () => {
    const now = NOW
    for (const [region, sort] of [['330000', 'newest'], ['330111', 'urgent']] as const) {
      const pages: string[][] = []
      for await (const page of casePages(app.store, app.regions, { region, selection: { regionPath: regionPath(app.regions, region), now }, sort, now, pageSize: 4 }))
        pages.push(page.map((r) => r.view.id))
      expect(pages.length).toBeGreaterThan(4)
      expect(pages.every((p) => p.length <= 4)).toBe(true)
      expect(pages.flat()).toEqual((await listAll(`region=${region}&sort=${sort}`)).map((c) => c.id))
    }
  })

  it('audits who exported what', async () => {
    await exportXlsx('region=330111&overdue=true')
    const [entry] = await exportsAudited()
    expect(entry).toMatchObject({ actor: 'admin', target: 'region:330111' })
    expect(entry!.note).toMatch(/region=330111&overdue=true; rows=\d+/)
  })

  it('refuses outside the scope (403), unknown regions (404) and no token (401)', async () => {
    await app.inject({ method: 'POST', url: '/api/v1/accounts', headers: auth, payload: { username: 'xz', password: 'xz-password', scope: '330411' } })
    const login = await app.inject({ method: 'POST', url: '/api/v1/login', payload: { username: 'xz', password: 'xz-password' } })
    const scoped = { authorization: `Bearer ${(login.json() as { token: string }).token}` }
    expect((await exportXlsx('region=330111', scoped)).statusCode).toBe(403)
    expect((await exportXlsx('region=330000', scoped)).statusCode).toBe(403)
    expect((await exportXlsx('region=999999')).statusCode).toBe(404)
    expect((await app.inject({ url: '/api/v1/cases/export?region=330111' })).statusCode).toBe(401)
    const own = await readXlsx((await exportXlsx('region=330411', scoped)).rawPayload)
    expect(own.rows.slice(3, -2).map((r) => r[0])).toEqual((await listAll('region=330411')).map((c) => c.id))
    expect(await exportsAudited()).toHaveLength(1)
  })

  it('refuses bad filters and too large a selection with 400, exporting nothing', async () => {
    for (const qs of ['stage=closed', 'color=blue', 'overdue=perhaps', `from=${iso(T0)}&to=${iso(T0)}`, 'from=June', 'format=csv']) {
      const res = await exportXlsx(`region=330111&${qs}`)
      expect(res.statusCode, qs).toBe(400)
      expect(res.headers['content-type']).toMatch(/json/)
      expect((res.json() as { error: string }).error).toBeTruthy()
    }
    // 31 cases in the province, over this app's limit of 30.
    const tooMany = await app.inject({ url: '/api/v1/cases/export?region=330000', headers: auth })
    expect(tooMany.statusCode).toBe(400)
    expect((tooMany.json() as { error: string }).error).toMatch(/^31 cases match; an export holds at most 30/)
    expect(await exportsAudited()).toEqual([])
    expect((await exportXlsx('region=330111')).statusCode).toBe(200)
  })
})
