import type { DeadlinesResult } from '../deadlines'
import { countText as whole, fixedText as fixed, round } from './stats'

/**
 * The deadlines phase's idle windows (deadlines.ts): consecutive windows of the same length are
 * taken until the last `count` of them are steady, or until a bounded total has passed. Pure (no
 * timing, no server): the phase feeds it the probe's CPU per window, the tests feed it figures.
 */

/** One window: the server's CPU (all threads) and the wall time it covered, both in ms. */
export interface IdleWindow {
  cpuMs: number
  ms: number
}

export interface SteadyRule {
  /** How many consecutive windows must agree (2: the last two). */
  count: number
  /**
   * ms CPU/s: the agreeing windows lie within this of each other, and their rate is no more than this
   * above the lowest window seen so far. The second part keeps two windows that both fall inside one
   * long collection (a plateau of concurrent marking) from reading as steady when a quieter window
   * was already seen.
   */
  toleranceMsPerSec: number
}

/** 1 ms CPU/s is 0.1 % of a core, a fifth of the goal's 0.5 %. */
export const STEADY_RULE: SteadyRule = { count: 2, toleranceMsPerSec: 1 }

export const msPerSec = (w: IdleWindow): number => (w.ms > 0 ? (w.cpuMs / w.ms) * 1000 : 0)

/**
 * The index of the first window of a steady run at the end of `windows` (the last `rule.count`),
 * or null when the last ones are not steady (or there are too few).
 */
export function steadyFrom(windows: readonly IdleWindow[], rule: SteadyRule = STEADY_RULE): number | null {
  if (rule.count < 1 || windows.length < rule.count) return null
  const from = windows.length - rule.count
  const rates = windows.map(msPerSec)
  const last = rates.slice(from)
  const hi = Math.max(...last)
  const lo = Math.min(...last)
  if (hi - lo > rule.toleranceMsPerSec) return null
  const lowest = Math.min(...rates)
  if (rateOf(windows.slice(from)) - lowest > rule.toleranceMsPerSec) return null
  return from
}

/** The wall time several windows cover, ms. */
const totalMs = (windows: readonly IdleWindow[]): number => windows.reduce((s, w) => s + w.ms, 0)

/** ms CPU/s over several windows together (their CPU over their wall time). */
export function rateOf(windows: readonly IdleWindow[]): number {
  const ms = totalMs(windows)
  return ms > 0 ? (windows.reduce((s, w) => s + w.cpuMs, 0) / ms) * 1000 : 0
}

/** Whether to take another window: not once the last ones are steady, nor once `maxMs` of windows have passed. */
export function wantsAnother(windows: readonly IdleWindow[], maxMs: number, rule: SteadyRule = STEADY_RULE): boolean {
  if (steadyFrom(windows, rule) !== null) return false
  return totalMs(windows) < maxMs
}

/** A series of idle windows as the results keep it. */
export interface IdleSeries {
  /** ms CPU/s of each window, in order. */
  windowsMsPerSec: number[]
  /** The first of the steady windows (which run to the end); null when the series never settled. */
  steadyFrom: number | null
  /** The rate the verdict uses: the steady windows' together, or every window's when it never settled. */
  msPerSec: number
  /** Seconds of windows before the steady ones (all of them when it never settled). */
  unsteadySeconds: number
  /** CPU of the windows before the steady ones beyond the steady rate, ms (0 when it never settled). */
  unsteadyExtraCpuMs: number
}

export function summarise(windows: readonly IdleWindow[], rule: SteadyRule = STEADY_RULE): IdleSeries {
  const from = steadyFrom(windows, rule)
  const used = from === null ? windows : windows.slice(from)
  const rate = rateOf(used)
  // Never settled: every window is before the (absent) steady ones, and its rate is theirs, so no extra.
  const before = from === null ? windows : windows.slice(0, from)
  const beforeMs = totalMs(before)
  const beforeCpu = before.reduce((s, w) => s + w.cpuMs, 0)
  return {
    windowsMsPerSec: windows.map(msPerSec),
    steadyFrom: from,
    msPerSec: rate,
    unsteadySeconds: beforeMs / 1000,
    unsteadyExtraCpuMs: from === null ? 0 : Math.max(0, beforeCpu - (rate * beforeMs) / 1000),
  }
}

/**
 * The deadlines phase's figures from its two series and the wait between the load and the open
 * cases' first window: the rates are the steady windows' (every window's when a series never
 * settled), the extra is their difference as a share of a core, and the one-off CPU after the load is
 * what the wait and the windows before the steady ones cost beyond the open cases' rate.
 */
export function idleFigures(
  empty: readonly IdleWindow[],
  open: readonly IdleWindow[],
  wait: IdleWindow,
  rule: SteadyRule = STEADY_RULE,
): Pick<DeadlinesResult, 'emptyCpuMsPerSec' | 'openCpuMsPerSec' | 'extraCoreShare' | 'settleSeconds' | 'afterLoadCpuMs' | 'empty' | 'open'> {
  const e = summarise(empty, rule)
  const o = summarise(open, rule)
  const waitExtraCpuMs = Math.max(0, wait.cpuMs - (o.msPerSec * wait.ms) / 1000)
  return {
    emptyCpuMsPerSec: round(e.msPerSec, 2),
    openCpuMsPerSec: round(o.msPerSec, 2),
    extraCoreShare: round(Math.max(0, o.msPerSec - e.msPerSec) / 1000, 4),
    settleSeconds: round(wait.ms / 1000 + (o.steadyFrom !== null ? o.unsteadySeconds : 0), 0),
    afterLoadCpuMs: round(waitExtraCpuMs + o.unsteadyExtraCpuMs, 0),
    empty: rounded(e),
    open: rounded(o),
  }
}

function rounded(s: IdleSeries): IdleSeries {
  return {
    windowsMsPerSec: s.windowsMsPerSec.map((r) => round(r, 2)),
    steadyFrom: s.steadyFrom,
    msPerSec: round(s.msPerSec, 2),
    unsteadySeconds: round(s.unsteadySeconds, 1),
    unsteadyExtraCpuMs: round(s.unsteadyExtraCpuMs, 0),
  }
}

// The report's text for the deadlines phase (lib/report.ts), here to keep it beside the rule.

type DeadlinesFigures = Pick<DeadlinesResult, 'idleSeconds' | 'settleSeconds' | 'afterLoadCpuMs' | 'waitSeconds' | 'maxWindowSeconds' | 'empty' | 'open'>


/** What the verdict's figure adds after the two rates: when the windows settled, what came before, and whether a series never settled. */
export function deadlinesVerdictNote(d: DeadlinesFigures): string {
  const oneOff = `whose one-off collections cost ${whole(d.afterLoadCpuMs)} ms of CPU`
  if (!d.open || !d.empty) return d.settleSeconds !== undefined ? `, ${d.settleSeconds} s after the load, ${oneOff}` : ''
  const unsettled = [d.empty.steadyFrom === null ? 'the empty store' : null, d.open.steadyFrom === null ? 'the open cases' : null].filter(Boolean)
  const o = d.open
  const windows = o.steadyFrom === null ? `all ${o.windowsMsPerSec.length} windows` : `${o.windowsMsPerSec.length - o.steadyFrom} steady windows`
  return (
    `, ${windows} of ${d.idleSeconds} s from ${d.settleSeconds} s after the load (${oneOff} before them)` +
    (unsettled.length
      ? `; NEVER STEADY within ${d.maxWindowSeconds} s: ${unsettled.join(' and ')}, read over all ${unsettled.length === 2 ? 'their' : 'its'} windows`
      : '')
  )
}

/** One line per series: every window's ms CPU/s, the steady ones marked. */
export function deadlinesWindowLines(d: DeadlinesFigures): string[] {
  const line = (label: string, s: IdleSeries) =>
    `  ${label}: ${s.windowsMsPerSec.map((r, i) => (s.steadyFrom !== null && i >= s.steadyFrom ? `[${fixed(r, 2)}]` : fixed(r, 2))).join(', ')} ms CPU/s` +
    (s.steadyFrom === null
      ? ` — never steady within ${d.maxWindowSeconds} s, all ${s.windowsMsPerSec.length} windows used (${fixed(s.msPerSec, 2)} ms/s)`
      : ` — steady from window ${s.steadyFrom + 1} (${fixed(s.msPerSec, 2)} ms/s), ${fixed(s.unsteadySeconds, 0)} s before it, ${whole(s.unsteadyExtraCpuMs)} ms of CPU above that rate`)
  if (!d.open || !d.empty) return []
  return [
    `  windows of ${d.idleSeconds} s until two in a row agree within ${STEADY_RULE.toleranceMsPerSec} ms CPU/s (and lie within it of the lowest), at most ${d.maxWindowSeconds} s; [steady]:`,
    line('empty store', d.empty),
    line(`open cases, from ${d.waitSeconds ?? '–'} s after the load`, d.open),
  ]
}
