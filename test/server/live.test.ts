import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { App } from '../../server/app'
import type { SummaryPush, FeedPush } from '../../shared/live/protocol'
import { adminToken, ingestHeaders, testApp } from '../helpers/app'
import { reported, stage, T0, urged } from '../helpers/events'
import { connect, connected, drained, listen, onFeed, panelsAfter, subscribe, until, type LiveClient } from '../helpers/live'

let app: App
let base: string
let token: string
const sockets: LiveClient[] = []
const NOW = T0 + 24 * 3600_000

beforeEach(async () => {
  ;({ app } = await testApp({ clock: () => NOW }))
  base = await listen(app)
  token = await adminToken(app)
})
afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect()
  await app.close()
})

const open = async (t: string | null = token) => {
  const s = connect(base, t ?? undefined)
  sockets.push(s)
  await connected(s)
  return s
}
const ingest = (events: unknown[]) => app.inject({ method: 'POST', url: '/api/v1/events', headers: ingestHeaders, payload: { events } })

describe('live namespace /live', () => {
  it('refuses a connection without a valid token', async () => {
    await expect(open(null)).rejects.toThrow(/unauthorized/)
    await expect(open('st_forged')).rejects.toThrow(/unauthorized/)
  })

  it('answers subscribe with a snapshot, then pushes the change within the coalescing window', async () => {
    await ingest([reported('C1', '330111001001')])
    const s = await open()
    const ack = await subscribe(s, '330111')
    expect(ack).toMatchObject({ ok: true })
    if (!ack.ok) throw new Error('not subscribed')
    expect(ack.summary.cases.total).toBe(1)
    expect(ack.summary.region).toMatchObject({ code: '330111', name: '富阳区', level: 'district' })

    // C1 is overdue at once: its alarm may still push the snapshot's figures (same log position)
    // after the ack; the change awaited here is the next batch's, at a later position.
    const push = new Promise<{ p: SummaryPush }>((resolve) => {
      s.on('summary', (p) => p.seq > ack.seq && resolve({ p }))
    })
    await ingest([reported('C2', '330111002001'), urged('C1')])
    const { p } = await push
    expect(p.region).toBe('330111')
    expect(p.seq).toBeGreaterThan(ack.seq)
    expect(p.summary.cases).toMatchObject({ total: 2, urgedCases: 1 })
  })

  it('merges a burst into few pushes per region, the last one carrying every change', async () => {
    const s = await open()
    await subscribe(s, '330000')
    const pushes: SummaryPush[] = []
    s.on('summary', (p) => pushes.push(p))
    for (let i = 0; i < 40; i++) await ingest([reported(`B${i}`, '330111001001')])
    await until(s, () => pushes.at(-1)?.summary.cases.total === 40, 'the push with all 40 cases')
    await drained(s, '330000')
    expect(pushes.length).toBeGreaterThan(0)
    expect(pushes.length).toBeLessThan(40)
    expect(pushes.at(-1)!.summary.cases.total).toBe(40)
    const seqs = pushes.map((p) => p.seq)
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs)
  })

  it('sends one frame per change to each screen: the figures, the panels and the ticker lines together', async () => {
    const s = await open()
    const ack = await subscribe(s, '330111')
    if (!ack.ok) throw new Error('not subscribed')
    const frames: Array<{ event: string; payload: SummaryPush }> = []
    s.onAny((event: string, payload: SummaryPush) => frames.push({ event, payload }))
    // Reported now, so it is not overdue (an alarm is a frame of its own, at once).
    await ingest([reported('F1', '330111001001', NOW)])
    await until(s, () => frames.some((f) => f.event === 'summary' && f.payload.summary.cases.total === 1), 'the push of F1')
    await drained(s, '330111')
    expect(frames.map((f) => f.event)).toEqual(['summary'])
    const push = frames[0]!.payload
    expect(panelsAfter(ack.detail, push).children.find((c) => c.code === '330111001')!.total).toBe(1)
    expect(push.feed!.map((i) => i.caseId)).toEqual(['F1'])
  })

  it('does not push a region that did not change', async () => {
    const s = await open()
    await subscribe(s, '330411')
    const pushes: SummaryPush[] = []
    s.on('summary', (p) => pushes.push(p))
    // A screen on the region that did change: once its push is in, the flush that would have
    // pushed 330411 too has run, and a round trip on the first socket delivers anything it sent.
    const witness = await open()
    await subscribe(witness, '330111')
    const moved = new Promise((resolve) => witness.on('summary', resolve))
    await ingest([reported('C1', '330111001001')])
    await moved
    await drained(s, '330411')
    expect(pushes).toEqual([])
  })

  it('keeps a region-limited account inside its subtree', async () => {
    const admin = { authorization: `Bearer ${token}` }
    const created = await app.inject({ method: 'POST', url: '/api/v1/accounts', headers: admin, payload: { username: 'fuyang', password: 'fuyang-password', scope: '330111' } })
    expect(created.statusCode).toBe(201)
    const login = await app.inject({ method: 'POST', url: '/api/v1/login', payload: { username: 'fuyang', password: 'fuyang-password' } })
    const scoped = (login.json() as { token: string }).token
    const s = await open(scoped)
    expect(await subscribe(s, '330111001')).toMatchObject({ ok: true })
    for (const outside of ['330000', '330411', '330100', 'nope']) {
      const ack = await subscribe(s, outside)
      expect(ack).toMatchObject({ ok: false })
      expect(ack).not.toHaveProperty('summary')
    }
    const auth = { authorization: `Bearer ${scoped}` }
    expect((await app.inject({ url: '/api/v1/summary?region=330411', headers: auth })).statusCode).toBe(403)
    expect((await app.inject({ url: '/api/v1/summary?region=330111001', headers: auth })).statusCode).toBe(200)
    expect((await app.inject({ url: '/api/v1/cases?region=330000', headers: auth })).statusCode).toBe(403)
    const regions = (await app.inject({ url: '/api/v1/regions', headers: auth })).json() as Array<{ code: string }>
    expect(regions.map((r) => r.code)).not.toContain('330411')
    expect(regions.map((r) => r.code)).toContain('330111001001')
    // A kiosk token minted by the scoped account cannot reach beyond the account either.
    const kiosk = await app.inject({ method: 'POST', url: '/api/v1/kiosk-tokens', headers: auth, payload: { region: '330000' } })
    expect(kiosk.statusCode).toBe(403)
  })

  it('sends reporters masked in every socket payload, never the raw phone or name', async () => {
    const s = await open()
    await subscribe(s, '330000')
    const raw: string[] = []
    s.onAny((_name, payload) => raw.push(JSON.stringify(payload)))
    const feed = new Promise<FeedPush>((resolve) => onFeed(s, resolve))
    await ingest([reported('P1', '330111001001', T0, { reporter: { name: '张晓丰', phone: '13812345678' } }), stage('P1', 'assign')])
    const push = await feed
    const again = await subscribe(s, '330111001001')
    raw.push(JSON.stringify(again))
    await drained(s, '330000')
    expect(push.items[0]!.reporter).toEqual({ name: '张*丰', phone: '138****5678' })
    const all = raw.join('\n')
    expect(all).toContain('138****5678')
    expect(all).not.toContain('13812345678')
    expect(all).not.toContain('张晓丰')
    const cases = await app.inject({ url: '/api/v1/cases?region=330000', headers: { authorization: `Bearer ${token}` } })
    expect(cases.body).not.toContain('13812345678')
  })
})
