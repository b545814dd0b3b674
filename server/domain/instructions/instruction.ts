import type { InstructionStatus } from '../../../shared/api/instructions'
import type { InstructionEvent } from '../../../shared/events/schema'

/** An instruction (指令) as its events in the log leave it; times in ms. */
export interface InstructionState {
  id: string
  regionCode: string
  assignee: string
  text: string
  caseId: string | null
  alarmId: number | null
  dueAt: number | null
  status: InstructionStatus
  issuedBy: string | null
  issuedAt: number
  signedAt: number | null
  feedback: string | null
  fedBackAt: number | null
  closedBy: string | null
  closedAt: number | null
}

/** The step each status waits for: the one order an instruction goes through. */
const NEXT: Record<InstructionStatus, InstructionEvent['type'] | null> = {
  issued: 'instruction.signed',
  signed: 'instruction.fedBack',
  fedBack: 'instruction.closed',
  closed: null,
}
const STEP_NAMES: Record<InstructionEvent['type'], string> = {
  'instruction.issued': 'issue',
  'instruction.signed': 'sign',
  'instruction.fedBack': 'feed back',
  'instruction.closed': 'close',
}

export type Stepped = { ok: true; state: InstructionState } | { ok: false; message: string }

/**
 * One event applied to an instruction (pure). `actor` is the account that took the step (the
 * batch's origin). Out of order (signing twice, feeding back before signing, closing before the
 * feedback) is refused with why.
 */
export function stepInstruction(prev: InstructionState | null, e: InstructionEvent, at: number, actor: string | null): Stepped {
  if (e.type === 'instruction.issued') {
    if (prev) return { ok: false, message: `instruction ${e.instructionId} exists already` }
    return {
      ok: true,
      state: {
        id: e.instructionId,
        regionCode: e.regionCode,
        assignee: e.assignee,
        text: e.text,
        caseId: e.relatedCaseId ?? null,
        alarmId: e.alarmId ?? null,
        dueAt: e.dueAt ? Date.parse(e.dueAt) : null,
        status: 'issued',
        issuedBy: actor,
        issuedAt: at,
        signedAt: null,
        feedback: null,
        fedBackAt: null,
        closedBy: null,
        closedAt: null,
      },
    }
  }
  if (!prev) return { ok: false, message: `unknown instruction ${e.instructionId}` }
  if (NEXT[prev.status] !== e.type) {
    const waiting = NEXT[prev.status]
    return { ok: false, message: `instruction ${prev.id} is ${prev.status}: ${waiting ? `the next step is to ${STEP_NAMES[waiting]}` : 'it is closed'}, not to ${STEP_NAMES[e.type]}` }
  }
  switch (e.type) {
    case 'instruction.signed':
      return { ok: true, state: { ...prev, status: 'signed', signedAt: at } }
    case 'instruction.fedBack':
      return { ok: true, state: { ...prev, status: 'fedBack', feedback: e.text, fedBackAt: at } }
    case 'instruction.closed':
      return { ok: true, state: { ...prev, status: 'closed', closedBy: actor, closedAt: at } }
  }
}

/** Past its due time and not yet fed back. */
export const isInstructionOverdue = (s: InstructionState, now: number) => s.dueAt !== null && now > s.dueAt && (s.status === 'issued' || s.status === 'signed')
