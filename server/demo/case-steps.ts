import type { CaseSize } from '../../shared/domain/vocabulary'
import type { Random } from './random'
import { CALENDARS, hours, type WorkCalendar } from './work-time'

/** The steps of a case after its report, in order. */
export const STEPS = ['assign', 'handle', 'review', 'resolved', 'followedUp'] as const
export type Step = (typeof STEPS)[number]

/** Working time each step takes once the previous one is done, in ms of its calendar's hours. */
export type StepWork = Record<Step, number>

/**
 * How long each step takes at work. 签收 → 审核交办 is the command room's, within the hour for a
 * 小事; the handling (审核办理 → 办结审核) is the department's: a few hours on duty for a 小事, a week
 * or two of office days for a 大事; 回访 within a day or two of calls. A `slow` case (a hard matter,
 * a department that drags its feet) takes several times as long and is how cases turn overdue.
 */
export function drawWork(r: Random, size: CaseSize, slow: boolean): StepWork {
  if (size === 'minor') {
    return {
      assign: hours(r.float(0.1, 1)),
      handle: hours(r.float(0.2, 1.5)),
      review: hours(r.normalish(2.5, 1.5, 0.5, 6) * (slow ? r.float(3, 6) : 1)),
      resolved: hours(r.float(0.2, 1.2)),
      followedUp: hours(r.float(1, 16)),
    }
  }
  return {
    assign: hours(r.float(0.5, 4)),
    handle: hours(r.float(2, 16)),
    review: hours(r.normalish(55, 30, 10, 120) * (slow ? r.float(2.6, 4) : 1)),
    resolved: hours(r.float(2, 16)),
    followedUp: hours(r.float(2, 40)),
  }
}

/** Whose hours a step runs on: the desk assigns, duty or office handles, callers follow up. */
export function calendarOf(step: Step, size: CaseSize): WorkCalendar {
  if (step === 'assign') return CALENDARS.desk
  if (step === 'followedUp') return CALENDARS.callback
  return size === 'minor' ? CALENDARS.duty : CALENDARS.office
}

const sec = (ms: number) => Math.floor(ms / 1000) * 1000

/**
 * The times of the steps from `first` on, starting after `from`: each one a step's work after the
 * previous, on its calendar, whole seconds, strictly increasing. `factor` shrinks or stretches all
 * the work (the simulator's speed, a squeeze into the time there was).
 */
export function stepTimes(work: StepWork, size: CaseSize, from: number, first: Step = 'assign', factor = 1): Partial<Record<Step, number>> {
  const out: Partial<Record<Step, number>> = {}
  let t = from
  for (const step of STEPS.slice(STEPS.indexOf(first))) {
    const at = sec(calendarOf(step, size).add(t, work[step] * factor))
    t = Math.max(at, t + 1000)
    out[step] = t
  }
  return out
}
