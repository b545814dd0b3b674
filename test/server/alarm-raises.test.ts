import { afterEach, describe, expect, it } from 'vitest'
import type { App } from '../../server/app'
import type { Alarm } from '../../shared/api/alarms'
import type { Summary } from '../../shared/summary/schema'
import { adminToken, ingestHeaders, testApp } from '../helpers/app'
import { reported, resolved, T0 } from '../helpers/events'
import { VILLAGES } from '../helpers/regions'

let app: App
afterEach(async () => app?.close())

const H = 3600_000

describe('alarm writes of one batch', () => {
  it('hands the raises of a batch to the store together (one commit on the embedded store), each raised once, clears after them', async () => {
    // Cases reported two days ago with a day to handle them: red the moment they are counted.
    const now = T0 + 48 * H
    ;({ app } = await testApp({ clock: () => now }))
    const duty = app.store.duty
    const raise = duty.raise.bind(duty)
    let inFlight = 0
    let most = 0
    duty.raise = async (...args: Parameters<typeof raise>) => {
      most = Math.max(most, ++inFlight)
      try {
        return await raise(...args)
      } finally {
        inFlight--
      }
    }
    const auth = { authorization: `Bearer ${await adminToken(app)}` }
    const ingest = (events: unknown[]) => app.inject({ method: 'POST', url: '/api/v1/events', headers: ingestHeaders, payload: { events } })

    const ids = Array.from({ length: 12 }, (_, i) => `R${i}`)
    expect((await ingest(ids.map((id, i) => reported(id, VILLAGES[i % VILLAGES.length]!, T0)))).statusCode).toBe(200)
    await app.alarms.settled()
    expect(most).toBeGreaterThan(1)
    const open = async () => ((await app.inject({ url: '/api/v1/alarms?region=330000&status=open', headers: auth })).json() as { items: Alarm[] }).items
    expect((await open()).map((a) => a.subjectId).sort()).toEqual([...ids].sort())

    // A batch that clears some and raises others: every cause written, in order, none twice.
    const more = ['S0', 'S1', 'S2']
    const res = await ingest([resolved('R0', 'village', T0 + 47 * H), ...more.map((id) => reported(id, VILLAGES[0]!, T0)), resolved('S1', 'village', T0 + 47 * H)])
    expect(res.statusCode).toBe(200)
    await app.alarms.settled()
    const after = await open()
    // R0 and S1 were resolved late (ended while red): their alarms are archived, not left open.
    expect(after.map((a) => a.subjectId).sort()).toEqual([...ids.slice(1), 'S0', 'S2'].sort())
    const summary = (await app.inject({ url: '/api/v1/summary?region=330000', headers: auth })).json() as Summary
    expect(summary.alarms.open).toBe(after.length)
  })
})
