import { describe, expect, it } from 'vitest'
import type { DeadlinesResult } from '../../bench/deadlines'
import { type BenchResults, render, verdicts } from '../../bench/lib/report'
import { type IdleWindow, idleFigures, steadyFrom, summarise, wantsAnother } from '../../bench/lib/idleWindows'
import { benchResults } from '../helpers/benchResults'

/** Windows of 10 s at the given ms CPU/s. */
const w10 = (...rates: number[]): IdleWindow[] => rates.map((r) => ({ cpuMs: r * 10, ms: 10_000 }))

const results = (deadlines: DeadlinesResult): BenchResults => benchResults({ deadlines })

const deadlinesVerdict = (r: BenchResults) => verdicts(r).find((v) => v.goal.startsWith('6.'))!

const base = { openCases: 100_000, idleSeconds: 10, waitSeconds: 150, maxWindowSeconds: 300 }

describe('idle windows until two in a row agree', () => {
  it('is not steady with fewer windows than the rule asks for', () => {
    expect(steadyFrom(w10())).toBeNull()
    expect(steadyFrom(w10(1.5))).toBeNull()
    expect(wantsAnother(w10(1.5), 300_000)).toBe(true)
  })

  it('settles on the first two windows within the tolerance, after the collections', () => {
    expect(steadyFrom(w10(24, 11, 1.5, 1.6))).toBe(2)
    expect(wantsAnother(w10(24, 11, 1.5, 1.6), 300_000)).toBe(false)
    // Two windows 1.2 ms/s apart do not agree (tolerance 1 ms/s).
    expect(steadyFrom(w10(24, 2.8, 1.6))).toBeNull()
    expect(wantsAnother(w10(24, 2.8, 1.6), 300_000)).toBe(true)
  })

  it('does not take two windows inside one long collection for steady when a quieter one was seen', () => {
    expect(steadyFrom(w10(1.5, 20, 20.5))).toBeNull()
    expect(steadyFrom(w10(1.5, 20, 20.5, 1.7, 1.4))).toBe(3)
  })

  it('stops at the bound without settling, and then reads every window', () => {
    const windows = w10(...Array.from({ length: 30 }, (_, i) => (i % 2 ? 1.5 : 6)))
    expect(wantsAnother(windows.slice(0, 29), 300_000)).toBe(true)
    expect(wantsAnother(windows, 300_000)).toBe(false)
    const s = summarise(windows)
    expect(s.steadyFrom).toBeNull()
    expect(s.msPerSec).toBeCloseTo(3.75, 6)
    expect(s.unsteadySeconds).toBe(300)
    expect(s.unsteadyExtraCpuMs).toBe(0)
  })

  it("weighs windows by their wall time and counts the unsteady windows' CPU above the steady rate", () => {
    const windows: IdleWindow[] = [{ cpuMs: 200, ms: 10_000 }, { cpuMs: 16, ms: 10_000 }, { cpuMs: 21, ms: 14_000 }]
    const s = summarise(windows)
    expect(s.steadyFrom).toBe(1)
    expect(s.msPerSec).toBeCloseTo((37 / 24_000) * 1000, 9)
    expect(s.unsteadySeconds).toBe(10)
    expect(s.unsteadyExtraCpuMs).toBeCloseTo(200 - (37 / 24_000) * 10_000, 9)
  })
})

describe('the deadlines figures and verdict', () => {
  it('bases the verdict on the steady windows, the collections before them counted as one-off CPU', () => {
    // The wait: 150 s at 1.5 ms/s plus 1,000 ms of collections; then two windows still collecting.
    const f = idleFigures(w10(3.1, 1.5, 1.6), w10(60, 25, 1.6, 1.4), { cpuMs: 225 + 1000, ms: 150_000 })
    expect(f.emptyCpuMsPerSec).toBe(1.55)
    expect(f.openCpuMsPerSec).toBe(1.5)
    expect(f.extraCoreShare).toBe(0)
    expect(f.settleSeconds).toBe(170)
    expect(f.afterLoadCpuMs).toBe(1000 + 600 + 250 - 30)
    expect(f.open!.steadyFrom).toBe(2)
    const r = results({ ...base, ...f })
    const v = deadlinesVerdict(r)
    expect(v.status).toBe('met')
    expect(v.figure).toContain('2 steady windows of 10 s from 170 s after the load')
    expect(v.figure).toContain('one-off collections cost 1,820 ms of CPU before them')
    expect(v.figure).not.toContain('NEVER STEADY')
    const text = render(r)
    expect(text).toContain('empty store: 3.10, [1.50], [1.60] ms CPU/s — steady from window 2 (1.55 ms/s)')
    expect(text).toContain('open cases, from 150 s after the load: 60.00, 25.00, [1.60], [1.40] ms CPU/s — steady from window 3 (1.50 ms/s), 20 s before it')
  })

  it('says so when the open cases never settled, and reads all their windows', () => {
    const open = w10(...Array.from({ length: 30 }, (_, i) => (i % 2 ? 2 : 12)))
    const f = idleFigures(w10(1.5, 1.5), open, { cpuMs: 300, ms: 150_000 })
    expect(f.openCpuMsPerSec).toBe(7)
    expect(f.extraCoreShare).toBe(0.0055)
    expect(f.settleSeconds).toBe(150)
    expect(f.afterLoadCpuMs).toBe(0)
    const r = results({ ...base, ...f })
    const v = deadlinesVerdict(r)
    expect(v.status).toBe('not met')
    expect(v.figure).toContain('all 30 windows of 10 s from 150 s after the load')
    expect(v.figure).toContain('NEVER STEADY within 300 s: the open cases, read over all its windows')
    expect(render(r)).toContain('never steady within 300 s, all 30 windows used (7.00 ms/s)')
  })

  it('reads results written before the windows (no series, no wait) as before', () => {
    const old = results({ openCases: 100_000, idleSeconds: 30, emptyCpuMsPerSec: 3.64, openCpuMsPerSec: 25.41, extraCoreShare: 0.0218, settleSeconds: 150, afterLoadCpuMs: 2341 })
    const v = deadlinesVerdict(old)
    expect(v.status).toBe('not met')
    expect(v.figure).toContain('(+2.18% of a core), 150 s after the load, whose one-off collections cost 2,341 ms of CPU')
    const older = results({ openCases: 100_000, idleSeconds: 30, emptyCpuMsPerSec: 3.72, openCpuMsPerSec: 10.48, extraCoreShare: 0.0068 })
    expect(deadlinesVerdict(older).figure).toMatch(/of a core\)$/)
    expect(render(older)).not.toContain('steady')
  })
})
