import type { Handover, HandoverAlarm, Shift } from '../../../shared/api/duty'
import type { RegionTree } from '../../../shared/regions/tree'
import { toShanghaiIso } from '../../../shared/time/shanghai'
import type { AlarmRecord } from '../alarms/alarmRecord'
import { isInstructionOverdue, type InstructionState } from '../instructions/instruction'
import type { DutyLogRecord } from '../../store/desk'

export interface HandoverInput {
  regionCode: string
  shift: Shift
  /** The period covered, [from, to): the shift's start to the handover (or the shift's end). */
  from: number
  to: number
  by: string
  /** When it is handed over. */
  at: number
  note: string
  officers: string[]
  leader: string | null
  /** Alarms the period saw (store.duty.alarmsDuring). */
  alarms: readonly AlarmRecord[]
  /** The region's instructions (its subtree), any status. */
  instructions: readonly InstructionState[]
  /** Duty-log entries of the period marked notable. */
  notable: readonly DutyLogRecord[]
}

/**
 * The handover record (交接班记录) of a shift, computed from what the stores hold, as of `to`:
 * alarms raised, acknowledged and still open, cases turned red (their alarms), instructions not
 * closed, the notable entries of the duty log. Pure: the same input gives the same record.
 */
export function computeHandover(input: HandoverInput, regions: RegionTree): Omit<Handover, 'id'> {
  const { from, to } = input
  const within = (t: number | null) => t !== null && t >= from && t < to
  const view = (a: AlarmRecord): HandoverAlarm => ({
    id: a.id,
    kind: a.kind,
    title: a.title,
    regionName: regions.get(a.regionCode)?.name ?? a.regionCode,
    // As it stood at the end of the period, not as it stands when the record is read.
    status: a.closedAt !== null && a.closedAt < to ? 'closed' : a.ackAt !== null && a.ackAt < to ? 'acknowledged' : 'raised',
    raisedAt: toShanghaiIso(a.raisedAt),
    acknowledgedBy: a.ackAt !== null && a.ackAt < to ? a.ackBy : null,
  })
  const raised = input.alarms.filter((a) => within(a.raisedAt))
  const acknowledged = input.alarms.filter((a) => within(a.ackAt))
  const open = input.alarms.filter((a) => a.raisedAt < to && (a.closedAt === null || a.closedAt >= to))
  const red = raised.filter((a) => a.kind === 'case.red')
  const instructions = input.instructions
    .filter((s) => s.issuedAt < to && (s.closedAt === null || s.closedAt >= to))
    .sort((a, b) => (a.dueAt ?? Infinity) - (b.dueAt ?? Infinity) || a.issuedAt - b.issuedAt)
    .map((s) => ({
      id: s.id,
      assignee: s.assignee,
      text: s.text,
      status: s.fedBackAt !== null && s.fedBackAt < to ? 'fedBack' : s.signedAt !== null && s.signedAt < to ? 'signed' : 'issued',
      dueAt: s.dueAt === null ? null : toShanghaiIso(s.dueAt),
      overdue: isInstructionOverdue(s, to),
    }))
  const notable = input.notable.map((e) => ({ at: toShanghaiIso(e.at), actor: e.actor, text: e.text }))
  return {
    regionCode: input.regionCode,
    regionName: regions.get(input.regionCode)?.name ?? input.regionCode,
    shift: input.shift,
    from: toShanghaiIso(from),
    to: toShanghaiIso(to),
    handedOverBy: input.by,
    handedOverAt: toShanghaiIso(input.at),
    note: input.note,
    officers: input.officers,
    leader: input.leader,
    counts: {
      alarmsRaised: raised.length,
      alarmsAcknowledged: acknowledged.length,
      alarmsOpen: open.length,
      casesTurnedRed: red.length,
      instructionsOpen: instructions.length,
      notableEntries: notable.length,
    },
    alarmsRaised: raised.map(view),
    alarmsAcknowledged: acknowledged.map(view),
    alarmsOpen: open.map(view),
    casesTurnedRed: red.map(view),
    instructionsOpen: instructions,
    notableEntries: notable,
  }
}
