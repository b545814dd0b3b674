import type { Alarm } from '../../../shared/api/alarms'
import type { CaseActionBody, CaseActionResult, CaseView } from '../../../shared/api/cases'
import type { Instruction, IssueInstruction } from '../../../shared/api/instructions'
import type { UnitFiguresView } from '../../../shared/api/units'
import { restCall } from './api'

/**
 * The command desk's REST calls: case actions (server/routes/caseActions.ts), handling units to
 * transfer to, case search, bulk acknowledgement and instructions (server/routes/instructions.ts).
 * Types only from shared/api: its schemas stay out of the client's chunks.
 */
export function commandApi(token: string) {
  const call = restCall(token)
  const q = encodeURIComponent
  return {
    caseAction: (id: string, body: CaseActionBody) => call<CaseActionResult>(`/api/v1/cases/${q(id)}/actions`, { method: 'POST', body }),
    /** The handling units (承办单位) known in the region's subtree this year, by name. */
    units: (region: string) =>
      call<{ units: UnitFiguresView[] }>(`/api/v1/summary/units?region=${q(region)}&rankBy=assigned`).then((b) => b.units.map((u) => u.unit)),
    /** Id, title words or category (the server's `q`), newest first; without words, the region's open cases, most urgent first. */
    searchCases: (region: string, text?: string) =>
      call<{ items: CaseView[] }>(`/api/v1/cases?region=${q(region)}${text ? `&q=${q(text)}` : '&sort=urgent'}&limit=30`).then((b) => b.items),
    ackMany: (ids: number[], note: string) =>
      call<{ items: Alarm[] }>('/api/v1/alarms/ack', { method: 'POST', body: note.trim() ? { ids, note: note.trim() } : { ids } }).then((b) => b.items),
    instructions: (region: string, mine: boolean) =>
      call<{ items: Instruction[] }>(`/api/v1/instructions?region=${q(region)}${mine ? '&assignee=me' : ''}`).then((b) => b.items),
    issue: (body: IssueInstruction) => call<{ id: string; status: 'issued' }>('/api/v1/instructions', { method: 'POST', body }),
    sign: (id: string) => call<Instruction>(`/api/v1/instructions/${q(id)}/sign`, { method: 'POST', body: {} }),
    feedback: (id: string, text: string) => call<Instruction>(`/api/v1/instructions/${q(id)}/feedback`, { method: 'POST', body: { text: text.trim() } }),
    close: (id: string, note: string) =>
      call<Instruction>(`/api/v1/instructions/${q(id)}/close`, { method: 'POST', body: note.trim() ? { note: note.trim() } : {} }),
  }
}
export type CommandApi = ReturnType<typeof commandApi>
