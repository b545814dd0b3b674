import type { AlarmKind } from '../../../shared/api/alarms'
import { C } from '../../../shared/summary/counters'
import type { CaseState } from '../cases/caseState'
import type { RiskState } from '../risks/riskState'

/** Something began or stopped warranting an alarm: a case turned red or left red, a risk point entered or left alarm. */
export type AlarmCause =
  | { type: 'raise'; kind: AlarmKind; episode: string; subjectId: string; regionCode: string; title: string; at: number }
  /**
   * `at`: when the server saw it end; `endedAt`: when it ended by the events' own time. An alarm
   * raised after its cause had already ended (a resolution that arrived late, a backfill of
   * history) was never a live alarm and is archived rather than left for a seat to acknowledge.
   */
  | { type: 'clear'; kind: AlarmKind; subjectId: string; at: number; endedAt: number }

const RED = C['color.red']

export const isCountedRed = (contribution: readonly number[]) => contribution.includes(RED)

/** One alarm per red spell of a case: a reopened case (重办) may turn red again. */
export const caseEpisode = (c: CaseState) => `case.red:${c.id}:${c.reopenCount}`

/** One alarm per spell in alarm: the instant the risk point entered it names the spell. */
export const riskEpisode = (r: RiskState) => `risk.alarm:${r.id}:${r.updatedAt}`

export function raiseForCase(c: CaseState, at: number): AlarmCause {
  return { type: 'raise', kind: 'case.red', episode: caseEpisode(c), subjectId: c.id, regionCode: c.regionCode, title: c.title, at }
}

/** `at` is when the server raises it; the risk's own time names the episode. */
export function raiseForRisk(r: RiskState, at: number): AlarmCause {
  return { type: 'raise', kind: 'risk.alarm', episode: riskEpisode(r), subjectId: r.id, regionCode: r.regionCode, title: r.name, at }
}

/** The cause, if any, in a case's counted figures moving from `before` to `after`. */
export function caseCause(c: CaseState, before: readonly number[], after: readonly number[], now: number): AlarmCause | null {
  const was = isCountedRed(before)
  const is = isCountedRed(after)
  if (was === is) return null
  return is ? raiseForCase(c, now) : { type: 'clear', kind: 'case.red', subjectId: c.id, at: now, endedAt: Math.min(c.updatedAt, now) }
}

export function riskCause(prev: RiskState | null, next: RiskState, now: number): AlarmCause | null {
  const was = prev?.status === 'alarm'
  const is = next.status === 'alarm'
  if (is && !was) return raiseForRisk(next, now)
  if (was && !is) return { type: 'clear', kind: 'risk.alarm', subjectId: next.id, at: now, endedAt: Math.min(next.updatedAt, now) }
  return null
}
