import { restCall } from './api'
import type { DutyLogEntry, DutyNow, Handover } from '../../../shared/api/duty'

export type { DutyLogEntry, DutyNow, Handover, HandoverAlarm, RosterEntry, Shift } from '../../../shared/api/duty'
export { HANDOVER_COUNTS, HANDOVER_COUNT_LABELS as HANDOVER_COUNT_WORDS } from '../../../shared/api/duty'

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
