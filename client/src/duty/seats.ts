import type { Alarm, AlarmKind } from '../../../shared/api/alarms'
import type { CaseView } from '../../../shared/api/cases'
import type { CaseSource } from '../../../shared/domain/vocabulary'
import { SHANGHAI_OFFSET_MS } from '../../../shared/time/shanghai'

/** The dispatch seats of a 指挥中心, each watching its own share of the alarms and cases. */
export const SEATS = ['hotline', 'grid', 'video', 'emergency'] as const
export type Seat = (typeof SEATS)[number]
export const SEAT_LABELS: Record<Seat, string> = { hotline: '12345 席', grid: '网格调度席', video: '视频席', emergency: '应急席' }

export interface AlarmFilter {
  kind: AlarmKind | 'all'
  /** A region below the desk's (a town, a village), or '' for all of it. */
  region: string
  /** Only alarms raised at least this many minutes ago (0: all). */
  minAgeMinutes: number
}
export interface CaseFilter {
  source: CaseSource | 'all'
}
export interface SeatFilters {
  alarms: AlarmFilter
  cases: CaseFilter
}

/** What each seat watches unless it chose otherwise: 12345 the hotline's red cases, 视频/应急 the risk points. */
export const SEAT_DEFAULTS: Record<Seat, SeatFilters> = {
  hotline: { alarms: { kind: 'case.red', region: '', minAgeMinutes: 0 }, cases: { source: 'hotline' } },
  grid: { alarms: { kind: 'all', region: '', minAgeMinutes: 0 }, cases: { source: 'grid' } },
  video: { alarms: { kind: 'risk.alarm', region: '', minAgeMinutes: 0 }, cases: { source: 'all' } },
  emergency: { alarms: { kind: 'risk.alarm', region: '', minAgeMinutes: 0 }, cases: { source: 'all' } },
}

export const AGE_CHOICES = [0, 5, 10, 30, 60] as const

/**
 * The alarms a seat sees: of its kind, in its region, old enough. `within(code, ancestor)` says
 * whether a region lies in another (the desk's region tree).
 */
export function filterAlarms(list: readonly Alarm[], f: AlarmFilter, now: number, within: (code: string, ancestor: string) => boolean): Alarm[] {
  return list.filter(
    (a) =>
      (f.kind === 'all' || a.kind === f.kind) &&
      (!f.region || a.regionCode === f.region || within(a.regionCode, f.region)) &&
      (f.minAgeMinutes <= 0 || now - Date.parse(a.raisedAt) >= f.minAgeMinutes * 60_000),
  )
}

/**
 * A leader's desk: escalated alarms first (they were escalated to the leaders), earliest
 * escalation first; the rest keep their order. Everyone else: the order as it stands.
 */
export function deskOrder(list: readonly Alarm[], leader: boolean): Alarm[] {
  if (!leader) return [...list]
  const escalated = list.filter((a) => a.escalatedAt).sort((a, b) => Date.parse(a.escalatedAt!) - Date.parse(b.escalatedAt!) || a.id - b.id)
  return [...escalated, ...list.filter((a) => !a.escalatedAt)]
}

export function filterCases(list: readonly CaseView[], f: CaseFilter): CaseView[] {
  return f.source === 'all' ? [...list] : list.filter((c) => c.source === f.source)
}

export interface QuietHours {
  on: boolean
  /** HH:MM, Shanghai time; `from` after `to` spans midnight (22:00–07:00). */
  from: string
  to: string
}

const minutesOf = (hhmm: string) => {
  const m = /^(\d\d):(\d\d)$/.exec(hhmm)
  return m ? Number(m[1]) * 60 + Number(m[2]) : null
}

/** Inside the quiet hours (no sound; the popup still shows), by Shanghai time whatever the seat's zone. */
export function inQuietHours(q: QuietHours, now: number): boolean {
  const from = minutesOf(q.from)
  const to = minutesOf(q.to)
  if (!q.on || from === null || to === null || from === to) return false
  const d = new Date(now + SHANGHAI_OFFSET_MS)
  const m = d.getUTCHours() * 60 + d.getUTCMinutes()
  return from < to ? m >= from && m < to : m >= from || m < to
}
