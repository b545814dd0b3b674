import type { AcceptedEvent } from '../../domain/ingest/planBatch'
import type { DirectoryRecord, DutyLogRecord, HandoverRecord, RosterRecord } from '../desk'
import type { CameraRecord } from '../types'

export interface LogRow {
  id: number
  at: number
  actor: string
  region_code: string
  text: string
  notable: number | boolean
}
export interface RosterRow {
  day: string
  shift: number
  region_code: string
  officers: string
  leader: string | null
  updated_by: string
  updated_at: number
}
export interface HandoverRow {
  id: number
  region_code: string
  day: string
  shift: number
  period_from: number
  period_to: number
  created_by: string
  created_at: number
  note: string
  content: string
}

export interface PersonRow {
  id: number
  name: string
  phone: string
  role: string
  region_code: string
  risk_id: string
  updated_by: string
  updated_at: number
}

/** Rows of the desk's tables as records (the same columns in both stores). */
export const deskRows = {
  person: (r: PersonRow): DirectoryRecord => ({
    id: r.id,
    name: r.name,
    phone: r.phone,
    role: r.role,
    regionCode: r.region_code,
    riskId: r.risk_id === '' ? null : r.risk_id,
    updatedBy: r.updated_by,
    updatedAt: r.updated_at,
  }),
  log: (r: LogRow): DutyLogRecord => ({ id: r.id, at: r.at, actor: r.actor, regionCode: r.region_code, text: r.text, notable: Boolean(r.notable) }),
  roster: (r: RosterRow): RosterRecord => ({
    day: r.day,
    shift: r.shift,
    regionCode: r.region_code,
    officers: JSON.parse(r.officers) as string[],
    leader: r.leader,
    updatedBy: r.updated_by,
    updatedAt: r.updated_at,
  }),
  handover: (r: HandoverRow): HandoverRecord => ({
    id: r.id,
    regionCode: r.region_code,
    day: r.day,
    shift: r.shift,
    from: r.period_from,
    to: r.period_to,
    createdBy: r.created_by,
    createdAt: r.created_at,
    note: r.note,
    content: JSON.parse(r.content) as unknown,
  }),
}

export interface CameraRow {
  id: string
  name: string
  region_code: string
  lng: number
  lat: number
  stream_url: string | null
  platform_url: string | null
  registered_at: number
}
export const cameraOf = (r: CameraRow): CameraRecord => ({
  id: r.id,
  name: r.name,
  regionCode: r.region_code,
  lng: r.lng,
  lat: r.lat,
  streamUrl: r.stream_url,
  platformUrl: r.platform_url,
  registeredAt: r.registered_at,
})

/** The camera rows a batch writes: each camera's last registration in it. */
export function camerasOf(accepted: readonly AcceptedEvent[]): Array<CameraRecord> {
  const byId = new Map<string, CameraRecord>()
  for (const { event: e, at } of accepted)
    if (e.type === 'camera.registered')
      byId.set(e.cameraId, { id: e.cameraId, name: e.name, regionCode: e.regionCode, lng: e.lng, lat: e.lat, streamUrl: e.streamUrl ?? null, platformUrl: e.platformUrl ?? null, registeredAt: at })
  return [...byId.values()]
}
