import { describe, expect, it } from 'vitest'
import type { PushPoint, PushResult } from '../../bench/push'
import { type BenchResults, render, verdicts } from '../../bench/lib/report'
import { benchResults } from '../helpers/benchResults'

const d = (p50: number, p99: number) => ({ n: 150, p50, p99, max: p99, mean: p50 })

function point(sockets: number, p99: number, lost = 0): PushPoint {
  return {
    sockets,
    connected: sockets,
    markers: 150,
    first: d(p99 / 3, p99 / 2),
    all: d(p99 / 2, p99),
    byRegion: {},
    lost,
    postMs: d(2, 5),
    messagesPerMarker: sockets,
    resyncs: 0,
    server: { cpuShare: 0.2, eldP99: 20, cpuMsPerMarker: 20 },
    clientCpuShare: [0.5, 0.5],
    clientEldP99: [10, 10],
  }
}

/** A push phase at 1,000 and 5,000 sockets: the real series after the catch-up at `realP99`, the floor at 100 ms. */
function results(realP99: number, aftermath: PushResult['aftermath'], catchingUpP99?: number): BenchResults {
  const real = [point(1000, realP99), point(5000, realP99)]
  const floor = [point(1000, 100), point(5000, 100)]
  const push: PushResult = {
    regions: { root: '330000', leaf: '330111001001' },
    workers: 2,
    ratePerSec: 10,
    real,
    floor,
    payloadBytes: {},
    ratioP99: real.map((r) => ({ sockets: r.sockets, ratio: r.all.p99 / 100 })),
    aftermath,
    ...(catchingUpP99 === undefined ? {} : { catchingUp: { point: point(1000, catchingUpP99), ratioP99: catchingUpP99 / 100 } }),
  }
  return benchResults({ push })
}

const pushVerdict = (r: BenchResults) => verdicts(r).find((v) => v.goal.startsWith('2. push'))!

const behind = { behind: 86_000, fill: 23, every: 20_000 }

describe("the push verdict and the snapshots' catch-up after the burst", () => {
  it('is decided by the real series timed after the catch-up, the series during it reported beside it', () => {
    const r = results(130, { startSecondsAfterBurst: 25.9, atStart: behind, caughtUpSecondsAfterBurst: 38.6, waitedSeconds: 1 }, 240)
    const v = pushVerdict(r)
    expect(v.status).toBe('met')
    expect(v.figure).toContain('caught up, 38.6 s after the burst')
    expect(v.figure).toContain('during the catch-up: 1,000 sockets p99 240.0 ms, 2.4×')
    const text = render(r)
    expect(text).toContain('caught up 38.6 s after the burst')
    expect(text).toContain('not the target')
  })

  it('is not met when the real series after the catch-up is above 1.5× the floor', () => {
    const v = pushVerdict(results(160, { startSecondsAfterBurst: 25.9, atStart: behind, caughtUpSecondsAfterBurst: 38.6, waitedSeconds: 1 }))
    expect(v.status).toBe('not met')
  })

  it('says so when the real series ran beside a catch-up that had not ended', () => {
    const v = pushVerdict(results(130, { startSecondsAfterBurst: 25.9, atStart: behind, caughtUpSecondsAfterBurst: null, waitedSeconds: 900 }, 240))
    expect(v.figure).toContain('still catching up')
  })

  it('counts from the phase start when no ingest ran before it', () => {
    const v = pushVerdict(results(130, { startSecondsAfterBurst: null, atStart: { behind: 10, fill: 0, every: 20_000 }, caughtUpSecondsAfterBurst: 0, waitedSeconds: 0 }))
    expect(v.figure).toContain("0 s after the phase's start")
    expect(v.figure).not.toContain('during the catch-up')
  })
})
