import { restCall } from './api'

/** The shapes of server/routes/duty.ts (shared/api/duty.ts), as far as the desk reads them. */
export interface Shift {
  index: number
  label: string
  day: string
  start: string
  end: string
}
export interface RosterEntry {
  shift: Shift
  regionCode: string
  regionName: string
  officers: string[]
  leader: string | null
}
export interface DutyNow {
  shift: Shift
  roster: RosterEntry | null
  shifts: string[]
}
export interface DutyLogEntry {
  id: number
  at: string
  actor: string
  regionCode: string
  regionName: string
  text: string
  notable: boolean
}
export interface HandoverAlarm {
  id: number
  kind: string
  title: string
  regionName: string
  status: string
  raisedAt: string
  acknowledgedBy: string | null
}
export interface HandoverInstruction {
  id: string
  assignee: string
  text: string
  status: string
  dueAt: string | null
  overdue: boolean
}
export const HANDOVER_COUNTS = ['alarmsRaised', 'alarmsAcknowledged', 'alarmsOpen', 'casesTurnedRed', 'instructionsOpen', 'notableEntries'] as const
export type HandoverCount = (typeof HANDOVER_COUNTS)[number]
export const HANDOVER_COUNT_WORDS: Record<HandoverCount, string> = {
  alarmsRaised: '本班新增告警',
  alarmsAcknowledged: '本班确认告警',
  alarmsOpen: '仍未关闭告警',
  casesTurnedRed: '本班转红案件',
  instructionsOpen: '未办结指令',
  notableEntries: '重要值班记录',
}
export interface Handover {
  id: number
  regionCode: string
  regionName: string
  shift: Shift
  from: string
  to: string
  handedOverBy: string
  handedOverAt: string
  note: string
  officers: string[]
  leader: string | null
  counts: Record<HandoverCount, number>
  alarmsRaised: HandoverAlarm[]
  alarmsAcknowledged: HandoverAlarm[]
  alarmsOpen: HandoverAlarm[]
  casesTurnedRed: HandoverAlarm[]
  instructionsOpen: HandoverInstruction[]
  notableEntries: Array<{ at: string; actor: string; text: string }>
}

/** 交接班: the duty log, who is on duty now, handover records and their A4 page. */
export function shiftApi(token: string) {
  const call = restCall(token)
  const q = encodeURIComponent
  return {
    now: (region: string) => call<DutyNow>(`/api/v1/duty/now?region=${q(region)}`),
    log: (region: string, from: string) => call<{ items: DutyLogEntry[] }>(`/api/v1/duty/log?region=${q(region)}&from=${q(from)}&limit=200`).then((b) => b.items),
    write: (region: string, text: string, notable: boolean) =>
      call<DutyLogEntry>('/api/v1/duty/log', { method: 'POST', body: { region, text: text.trim(), notable } }),
    handover: (region: string, note: string) => call<Handover>('/api/v1/duty/handover', { method: 'POST', body: { region, note: note.trim() } }),
    handovers: (region: string) => call<{ items: Handover[] }>(`/api/v1/duty/handovers?region=${q(region)}&limit=20`).then((b) => b.items),
    /** The record as one A4 PDF page (the token goes in a header, so it is fetched, not linked). */
    async pdf(id: number): Promise<Blob> {
      const res = await fetch(`/api/v1/duty/handovers/${id}.pdf`, { headers: { authorization: `Bearer ${token}` } })
      if (!res.ok) throw new Error(`PDF ${res.status}`)
      return res.blob()
    },
  }
}
export type ShiftApi = ReturnType<typeof shiftApi>
