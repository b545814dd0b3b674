import { afterEach, describe, expect, it } from 'vitest'
import type { App } from '../../server/app'
import type { FeedItem } from '../../shared/live/protocol'
import { adminToken, ingestHeaders, testApp } from '../helpers/app'
import { reported, resolved, riskRegistered, stage, T0, urged } from '../helpers/events'
import { connect, connected, listen, subscribe, type LiveClient } from '../helpers/live'

let app: App | undefined
const sockets: LiveClient[] = []
afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect()
  await app?.close()
  app = undefined
})

/** The ticker a wall on `region` is given when it subscribes. */
const bases = new Map<App, string>()
async function tickerOf(a: App, region: string): Promise<FeedItem[]> {
  if (!bases.has(a)) bases.set(a, await listen(a))
  const s = connect(bases.get(a)!, await adminToken(a))
  sockets.push(s)
  await connected(s)
  const ack = await subscribe(s, region)
  if (!ack.ok) throw new Error(ack.error)
  return ack.feed
}

describe('the ticker after a restart', () => {
  it('shows the same recent lines as before, each case as it stood after that event, reporters masked', async () => {
    const first = await testApp({ clock: () => T0 + 86_400_000 })
    app = first.app
    const ingest = (events: unknown[]) => app!.inject({ method: 'POST', url: '/api/v1/events', headers: ingestHeaders, payload: { events } })
    await ingest([reported('F1', '330111001001', T0, { reporter: { name: '张晓丰', phone: '13812345678' } }), reported('F2', '330411001001', T0 + 1000)])
    await ingest([stage('F1', 'assign', T0 + 60_000), riskRegistered('FR', '330111001002'), urged('F2', T0 + 120_000)])
    await ingest([resolved('F1', 'village', T0 + 3600_000)])
    const before = await tickerOf(app, '330000')
    expect(before.map((i) => [i.caseId, i.type, i.stage])).toEqual([
      ['F1', 'case.resolved', 'followup'],
      ['F2', 'case.urged', 'receive'],
      ['F1', 'case.stage', 'assign'],
      ['F2', 'case.reported', 'receive'],
      ['F1', 'case.reported', 'receive'],
    ])
    await app.close()

    app = (await testApp({ dataDir: first.dataDir, clock: () => T0 + 86_400_000 })).app
    await app.live.feedSeeded
    expect(await tickerOf(app, '330000')).toEqual(before)
    const fuyang = await tickerOf(app, '330111')
    expect(fuyang.map((i) => i.caseId)).toEqual(['F1', 'F1', 'F1'])
    expect(JSON.stringify(fuyang)).not.toContain('13812345678')
  })

  it('starts empty on an empty store', async () => {
    app = (await testApp()).app
    await app.live.feedSeeded
    expect(await tickerOf(app, '330000')).toEqual([])
  })
})
