import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { App } from '../../server/app'
import type { CaseActionResult, CaseDetail } from '../../shared/api/cases'
import type { FeedPush } from '../../shared/live/protocol'
import type { Summary } from '../../shared/summary/schema'
import { accountSession, adminToken, ingestHeaders, testApp } from '../helpers/app'
import { followedUp, reported, resolved, T0 } from '../helpers/events'
import { connect, connected, listen, onFeed, subscribe } from '../helpers/live'

let app: App
let admin: { authorization: string }
let seat: { authorization: string }
const H = 3600_000
const NOW = T0 + 2 * H

beforeEach(async () => {
  ;({ app } = await testApp({ clock: () => NOW }))
  admin = { authorization: `Bearer ${await adminToken(app)}` }
  seat = await accountSession(app, admin, { username: 'seat1', role: 'dispatcher', scope: '330111' })
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/events',
    headers: ingestHeaders,
    payload: {
      events: [
        reported('A1', '330111001001', T0, { unit: '村委会' }),
        reported('A2', '330111001002', T0),
        reported('OUT', '330411001001', T0),
        reported('DONE', '330111001001', T0),
        resolved('DONE', 'grid', T0 + H),
        followedUp('DONE', 'satisfied', T0 + H + 60_000),
      ],
    },
  })
  expect(res.statusCode).toBe(200)
})
afterEach(async () => app.close())

const act = (id: string, body: Record<string, unknown>, headers = seat) => app.inject({ method: 'POST', url: `/api/v1/cases/${id}/actions`, headers, payload: body })
const detail = async (id: string) => (await app.inject({ url: `/api/v1/cases/${id}`, headers: admin })).json() as CaseDetail
const summary = async (region = '330111') => (await app.inject({ url: `/api/v1/summary?region=${region}`, headers: admin })).json() as Summary
const logHead = () => app.store.lastSeq()
const auditOf = (id: string) => app.store.duty.auditOf(`case:${id}`)

describe('case actions at the command desk', () => {
  it('urge: an event of the log naming the account, in the timeline, the figures and the audit trail', async () => {
    expect((await summary()).cases.urgedCases).toBe(0)
    const res = await act('A1', { action: 'urge', note: '请今日内处理' })
    expect(res.statusCode).toBe(200)
    const body = res.json() as CaseActionResult
    expect(body).toMatchObject({ event: { type: 'case.urged' }, case: { id: 'A1', urgeCount: 1 } })
    expect(body.seq).toBe(await logHead())

    const d = await detail('A1')
    expect(d.timeline.at(-1)).toMatchObject({ type: 'case.urged', actor: 'seat1', note: '请今日内处理', seq: body.seq })
    expect(d.timeline[0]).toMatchObject({ type: 'case.reported', actor: null })
    expect((await summary()).cases.urgedCases).toBe(1)
    expect(await auditOf('A1')).toMatchObject([{ actor: 'seat1', action: 'case.urge', note: '请今日内处理' }])
    const [logged] = await app.store.eventsOf('A1').then((es) => es.filter((e) => e.type === 'case.urged'))
    expect(logged!.origin).toEqual({ keyId: null, actor: 'seat1' })
  })

  it('supervise sets the colour; escalate moves handling one level up until the top; transfer and return move the unit', async () => {
    expect((await act('A1', { action: 'supervise' })).statusCode).toBe(400)
    expect((await act('A1', { action: 'supervise', color: 'red' })).json()).toMatchObject({ case: { color: 'red' } })
    expect((await summary()).cases.byColor.red).toBe(1)

    expect((await act('A1', { action: 'escalate' })).json()).toMatchObject({ event: { type: 'case.escalated' }, case: { handlingRegion: '330111001' } })
    for (const up of ['330111', '330100', '330000']) expect((await act('A1', { action: 'escalate' }, admin)).json()).toMatchObject({ case: { handlingRegion: up } })
    const before = await logHead()
    const top = await act('A1', { action: 'escalate' }, admin)
    expect(top.statusCode).toBe(400)
    expect(top.json().error).toMatch(/top/)
    expect(await logHead()).toBe(before)

    expect((await act('A1', { action: 'transfer' })).statusCode).toBe(400)
    expect((await act('A1', { action: 'transfer', to: '村委会' })).statusCode).toBe(400)
    expect((await act('A1', { action: 'transfer', to: '城管' })).json()).toMatchObject({ event: { type: 'case.transferred' }, case: { unit: '城管' } })
    expect((await act('A1', { action: 'return', note: '不属本单位职责' })).json()).toMatchObject({
      event: { type: 'case.returned' },
      case: { unit: null, stage: 'assign' },
    })
    expect((await act('A1', { action: 'return' })).statusCode).toBe(400)
    const d = await detail('A1')
    expect(d.timeline.slice(1).map((t) => `${t.type}:${t.detail ?? ''}:${t.actor}`)).toEqual([
      'case.supervised:red:seat1',
      'case.escalated:330111001:seat1',
      'case.escalated:330111:admin',
      'case.escalated:330100:admin',
      'case.escalated:330000:admin',
      'case.transferred:城管:seat1',
      'case.returned::seat1',
    ])
    expect((await auditOf('A1')).map((a) => a.action)).toEqual([
      'case.supervise',
      'case.escalate',
      'case.escalate',
      'case.escalate',
      'case.escalate',
      'case.transfer',
      'case.return',
    ])
  })

  it('400 for an action that makes no sense in the case state, and nothing is written', async () => {
    const before = await logHead()
    for (const action of ['urge', 'escalate', 'return'] as const) {
      const res = await act('DONE', { action })
      expect(res.statusCode).toBe(400)
      expect(res.json().error).toMatch(/resolved/)
    }
    expect((await act('DONE', { action: 'supervise', color: 'yellow' })).statusCode).toBe(400)
    expect((await act('DONE', { action: 'transfer', to: '城管' })).statusCode).toBe(400)
    expect((await act('A2', { action: 'return' })).statusCode).toBe(400)
    expect((await act('A1', { action: 'dance' })).statusCode).toBe(400)
    expect(await logHead()).toBe(before)
    expect(await auditOf('DONE')).toEqual([])
    expect((await summary()).cases.urgedCases).toBe(0)
  })

  it('403 for display tokens and roles without case.act; 404 outside scope or unknown', async () => {
    const kiosk = (await app.inject({ method: 'POST', url: '/api/v1/kiosk-tokens', headers: admin, payload: {} })).json() as { token: string }
    const leader = await accountSession(app, admin, { username: 'boss', role: 'leader' })
    const viewer = await accountSession(app, admin, { username: 'watch', role: 'viewer' })
    const before = await logHead()
    for (const headers of [{ authorization: `Bearer ${kiosk.token}` }, leader, viewer]) expect((await act('A1', { action: 'urge' }, headers)).statusCode).toBe(403)
    expect((await act('OUT', { action: 'urge' })).statusCode).toBe(404)
    expect((await act('NOPE', { action: 'urge' })).statusCode).toBe(404)
    expect(await logHead()).toBe(before)
    expect(await auditOf('A1')).toEqual([])
  })

  it('is pushed live like any ingest: the region feed carries the action', async () => {
    const base = await listen(app)
    const token = seat.authorization.slice('Bearer '.length)
    const s = connect(base, token)
    try {
      await connected(s)
      expect((await subscribe(s, '330111')).ok).toBe(true)
      const fed = new Promise<FeedPush>((resolve) => onFeed(s, (p) => p.items.some((i) => i.type === 'case.transferred') && resolve(p)))
      expect((await act('A2', { action: 'transfer', to: '市场监管' })).statusCode).toBe(200)
      const push = await fed
      expect(push.items.find((i) => i.type === 'case.transferred')).toMatchObject({ caseId: 'A2', detail: '市场监管' })
    } finally {
      s.disconnect()
    }
  })
})
