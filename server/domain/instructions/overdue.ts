import type { AlarmCause } from '../aggregate/alarmCauses'
import { isInstructionOverdue, type InstructionState } from './instruction'

/** One alarm per instruction, however long it stays overdue (signing late does not raise a second). */
export const overdueEpisode = (id: string) => `instruction.overdue:${id}`

/** The alarm of an instruction not signed (签收) or not fed back (反馈) by its due time. */
export function raiseForInstruction(s: InstructionState, at: number): AlarmCause {
  const step = s.status === 'issued' ? '签收' : '反馈'
  return { type: 'raise', kind: 'instruction.overdue', episode: overdueEpisode(s.id), subjectId: s.id, regionCode: s.regionCode, title: `指令超时未${step}（${s.assignee}）：${s.text}`, at }
}

/** Fed back or closed: its overdue alarm, if any, has nothing left to wait for. */
export const clearForInstruction = (s: InstructionState, at: number): AlarmCause => ({ type: 'clear', kind: 'instruction.overdue', subjectId: s.id, at, endedAt: at })

/** Instructions overdue at `now` whose alarm is not yet raised (`raised`: their ids). */
export function dueForAlarm(states: Iterable<InstructionState>, raised: ReadonlySet<string>, now: number): InstructionState[] {
  return [...states].filter((s) => !raised.has(s.id) && isInstructionOverdue(s, now))
}

/** The next instant an instruction not yet alarmed falls overdue (just after its due time), or undefined. */
export function nextOverdue(states: Iterable<InstructionState>, raised: ReadonlySet<string>): number | undefined {
  let min: number | undefined
  for (const s of states)
    if (s.dueAt !== null && !raised.has(s.id) && (s.status === 'issued' || s.status === 'signed') && (min === undefined || s.dueAt + 1 < min)) min = s.dueAt + 1
  return min
}
