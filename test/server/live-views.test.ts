import { afterEach, describe, expect, it } from 'vitest'
import type { App } from '../../server/app'
import type { Ack, SubscribeReply, SubscribeRequest, SummaryPush } from '../../shared/live/protocol'
import type { Summary } from '../../shared/summary/schema'
import { adminToken, ingestHeaders, testApp } from '../helpers/app'
import { reported, resolved, T0 } from '../helpers/events'
import { connect, connected, listen, type LiveClient } from '../helpers/live'

let app: App
const sockets: LiveClient[] = []
afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect()
  await app?.close()
})

const H = 3600_000
const D = 24 * H

async function start(clock: () => number) {
  ;({ app } = await testApp({ clock }))
  const base = await listen(app)
  const token = await adminToken(app)
  const open = async () => {
    const s = connect(base, token)
    sockets.push(s)
    await connected(s)
    return s
  }
  const rest = async (url: string) => (await app.inject({ url, headers: { authorization: `Bearer ${token}` } })).json() as Summary
  const ingest = (events: unknown[]) => app.inject({ method: 'POST', url: '/api/v1/events', headers: ingestHeaders, payload: { events } })
  return { open, rest, ingest }
}

const subscribe = (s: LiveClient, req: SubscribeRequest): Promise<Ack<SubscribeReply>> => s.timeout(5000).emitWithAck('subscribe', req)
/**
 * The next push of `view` after `seq`: a change applied before the subscription answered may still
 * be pushed after it (figures are applied in a turn of their own after the commit), with the figures
 * the answer already had.
 */
const nextPush = (s: LiveClient, view: string, seq = -1) => pushWhere(s, (p) => p.view === view && p.seq > seq)
/** The next push that `wanted` takes. */
const pushWhere = (s: LiveClient, wanted: (p: SummaryPush) => boolean) =>
  new Promise<SummaryPush>((resolve) => {
    const on = (p: SummaryPush) => {
      if (!wanted(p)) return
      s.off('summary', on)
      resolve(p)
    }
    s.on('summary', on)
  })

describe('views on /live: a period, comparisons and a ranking per subscription', () => {
  it('answers with the view and pushes that period’s figures, equal to REST for the same period', async () => {
    const now = T0 + 5 * H
    const { open, rest, ingest } = await start(() => now)
    // One case last month, one this month, one a year ago (for 同比).
    await ingest([reported('OLD', '330111001001', T0 - 30 * D), reported('LY', '330111001001', T0 - 365 * D), reported('NEW', '330111001002', T0)])
    const s = await open()
    const ack = await subscribe(s, { region: '330111', period: 'month', compare: ['lastYear', 'previousToDate'], rankBy: 'cases.total', order: 'asc' })
    if (!ack.ok) throw new Error(ack.error)
    expect(ack.view).toBe('330111|month|lastYear,previousToDate|cases.total|asc')
    expect(ack.summary.period).toEqual({ from: '2026-06-01T00:00:00.000+08:00', to: '2026-06-16T00:00:00.000+08:00' })
    expect(ack.summary.cases.total).toBe(1)
    expect(ack.summary.compare!.lastYear!.summary.cases.total).toBe(1)
    expect(ack.summary.compare!.previousToDate!.period).toEqual({ from: '2026-05-01T00:00:00.000+08:00', to: '2026-05-16T00:00:00.000+08:00' })
    expect(ack.detail).toMatchObject({ rankBy: 'cases.total', order: 'asc', period: ack.summary.period })
    expect(ack.detail.children.map((c) => [c.code, c.value])).toEqual([
      ['330111002', 0],
      ['330111001', 1],
    ])

    const push = nextPush(s, ack.view, ack.seq)
    await ingest([reported('N2', '330111002001', T0 + H), resolved('NEW', 'grid', T0 + 2 * H)])
    const p = await push
    expect(p.region).toBe('330111')
    expect(p.summary.cases.total).toBe(2)
    expect(p.summary).toEqual(await rest('/api/v1/summary?region=330111&period=month&compare=lastYear,previousToDate'))
    // The panels' figures ride in the same frame, for the same view and seq.
    expect(p.detail).toMatchObject({ rankBy: 'cases.total', order: 'asc', period: p.summary.period })
    expect(p.detail).toEqual(await rest('/api/v1/summary/detail?region=330111&period=month&compare=lastYear,previousToDate&rankBy=cases.total&order=asc'))
  })

  it('computes one push per distinct view per flush, however many screens watch it', async () => {
    const { open, ingest } = await start(() => T0 + 5 * H)
    const a = await open()
    const b = await open()
    const c = await open()
    const [va, vb, vc] = await Promise.all([
      subscribe(a, { region: '330000', period: 'today' }),
      subscribe(b, { region: '330000', period: 'today' }),
      subscribe(c, { region: '330000', period: 'year', compare: ['lastYear'] }),
    ])
    if (!va!.ok || !vb!.ok || !vc!.ok) throw new Error('not subscribed')
    expect(va!.view).toBe(vb!.view)
    expect(vc!.view).not.toBe(va!.view)
    const before = app.live.pushes
    const got = Promise.all([nextPush(a, va!.view), nextPush(b, vb!.view), nextPush(c, vc!.view)])
    await ingest([reported('X1', '330411001001', T0 + H)])
    const [pa, pb, pc] = await got
    expect(pa.summary).toEqual(pb.summary)
    expect(pc.summary.compare?.lastYear).toBeDefined()
    expect(app.live.pushes - before).toBe(2)
  })

  it('replaces a region’s view when subscribed again, and refuses bad views', async () => {
    const { open, ingest } = await start(() => T0 + 5 * H)
    const s = await open()
    const first = await subscribe(s, { region: '330111', period: 'today' })
    const second = await subscribe(s, { region: '330111', period: 'week' })
    if (!first.ok || !second.ok) throw new Error('not subscribed')
    const seen: string[] = []
    s.on('summary', (p) => seen.push(p.view))
    const push = nextPush(s, second.view)
    await ingest([reported('Y1', '330111001001', T0 + H)])
    await push
    expect(seen).toEqual([second.view])

    for (const bad of [
      { region: '330111', period: 'decade' },
      { region: '330111', period: { from: '2026-06-10T00:00:00+08:00', to: '2026-06-01T00:00:00+08:00' } },
      { region: '330111', compare: ['yesterday'] },
      { region: '330111', rankBy: 'cases.nope' },
      { region: '330111', order: 'up' },
    ]) {
      const ack = await subscribe(s, bad as SubscribeRequest)
      expect(ack, JSON.stringify(bad)).toMatchObject({ ok: false })
    }
  })

  it('rolls a relative period over at Shanghai midnight without a reload', async () => {
    // The clock stands at 23:59:59 until the screen is subscribed, then runs in real time.
    const midnight = Date.parse('2026-06-16T00:00:00+08:00')
    let released: number | null = null
    const clock = () => (released === null ? midnight - 1000 : midnight - 1000 + (Date.now() - released))
    const { open, ingest } = await start(clock)
    await ingest([reported('D1', '330111001001', midnight - 2 * H)])
    const s = await open()
    const ack = await subscribe(s, { region: '330111', period: 'today' })
    if (!ack.ok) throw new Error(ack.error)
    expect(ack.summary.period.from).toBe('2026-06-15T00:00:00.000+08:00')
    expect(ack.summary.cases.total).toBe(1)
    // A push of D1's ingest may still come after the answer, for the day before, with the seq the
    // answer had; the rollover's push carries that same seq, so it is told apart by its period.
    const rolled = pushWhere(s, (p) => p.view === ack.view && p.summary.period.from !== ack.summary.period.from)
    released = Date.now()
    const p = await rolled
    expect(p.summary.period).toEqual({ from: '2026-06-16T00:00:00.000+08:00', to: '2026-06-17T00:00:00.000+08:00' })
    expect(p.summary.cases.total).toBe(0)
  })
})
