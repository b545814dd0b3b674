import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { App } from '../../server/app'
import type { RiskView } from '../../shared/api/cases'
import type { RiskChangedPush } from '../../shared/live/protocol'
import { adminToken, ingestHeaders, testApp } from '../helpers/app'
import { riskRegistered, riskStatus } from '../helpers/events'
import { connect, connected, drained, listen, subscribe, type LiveClient } from '../helpers/live'

let app: App
let base: string
let token: string
const sockets: LiveClient[] = []
/** The region each screen watches, for the round trip of `settle`. */
const watching = new Map<LiveClient, string>()

beforeEach(async () => {
  ;({ app } = await testApp())
  base = await listen(app)
  token = await adminToken(app)
})
afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect()
  watching.clear()
  await app.close()
})

const ingest = (events: unknown[]) => app.inject({ method: 'POST', url: '/api/v1/events', headers: ingestHeaders, payload: { events } })

/** A connected client subscribed to `region`, recording every risk:changed push with its arrival time. */
async function watcher(region: string, t = token) {
  const s = connect(base, t)
  sockets.push(s)
  await connected(s)
  expect(await subscribe(s, region)).toMatchObject({ ok: true })
  watching.set(s, region)
  const pushes: RiskChangedPush[] = []
  s.on('risk:changed', (p) => pushes.push(p))
  return pushes
}

/**
 * Risk changes are emitted as the batch commits, before the ingest is answered: a round trip on
 * every screen's socket then delivers each push sent, so "only these arrived" needs no fixed wait.
 */
const settle = () => Promise.all(sockets.map((s) => drained(s, watching.get(s)!)))

async function scopedToken(scope: string): Promise<string> {
  const admin = { authorization: `Bearer ${token}` }
  const username = `scoped-${scope}`
  const created = await app.inject({ method: 'POST', url: '/api/v1/accounts', headers: admin, payload: { username, password: 'scoped-password', scope } })
  expect(created.statusCode).toBe(201)
  const login = await app.inject({ method: 'POST', url: '/api/v1/login', payload: { username, password: 'scoped-password' } })
  return (login.json() as { token: string }).token
}

describe('live risk-point changes (risk:changed)', () => {
  it('pushes the new status to an ancestor region within a second of the ack, and not to an unrelated region', async () => {
    await ingest([riskRegistered('R1', '330111001001')])
    const province = await watcher('330000')
    const district = await watcher('330111')
    const unrelated = await watcher('330411')

    const res = await ingest([riskStatus('R1', 'alarm')])
    expect(res.statusCode).toBe(200)
    await settle()

    expect(province).toHaveLength(1)
    expect(district).toHaveLength(1)
    expect(unrelated).toEqual([])
    const { risk } = province[0]!
    // Exactly what GET /api/v1/risks shows, nothing more.
    const list = await app.inject({ url: '/api/v1/risks?region=330111', headers: { authorization: `Bearer ${token}` } })
    const rest = (list.json() as { items: RiskView[] }).items.find((r) => r.id === 'R1')
    expect(risk).toEqual(rest)
    expect(risk).toMatchObject({ id: 'R1', regionCode: '330111001001', regionName: '春江村', status: 'alarm' })
  })

  it('sends one push per point per batch, carrying its final state, once to a screen watching several ancestors', async () => {
    const pushes = await watcher('330111001')
    expect(await subscribe(sockets.at(-1)!, '330000')).toMatchObject({ ok: true })
    await ingest([riskRegistered('R2', '330111001002'), riskStatus('R2', 'warning'), riskStatus('R2', 'alarm'), riskRegistered('R3', '330111001001')])
    await settle()
    expect(pushes.map((p) => [p.risk.id, p.risk.status]).sort()).toEqual([
      ['R2', 'alarm'],
      ['R3', 'normal'],
    ])
  })

  it('sends nothing for a batch of duplicates or of case events only', async () => {
    const first = riskRegistered('R4', '330111001001')
    await ingest([first])
    const pushes = await watcher('330000')
    expect((await ingest([first])).json()).toMatchObject({ accepted: 0, duplicates: 1 })
    const caseOnly = await ingest([{ id: 'case-only-1', type: 'case.reported', at: first.at, caseId: 'C1', regionCode: '330111001001', source: 'hotline', category: '邻里纠纷', size: 'minor', title: 't' }])
    expect(caseOnly.statusCode).toBe(200)
    await settle()
    expect(pushes).toEqual([])
  })

  it("never gives a region-scoped account another subtree's risk points", async () => {
    const fuyang = await watcher('330111', await scopedToken('330111'))
    await ingest([riskRegistered('X1', '330411001001'), riskStatus('X1', 'alarm'), riskRegistered('F1', '330111002001')])
    await settle()
    expect(fuyang.map((p) => p.risk.id)).toEqual(['F1'])
  })
})
