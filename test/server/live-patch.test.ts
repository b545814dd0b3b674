import { afterEach, describe, expect, it } from 'vitest'
import type { App } from '../../server/app'
import { receiveDetail } from '../../shared/live/detailPatch'
import type { SummaryPush } from '../../shared/live/protocol'
import type { RegionDetail } from '../../shared/summary/detail'
import { adminToken, ingestHeaders, testApp } from '../helpers/app'
import { reported, resolved, riskRegistered, riskStatus, T0, urged } from '../helpers/events'
import { connect, connected, listen, subscribe, until, type LiveClient } from '../helpers/live'

let app: App
const sockets: LiveClient[] = []
afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect()
  await app?.close()
})

const NOW = T0 + 5 * 3600_000
const REGION = '330111'
const CHILD = '330111001'

/**
 * A wall as the live store keeps its panels: the subscribe answer's detail, then each push's whole
 * detail or patch applied at once; a patch it cannot apply makes it subscribe again. `skip` drops
 * the next push unseen, as a lost frame would be.
 */
class Wall {
  held: RegionDetail | null = null
  view = ''
  frames: SummaryPush[] = []
  resubscribed = 0
  /** The last subscribe again after a patch that did not apply. */
  resync: Promise<RegionDetail> | null = null
  skip = 0
  private constructor(readonly socket: LiveClient) {
    socket.on('summary', (p) => {
      if (p.view !== this.view) return
      if (this.skip > 0) return void this.skip--
      this.frames.push(p)
      const d = receiveDetail(this.held, p)
      if (d === 'resync') {
        this.resubscribed++
        this.resync = this.subscribe()
      } else if (d !== 'stale') this.held = d
    })
  }

  static async open(base: string, token: string): Promise<Wall> {
    const s = connect(base, token)
    sockets.push(s)
    await connected(s)
    const wall = new Wall(s)
    await wall.subscribe()
    return wall
  }

  async subscribe(): Promise<RegionDetail> {
    const ack = await subscribe(this.socket, REGION)
    if (!ack.ok) throw new Error(ack.error)
    this.view = ack.view
    this.held = ack.detail
    return ack.detail
  }

  /** Until a push whose summary satisfies `holds` has been taken in. */
  pushed(holds: (p: SummaryPush) => boolean, what: string, ms?: number): Promise<SummaryPush> {
    return until(this.socket, () => this.frames.some(holds), what, ms).then(() => this.frames.findLast(holds)!)
  }
}

async function start(over: { pushWindowMs?: number } = {}) {
  ;({ app } = await testApp({ clock: () => NOW, config: over }))
  const base = await listen(app)
  const token = await adminToken(app)
  const rest = async () =>
    (await app.inject({ url: `/api/v1/summary/detail?region=${REGION}`, headers: { authorization: `Bearer ${token}` } })).json() as RegionDetail
  const ingest = async (events: unknown[]) => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/events', headers: ingestHeaders, payload: { events } })
    if (res.statusCode !== 200) throw new Error(res.body)
  }
  return { base, token, rest, ingest }
}

const total = (n: number) => (p: SummaryPush) => p.summary.cases.total === n

describe('panel details pushed as what changed', () => {
  it('leave a wall, push after push, with the detail GET /summary/detail answers for its view', async () => {
    const { base, token, rest, ingest } = await start()
    await ingest([reported('A1', '330111001001', T0), reported('A2', '330111002001', T0)])
    const wall = await Wall.open(base, token)
    expect(wall.held).toEqual(await rest())
    const steps: unknown[][] = [
      [reported('B1', '330111001002', T0 + 3600_000)],
      [urged('A1'), reported('B2', '330111001001', T0 + 2 * 3600_000)],
      [resolved('A2', 'village', T0 + 3 * 3600_000), reported('B3', '330111002002', T0 + 3 * 3600_000, { category: '环境卫生' })],
      [reported('B4', '330111002001', T0 + 4 * 3600_000)],
    ]
    let n = 2
    for (const events of steps) {
      n += events.filter((e) => (e as { type: string }).type === 'case.reported').length
      await ingest(events)
      await wall.pushed(total(n), `the push with ${n} cases`)
      expect(wall.held).toEqual(await rest())
    }
    // The first push of the view is whole; the others carry what changed, smaller than the whole.
    expect(wall.frames[0]!.detail).toBeDefined()
    const patches = wall.frames.filter((f) => f.detailPatch)
    expect(patches.length).toBeGreaterThanOrEqual(2)
    for (const f of patches) expect(JSON.stringify(f.detailPatch).length).toBeLessThan(JSON.stringify(wall.held).length)
    expect(wall.resubscribed).toBe(0)
  })

  it('make a wall that missed a frame subscribe again and take the whole state, never guess', async () => {
    const { base, token, rest, ingest } = await start()
    const wall = await Wall.open(base, token)
    await ingest([reported('A1', '330111001001', T0)])
    await wall.pushed(total(1), 'the first push')
    wall.skip = 1
    await ingest([reported('A2', '330111001002', T0)])
    // The wall never saw the push of A2: its detail is older than the next patch applies on.
    await until(wall.socket, () => wall.skip === 0, 'the push of A2')
    await ingest([reported('A3', '330111002001', T0)])
    await until(wall.socket, () => wall.resubscribed === 1, 'the patch that does not apply')
    expect(wall.frames.at(-1)!.detailPatch).toBeDefined()
    expect(wall.held?.children.find((c) => c.code === '330111002')?.total).toBe(0)
    await wall.resync
    expect(wall.held?.children.find((c) => c.code === '330111002')?.total).toBe(1)
    expect(wall.held).toEqual(await rest())
  })

  it('fit a wall that subscribed between two pushes even when a figure moved and moved back meanwhile', async () => {
    // A long window, so that the changes after the first push wait together for the next (4 s: a
    // loaded CI machine takes a second or more for the steps below; the test waits out the window once).
    const { base, token, rest, ingest } = await start({ pushWindowMs: 4000 })
    await ingest([riskRegistered('R1', '330111001001')])
    const early = await Wall.open(base, token)
    await ingest([reported('A1', '330111002001', T0)])
    await early.pushed(total(1), 'the first push')
    const alarms = (d: RegionDetail | null) => d?.children.find((c) => c.code === CHILD)?.riskAlarms
    const pushesBefore = app.live.pushes
    await ingest([riskStatus('R1', 'alarm')])
    // The late wall's snapshot has the alarm (subscribing again until the change is applied).
    const late = await Wall.open(base, token)
    while (alarms(late.held) !== 1) await late.subscribe()
    await ingest([riskStatus('R1', 'normal'), reported('A2', '330111002001', T0)])
    const [a, b] = await Promise.all([early.pushed(total(2), 'the second push (early wall)', 10_000), late.pushed(total(2), 'the second push (late wall)', 10_000)])
    expect(app.live.pushes - pushesBefore).toBe(1)
    // The child is back where the first push had it, and in the patch only because the late wall's snapshot had it moved.
    expect(b.detailPatch?.children?.map((c) => [c.code, c.riskAlarms])).toContainEqual([CHILD, 0])
    expect(a).toEqual(b)
    const want = await rest()
    expect(early.held).toEqual(want)
    expect(late.held).toEqual(want)
    expect(alarms(late.held)).toBe(0)
  })
})
