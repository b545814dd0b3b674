import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { App } from '../../server/app'
import type { CaseDetail, CaseView } from '../../shared/api/cases'
import { adminToken, ingestHeaders, testApp } from '../helpers/app'
import { reported, resolved, stage, T0, urged } from '../helpers/events'

let app: App
let auth: { authorization: string }
const H = 3600_000
const NOW = T0 + 30 * H

beforeEach(async () => {
  ;({ app } = await testApp({ clock: () => NOW }))
  auth = { authorization: `Bearer ${await adminToken(app)}` }
  const events = []
  for (let i = 0; i < 25; i++)
    events.push(reported(`C${String(i).padStart(2, '0')}`, i % 2 ? '330111001001' : '330411001001', T0 + i * 60_000, { title: i === 7 ? '中沙村河道垃圾' : `楼道杂物${i}`, size: i % 5 === 0 ? 'major' : 'minor' }))
  events.push(stage('C03', 'assign', T0 + H), urged('C03', T0 + 2 * H), resolved('C04', 'grid', T0 + 3 * H))
  events.push(reported('P1', '330111001002', T0, { reporter: { name: '张晓丰', phone: '13812345678' } }))
  await app.inject({ method: 'POST', url: '/api/v1/events', headers: ingestHeaders, payload: { events } })
})
afterEach(async () => app.close())

const list = async (qs: string) => {
  const res = await app.inject({ url: `/api/v1/cases?${qs}`, headers: auth })
  return { status: res.statusCode, body: res.json() as { items: CaseView[]; nextCursor: string | null; error?: string } }
}

describe('case list', () => {
  it('pages by cursor without gaps or repeats, newest first', async () => {
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const { body } = await list(`region=330000&limit=7${cursor ? `&cursor=${cursor}` : ''}`)
      seen.push(...body.items.map((c) => c.id))
      cursor = body.nextCursor
    } while (cursor)
    expect(seen).toHaveLength(26)
    expect(new Set(seen).size).toBe(26)
    expect(seen[0]).toBe('C24')
  })

  it('puts the most urgent first: unresolved, earliest due', async () => {
    const { body } = await list('region=330000&sort=urgent&limit=30')
    const ids = body.items.map((c) => c.id)
    expect(ids.at(-1)).toBe('C04')
    expect(body.items[0]!.size).toBe('minor')
    const dues = body.items.slice(0, -1).map((c) => Date.parse(c.dueAt))
    expect([...dues].sort((a, b) => a - b)).toEqual(dues)
    expect(body.items[0]).toMatchObject({ overdue: true, color: 'red' })
  })

  it('filters by subtree, overdue, colour, stage and words', async () => {
    expect((await list('region=330411&limit=100')).body.items.every((c) => c.regionCode.startsWith('330411'))).toBe(true)
    expect((await list('region=330000&q=河道')).body.items.map((c) => c.id)).toEqual(['C07'])
    expect((await list('region=330000&q=C03')).body.items.map((c) => c.id)).toEqual(['C03'])
    expect((await list('region=330000&stage=assign')).body.items.map((c) => c.id)).toEqual(['C03'])
    const overdue = (await list('region=330000&overdue=true&limit=100')).body.items
    expect(overdue.length).toBeGreaterThan(0)
    expect(overdue.every((c) => c.overdue && c.size === 'minor')).toBe(true)
    expect((await list('region=330000&color=green&limit=100')).body.items.every((c) => c.size === 'major')).toBe(true)
    expect((await list('region=330000&q=50%25')).body.items).toEqual([])
  })

  it('filters by report time, [from, to), and refuses an empty range', async () => {
    const at = (ms: number) => encodeURIComponent(new Date(ms).toISOString())
    const ids = (await list(`region=330000&from=${at(T0 + 3 * 60_000)}&to=${at(T0 + 6 * 60_000)}&limit=100`)).body.items.map((c) => c.id)
    expect(ids).toEqual(['C05', 'C04', 'C03'])
    const refused = await list(`region=330000&from=${at(T0)}&to=${at(T0)}`)
    expect(refused.status).toBe(400)
    expect(refused.body.error).toMatch(/from/)
    expect((await list('region=330000&from=yesterday')).status).toBe(400)
  })

  it('refuses a forged cursor with 400', async () => {
    const { status, body } = await list('region=330000&cursor=bm9wZQ')
    expect(status).toBe(400)
    expect(body.error).toMatch(/cursor/)
  })
})

describe('case detail', () => {
  it('has the timeline of every event of the case', async () => {
    const res = await app.inject({ url: '/api/v1/cases/C03', headers: auth })
    const d = res.json() as CaseDetail
    expect(d.case).toMatchObject({ id: 'C03', stage: 'assign', urgeCount: 1 })
    expect(d.timeline.map((t) => `${t.type}:${t.detail ?? ''}`)).toEqual(['case.reported:', 'case.stage:assign', 'case.urged:'])
    expect((await app.inject({ url: '/api/v1/cases/NOPE', headers: auth })).statusCode).toBe(404)
  })

  it('unmasks the reporter only for the personal-data permission, and logs who did', async () => {
    const d = (await app.inject({ url: '/api/v1/cases/P1', headers: auth })).json() as CaseDetail
    expect(d.case.reporter).toEqual({ name: '张*丰', phone: '138****5678' })
    expect(JSON.stringify(d)).not.toContain('13812345678')
    const un = await app.inject({ method: 'POST', url: '/api/v1/cases/P1/reporter', headers: auth })
    expect(un.json()).toEqual({ reporter: { name: '张晓丰', phone: '13812345678' } })
    const audit = await app.store.duty.auditOf('case:P1')
    expect(audit).toMatchObject([{ actor: 'admin', action: 'case.reporter.unmasked' }])

    await app.inject({ method: 'POST', url: '/api/v1/accounts', headers: auth, payload: { username: 'seat1', password: 'seat1-password' } })
    const seat = (await app.inject({ method: 'POST', url: '/api/v1/login', payload: { username: 'seat1', password: 'seat1-password' } })).json() as { token: string }
    const refused = await app.inject({ method: 'POST', url: '/api/v1/cases/P1/reporter', headers: { authorization: `Bearer ${seat.token}` } })
    expect(refused.statusCode).toBe(403)
    expect(refused.body).not.toContain('13812345678')
    expect(await app.store.duty.auditOf('case:P1')).toHaveLength(1)
  })
})
