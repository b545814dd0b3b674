import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { App } from '../../server/app'
import { adminToken, ingestHeaders, testApp } from '../helpers/app'
import { followedUp, reported, resolved, riskRegistered, riskStatus, stage, T0, urged } from '../helpers/events'

let app: App
let token: string
const NOW = T0 + 24 * 3600_000

beforeEach(async () => {
  ;({ app } = await testApp({ clock: () => NOW }))
  token = await adminToken(app)
})
afterEach(async () => {
  await app.close()
})

const post = (payload: unknown, headers: Record<string, string> = ingestHeaders) =>
  app.inject({ method: 'POST', url: '/api/v1/events', headers, payload: payload as object })

async function state() {
  const summary = await app.inject({ method: 'GET', url: '/api/v1/summary?region=330000', headers: { authorization: `Bearer ${token}` } })
  const batches = await app.store.readBatches(0, 1_000_000)
  return { summary: summary.json(), events: batches.reduce((n, b) => n + b.events.length, 0), seq: await app.store.lastSeq() }
}

describe('POST /api/v1/events', () => {
  it('accepts a batch that reports and moves cases, and the summary follows', async () => {
    const res = await post({
      events: [reported('C1', '330111001001'), stage('C1', 'assign'), urged('C1'), urged('C1'), reported('C2', '330411001001'), resolved('C2', 'grid'), followedUp('C2', 'basic')],
    })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ accepted: 7, duplicates: 0 })
    const { summary } = await state()
    // v1.1: C1 is open at assign; C2 was resolved and followed up, so it is closed and no longer at 回访反馈.
    expect(summary.cases).toMatchObject({ total: 2, open: 1, closed: 1, urgedCases: 1, urgeCount: 2, urgeRate: 0.5, resolved: 1 })
    expect(summary.cases.byStage).toMatchObject({ assign: 1, followup: 0, receive: 0 })
    expect(summary.cases.localResolution).toMatchObject({ disputes: 1, village: 1, town: 1 })
    expect(summary.cases.satisfactionRate).toBe(1)
    expect(summary.cases.localResolutionRate).toBe(1)
  })

  it('counts a repeated event id as a duplicate that changes nothing', async () => {
    const batch = { events: [reported('C1', '330111001001'), urged('C1')] }
    expect((await post(batch)).json()).toMatchObject({ accepted: 2, duplicates: 0 })
    const before = await state()
    const again = await post(batch)
    expect(again.statusCode).toBe(200)
    expect(again.json()).toMatchObject({ accepted: 0, duplicates: 2 })
    const after = await state()
    expect(after.events).toBe(before.events)
    expect(after.summary.cases).toEqual(before.summary.cases)
    // The same id twice inside one batch: the second is the duplicate.
    const e = urged('C1')
    expect((await post({ events: [e, e] })).json()).toMatchObject({ accepted: 1, duplicates: 1 })
  })

  const invalid: Array<[string, () => unknown, RegExp]> = [
    ['a missing field', () => ({ events: [reported('C9', '330111001001'), { ...reported('C8', '330111001001'), title: undefined }] }), /\/events\/1\/title/],
    ['a wrong enum', () => ({ events: [{ ...reported('C9', '330111001001'), size: 'huge' }] }), /\/events\/0\/size/],
    ['an unknown type', () => ({ events: [{ id: 'x', type: 'case.exploded', at: '2026-06-15T09:00:00+08:00' }] }), /\/events\/0\/type/],
    ['a time without offset', () => ({ events: [{ ...reported('C9', '330111001001'), at: '2026-06-15T09:00:00' }] }), /\/events\/0\/at/],
    ['an unknown region', () => ({ events: [reported('C9', '999999')] }), /\/events\/0\/regionCode/],
    ['an unknown case', () => ({ events: [reported('C9', '330111001001'), urged('NOPE')] }), /\/events\/1\/caseId/],
    ['an unknown risk', () => ({ events: [riskStatus('R-NOPE', 'alarm')] }), /\/events\/0\/riskId/],
    ['a follow-up before resolution', () => ({ events: [reported('C9', '330111001001'), followedUp('C9')] }), /\/events\/1\/caseId/],
    ['a case reported twice', () => ({ events: [reported('C9', '330111001001'), reported('C9', '330111001001')] }), /\/events\/1\/caseId/],
    ['an event from the future', () => ({ events: [reported('C9', '330111001001', NOW + 3600_000)] }), /\/events\/0\/at/],
    ['an empty batch', () => ({ events: [] }), /\/events/],
    ['a body without events', () => ({ items: [] }), /\/events/],
    ['too many events', () => ({ events: Array.from({ length: 5001 }, (_, i) => reported(`C${i}`, '330111001001')) }), /\/events/],
  ]
  for (const [what, body, path] of invalid) {
    it(`refuses ${what} with 400 and details, and writes nothing`, async () => {
      await post({ events: [reported('C0', '330111001001'), riskRegistered('R0', '330411001001')] })
      const before = await state()
      const res = await post(body())
      expect(res.statusCode).toBe(400)
      const json = res.json() as { error: string; details: Array<{ path: string; message: string; index?: number }> }
      expect(json.error).toBeTruthy()
      expect(json.details.map((d) => d.path).join(' ')).toMatch(path)
      const after = await state()
      expect(after.events).toBe(before.events)
      expect(after.seq).toBe(before.seq)
      expect(after.summary.cases).toEqual(before.summary.cases)
    })
  }

  it('refuses malformed JSON with 400, never 500', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/events', headers: { ...ingestHeaders, 'content-type': 'application/json' }, payload: '{"events": [' })
    expect(res.statusCode).toBe(400)
    expect(res.json().error).toBeTruthy()
  })

  it('answers 401 without a valid key, before reading the body', async () => {
    expect((await post({ events: [reported('C1', '330111001001')] }, {})).statusCode).toBe(401)
    expect((await post({ events: [reported('C1', '330111001001')] }, { authorization: 'Bearer wrong' })).statusCode).toBe(401)
    // A viewer token is not an ingest key.
    expect((await post({ events: [reported('C1', '330111001001')] }, { authorization: `Bearer ${token}` })).statusCode).toBe(401)
    expect((await state()).events).toBe(0)
  })

  it('answers 413 for a body over 10 MB', async () => {
    const big = { events: [{ ...reported('C1', '330111001001'), title: 'x'.repeat(11 * 1024 * 1024) }] }
    const res = await post(big)
    expect(res.statusCode).toBe(413)
    expect((await state()).events).toBe(0)
  })

  it('answers 429 past the rate limit', async () => {
    await app.close()
    ;({ app } = await testApp({ clock: () => NOW, config: { ingestRateLimit: 3 } }))
    const codes: number[] = []
    for (let i = 0; i < 5; i++) codes.push((await post({ events: [reported(`C${i}`, '330111001001')] })).statusCode)
    expect(codes).toEqual([200, 200, 200, 429, 429])
  })
})
