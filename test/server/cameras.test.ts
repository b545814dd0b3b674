import { afterEach, describe, expect, it } from 'vitest'
import type { App } from '../../server/app'
import type { Alarm } from '../../shared/api/alarms'
import type { Camera, NearCamera } from '../../shared/api/cameras'
import type { YipingEvent } from '../../shared/events/schema'
import { toShanghaiIso } from '../../shared/time/shanghai'
import { accountSession, adminToken, ingestHeaders, testApp } from '../helpers/app'
import { reported, riskRegistered, riskStatus, T0 } from '../helpers/events'

let app: App
afterEach(async () => app?.close())
let n = 0
const camera = (cameraId: string, regionCode: string, lng: number, lat: number, extra: Partial<Extract<YipingEvent, { type: 'camera.registered' }>> = {}): YipingEvent => ({
  id: `cam-${++n}`,
  type: 'camera.registered',
  at: '2026-06-15T08:00:00+08:00',
  cameraId,
  regionCode,
  name: `${cameraId} 摄像头`,
  lng,
  lat,
  ...extra,
})
const ingest = (events: YipingEvent[]) => app.inject({ method: 'POST', url: '/api/v1/events', headers: ingestHeaders, payload: { events } })

describe('cameras (视频联动)', () => {
  it('are registered through ingest, validated like any event, and listed as a map layer by region', async () => {
    ;({ app } = await testApp({ clock: () => T0 + 3600_000 }))
    const admin = { authorization: `Bearer ${await adminToken(app)}` }
    const bad = await ingest([
      camera('C1', '330111001001', 119.95, 30.05),
      camera('C2', '999', 119.95, 30.05),
      camera('C3', '330111001001', 200, 30.05),
      camera('C4', '330111001001', 119.95, 30.05, { streamUrl: 'javascript:alert(1)' }),
    ])
    expect(bad.statusCode).toBe(400)
    const details = (bad.json() as { details: Array<{ index: number; path: string }> }).details
    expect(details.map((d) => d.index).sort()).toEqual([2, 3])
    expect((await ingest([camera('C1', '330111001001', 119.95, 30.05), camera('C2', '999', 119.95, 30.05)])).statusCode).toBe(400)
    expect(((await app.inject({ url: '/api/v1/cameras?region=330000', headers: admin })).json() as { items: Camera[] }).items).toEqual([])

    const ok = await ingest([
      camera('C1', '330111001001', 119.95, 30.05, { streamUrl: 'https://video.example.gov.cn/live/c1/index.m3u8' }),
      camera('C2', '330111002001', 119.7, 29.9, { platformUrl: 'https://video.example.gov.cn/platform?cam=C2' }),
      camera('C3', '330411001001', 120.66, 30.65),
    ])
    expect(ok.json()).toMatchObject({ accepted: 3, duplicates: 0 })
    // Registering again moves it and replaces its links.
    expect((await ingest([camera('C2', '330111002001', 119.71, 29.91, { streamUrl: 'rtsp-gw.example/c2' as never })])).statusCode).toBe(400)
    expect((await ingest([camera('C2', '330111002001', 119.71, 29.91, { streamUrl: 'https://gw.example.gov.cn/c2.flv' })])).statusCode).toBe(200)
    const fy = ((await app.inject({ url: '/api/v1/cameras?region=330111', headers: admin })).json() as { items: Camera[] }).items
    expect(fy.map((c) => [c.id, c.kind, c.regionName])).toEqual([
      ['C1', 'hls', '春江村'],
      ['C2', 'link', '彭家村'],
    ])
    expect(fy[1]).toMatchObject({ lng: 119.71, lat: 29.91, streamUrl: 'https://gw.example.gov.cn/c2.flv', platformUrl: null })
    expect((await app.inject({ url: '/api/v1/cameras?region=330111' })).statusCode).toBe(401)
  })

  it('answers the nearest cameras to a place, a risk point or an alarm, with the distance in metres, inside the scope', async () => {
    ;({ app } = await testApp({ clock: () => T0 + 3600_000 }))
    const admin = { authorization: `Bearer ${await adminToken(app)}` }
    const xiuzhou = await accountSession(app, admin, { username: 'xiuzhou', role: 'viewer', scope: '330411' })
    const kiosk = await app.inject({ method: 'POST', url: '/api/v1/kiosk-tokens', headers: admin, payload: { label: '大屏', region: '330111' } })
    const display = { authorization: `Bearer ${(kiosk.json() as { token: string }).token}` }
    expect(
      (
        await ingest([
          riskRegistered('W1', '330111001001'),
          camera('NEAR', '330111001001', 119.041, 29.61, { streamUrl: 'https://v.example.gov.cn/a.m3u8' }),
          camera('MID', '330111001002', 119.05, 29.62),
          camera('FAR', '330111002001', 119.2, 29.7),
          camera('XZ', '330411001001', 119.04, 29.611),
          riskStatus('W1', 'alarm'),
        ])
      ).statusCode,
    ).toBe(200)
    await app.alarms.settled()
    const near = async (qs: string, headers = admin) => app.inject({ url: `/api/v1/cameras/near?${qs}`, headers })
    const byPlace = (await (await near('lon=119.04&lat=29.61&limit=3')).json()) as { items: NearCamera[] }
    expect(byPlace.items.map((c) => c.id)).toEqual(['NEAR', 'XZ', 'MID'])
    expect(byPlace.items[0]!.distance).toBeGreaterThan(90)
    expect(byPlace.items[0]!.distance).toBeLessThan(100)
    expect(byPlace.items.map((c) => c.kind)).toEqual(['hls', 'link', 'link'])

    const byRisk = (await (await near('riskPointId=W1', display)).json()) as { items: NearCamera[] }
    expect(byRisk.items.map((c) => c.id)).toEqual(['NEAR', 'MID', 'FAR'])
    const alarm = ((await app.inject({ url: '/api/v1/alarms?region=330111', headers: admin })).json() as { items: Alarm[] }).items[0]!
    const byAlarm = (await (await near(`alarmId=${alarm.id}&limit=1`, display)).json()) as { lng: number; items: NearCamera[] }
    expect(byAlarm).toMatchObject({ lng: 119.04, items: [{ id: 'NEAR' }] })

    expect((await near('riskPointId=W1', xiuzhou)).statusCode).toBe(404)
    expect((await near(`alarmId=${alarm.id}`, xiuzhou)).statusCode).toBe(404)
    expect((await (await near('lon=119.04&lat=29.61', xiuzhou)).json() as { items: NearCamera[] }).items.map((c) => c.id)).toEqual(['XZ'])
    expect((await near('alarmId=99999')).statusCode).toBe(404)
    expect((await near('lon=119.04')).statusCode).toBe(400)
    expect((await near('')).statusCode).toBe(400)
    expect((await near('lon=119&lat=29&riskPointId=W1')).statusCode).toBe(400)
  })

  it('answers an empty list, not an error, for an alarm that has no position (its region has no centre)', async () => {
    ;({ app } = await testApp({ clock: () => T0 + 3600_000 }))
    const admin = { authorization: `Bearer ${await adminToken(app)}` }
    const now = T0 + 3600_000
    expect(
      (
        await ingest([
          camera('C1', '330111001001', 119.95, 30.05, { streamUrl: 'https://v.example.gov.cn/c1.m3u8' }),
          reported('NP1', '330111001001', now - 60_000, { title: '井盖缺失' }),
          { id: 'sup-NP1', type: 'case.supervised', at: toShanghaiIso(now - 1000), caseId: 'NP1', color: 'red' },
        ])
      ).statusCode,
    ).toBe(200)
    await app.alarms.settled()
    const alarm = ((await app.inject({ url: '/api/v1/alarms?region=330111', headers: admin })).json() as { items: Alarm[] }).items.find((a) => a.subjectId === 'NP1')!
    // The test tree's regions have no centres: a case's alarm has nowhere to look from.
    const res = await app.inject({ url: `/api/v1/cameras/near?alarmId=${alarm.id}`, headers: admin })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ lng: null, lat: null, items: [] })
    // Malformed questions are still refused.
    expect((await app.inject({ url: `/api/v1/cameras/near?alarmId=abc`, headers: admin })).statusCode).toBe(400)
    expect((await app.inject({ url: `/api/v1/cameras/near?alarmId=${alarm.id}&lon=119`, headers: admin })).statusCode).toBe(400)
  })
})
