import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { App } from '../../../server/app'
import type { CaseView } from '../../../shared/api/cases'
import type { ExportJob } from '../../../shared/api/exports'
import { adminToken, ingestHeaders, testApp } from '../../helpers/app'
import { reported, T0 } from '../../helpers/events'
import { VILLAGES } from '../../helpers/regions'
import { readXlsx } from '../../helpers/xlsx'

let app: App
let dataDir: string
let auth: { authorization: string }
const CASES = 2_500

beforeEach(async () => {
  ;({ app, dataDir } = await testApp({ clock: () => T0 + 3 * 86_400_000 }))
  auth = { authorization: `Bearer ${await adminToken(app)}` }
  const events = Array.from({ length: CASES }, (_, i) =>
    reported(`K${String(i).padStart(5, '0')}`, VILLAGES[i % VILLAGES.length]!, T0 + i * 60_000, { size: 'major', reporter: { name: '李四海', phone: '13900001111' } }),
  )
  expect((await app.inject({ method: 'POST', url: '/api/v1/events', headers: ingestHeaders, payload: { events } })).statusCode).toBe(200)
})
afterEach(async () => app.close())

const start = (body: object, headers = auth) => app.inject({ method: 'POST', url: '/api/v1/exports', headers, payload: { kind: 'cases', ...body } })

/** Follow a job the way the page does, yielding to the server between reads, until it ends. */
async function follow(id: string): Promise<{ final: ExportJob; seen: number[] }> {
  const seen: number[] = []
  for (;;) {
    const job = (await app.inject({ url: `/api/v1/exports/${id}`, headers: auth })).json() as ExportJob
    seen.push(job.rows)
    if (job.status !== 'running') return { final: job, seen }
    await new Promise((resolve) => setImmediate(resolve))
  }
}

async function listAll(qs: string): Promise<string[]> {
  const ids: string[] = []
  let cursor: string | null = null
  do {
    const body = (await app.inject({ url: `/api/v1/cases?${qs}&limit=500${cursor ? `&cursor=${cursor}` : ''}`, headers: auth })).json() as { items: CaseView[]; nextCursor: string | null }
    ids.push(...body.items.map((c) => c.id))
    cursor = body.nextCursor
  } while (cursor)
  return ids
}

async function otherAccount(): Promise<{ authorization: string }> {
  await app.inject({ method: 'POST', url: '/api/v1/accounts', headers: auth, payload: { username: 'seat2', password: 'seat2-password' } })
  const login = await app.inject({ method: 'POST', url: '/api/v1/login', payload: { username: 'seat2', password: 'seat2-password' } })
  return { authorization: `Bearer ${(login.json() as { token: string }).token}` }
}

describe('export jobs', () => {
  it('writes the case list in the background with rows out of total, then hands the file to its owner only', async () => {
    const res = await start({ region: '330111', sort: 'urgent' })
    expect(res.statusCode).toBe(202)
    const job = res.json() as ExportJob
    const expected = await listAll('region=330111&sort=urgent')
    expect(job).toMatchObject({ kind: 'cases', status: 'running', total: expected.length })
    expect(job.fileName).toMatch(/^案件清单-富阳区-\d{8}-\d{4}\.xlsx$/)

    const { final, seen } = await follow(job.id)
    expect(final).toMatchObject({ status: 'done', rows: expected.length, total: expected.length, error: null })
    expect(final.expiresAt).not.toBeNull()
    expect([...seen].sort((a, b) => a - b)).toEqual(seen)

    const other = await otherAccount()
    expect((await app.inject({ url: `/api/v1/exports/${job.id}`, headers: other })).statusCode).toBe(404)
    expect((await app.inject({ url: `/api/v1/exports/${job.id}/file`, headers: other })).statusCode).toBe(404)

    // The file waits in the data directory, private to the server.
    const dir = path.join(dataDir, 'exports')
    expect((fs.statSync(dir).mode & 0o777).toString(8)).toBe('700')
    expect(fs.readdirSync(dir).map((f) => (fs.statSync(path.join(dir, f)).mode & 0o777).toString(8))).toEqual(['600'])

    const file = await app.inject({ url: `/api/v1/exports/${job.id}/file`, headers: auth })
    expect(file.statusCode).toBe(200)
    expect(file.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent(job.fileName)}`)
    const sheet = await readXlsx(file.rawPayload)
    // Thousands of rows in one file, in the list's order, masked.
    expect(sheet.rows.slice(3, -2).map((r) => r[0])).toEqual(expected)
    expect(JSON.stringify(sheet.rows)).not.toContain('13900001111')
    expect(JSON.stringify(sheet.rows)).not.toContain('李四海')
  })

  it('refuses a bad body or another scope before starting anything', async () => {
    expect((await start({ region: '330111', color: 'purple' })).statusCode).toBe(400)
    expect((await start({ region: '330111', from: '2026-06-20T00:00:00+08:00', to: '2026-06-01T00:00:00+08:00' })).json()).toMatchObject({ details: [{ path: '/body/from' }] })
    expect((await app.inject({ method: 'POST', url: '/api/v1/exports', headers: auth, payload: { kind: 'pdf', region: '330111' } })).statusCode).toBe(400)
    expect((await start({ region: 'nowhere' })).statusCode).toBe(404)
    expect((await app.store.duty.recentAudit(50)).filter((a) => a.action === 'cases.export')).toEqual([])
    expect((await app.inject({ url: '/api/v1/exports/nope', headers: auth })).statusCode).toBe(404)
  })

  it('answers 429 while every export slot is taken, and takes work again once one frees', async () => {
    const a = app.exports.takeSlot()!
    const b = app.exports.takeSlot()!
    expect(app.exports.takeSlot()).toBeNull()
    expect((await start({ region: '330111' })).statusCode).toBe(429)
    expect((await app.inject({ url: '/api/v1/cases/export?region=330111', headers: auth })).statusCode).toBe(429)
    a()
    a()
    const res = await start({ region: '330411' })
    expect(res.statusCode).toBe(202)
    expect((await follow((res.json() as ExportJob).id)).final.status).toBe('done')
    b()
  })
})
