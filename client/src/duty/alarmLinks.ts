import type { NearCamera } from '../../../shared/api/cameras'
import type { AlarmContacts } from '../../../shared/api/directory'
import { restCall } from './api'

/** 联系人 and 附近摄像头 of an alarm (server/routes/directory.ts, cameras.ts), with the screen's token. */
export function alarmLinksApi(token: string) {
  const call = restCall(token)
  return {
    contacts: (alarmId: number) => call<AlarmContacts>(`/api/v1/alarms/${alarmId}/contacts`).then((b) => b.items),
    cameras: (alarmId: number) => call<{ items: NearCamera[] }>(`/api/v1/cameras/near?alarmId=${alarmId}`).then((b) => b.items),
    /** One person's phone unmasked; the server refuses (403) without personalData and logs every answer. */
    phone: (personId: number) => call<{ id: number; name: string; phone: string }>(`/api/v1/directory/${personId}/phone`, { method: 'POST' }).then((b) => b.phone),
  }
}
export type AlarmLinksApi = ReturnType<typeof alarmLinksApi>

/** 850 米, 1.2 公里, 12 公里: as a dispatcher says it on the phone. */
export function formatDistance(metres: number): string {
  const m = Math.max(0, Math.round(metres))
  if (m < 1000) return `${m} 米`
  const km = m / 1000
  return `${km < 10 ? km.toFixed(1).replace(/\.0$/, '') : Math.round(km)} 公里`
}

/** Where a camera opens: its platform page, else its stream; null when it has neither. */
export function cameraHref(c: Pick<NearCamera, 'platformUrl' | 'streamUrl'>): string | null {
  return c.platformUrl || c.streamUrl || null
}

/** 视频流 for an HLS stream, 平台 for a link to the video platform. */
export function cameraKindWord(kind: NearCamera['kind']): string {
  return kind === 'hls' ? '视频流' : '平台'
}
