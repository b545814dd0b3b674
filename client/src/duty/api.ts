import type { Alarm, AuditEntry } from '../../../shared/api/alarms'
import type { CaseDetail, CaseView, RiskView } from '../../../shared/api/cases'
import type { Me } from '../../../shared/api/me'
import type { Reporter } from '../../../shared/privacy/mask'

/** An answer other than 2xx; `status` lets callers tell 401, 403 and 409 apart. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

export interface AlarmDetail {
  alarm: Alarm
  audit: AuditEntry[]
}

/** Cases per list fetch: the desk shows the most urgent, not every one of a province. */
export const CASE_PAGE = 100

export type AlarmAction = 'acknowledge' | 'close'

/** A JSON call with the screen's token; an answer other than 2xx throws ApiError with the server's words. */
export function restCall(token: string) {
  return async function call<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` }
    if (init.body !== undefined) headers['content-type'] = 'application/json'
    const res = await fetch(path, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) })
    if (!res.ok) {
      const body = (await res.json().catch(() => null)) as { error?: string } | null
      throw new ApiError(res.status, body?.error ?? res.statusText)
    }
    return (await res.json()) as T
  }
}

/** The duty desk's REST calls (server/routes/alarms.ts, cases.ts, accounts.ts), all with the screen's token. */
export function dutyApi(token: string) {
  const call = restCall(token)
  const q = encodeURIComponent

  return {
    /** Not-yet-closed alarms of the region's subtree, unacknowledged first, newest first. */
    openAlarms: (region: string) => call<{ items: Alarm[] }>(`/api/v1/alarms?region=${q(region)}&status=open&limit=200`).then((b) => b.items),
    alarm: (id: number) => call<AlarmDetail>(`/api/v1/alarms/${id}`),
    act: (id: number, action: AlarmAction, note: string) =>
      call<Alarm>(`/api/v1/alarms/${id}/${action}`, { method: 'POST', body: note.trim() ? { note: note.trim() } : {} }),
    /** Unresolved cases that are red (supervised or overdue) or overdue, most urgent first. */
    urgentCases: (region: string, filter: 'red' | 'overdue' | 'yellow') =>
      call<{ items: CaseView[] }>(`/api/v1/cases?region=${q(region)}&${filter === 'overdue' ? 'overdue=true' : `color=${filter}`}&sort=urgent&limit=${CASE_PAGE}`).then(
        (b) => b.items,
      ),
    caseDetail: (id: string) => call<CaseDetail>(`/api/v1/cases/${q(id)}`),
    /** The reporter unmasked; the server refuses (403) without the personal-data permission and logs every answer. */
    reporter: (caseId: string) => call<{ reporter: Reporter | null }>(`/api/v1/cases/${q(caseId)}/reporter`, { method: 'POST' }).then((b) => b.reporter),
    me: () => call<Me>('/api/v1/me'),
    /** Risk points of a region's subtree (asked for the alarm's village, so the list is short). */
    risks: (region: string) => call<{ items: RiskView[] }>(`/api/v1/risks?region=${q(region)}`).then((b) => b.items),
  }
}
export type DutyApi = ReturnType<typeof dutyApi>
