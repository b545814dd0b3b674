import type { CamerasNear } from '../../../shared/api/cameras'
import type { AlarmContacts } from '../../../shared/api/directory'
import { restCall } from './api'

/** 联系人 and 附近摄像头 of an alarm (server/routes/directory.ts, cameras.ts), with the screen's token. */
export function alarmLinksApi(token: string) {
  const call = restCall(token)
  return {
    contacts: (alarmId: number) => call<AlarmContacts>(`/api/v1/alarms/${alarmId}/contacts`).then((b) => b.items),
    /** `lng`/`lat` null: the alarm has no position (its region has no centre), so nothing is near it. */
    cameras: (alarmId: number) => call<CamerasNear>(`/api/v1/cameras/near?alarmId=${alarmId}`),
    /** One person's phone unmasked; the server refuses (403) without personalData and logs every answer. */
    phone: (personId: number) => call<{ id: number; name: string; phone: string }>(`/api/v1/directory/${personId}/phone`, { method: 'POST' }).then((b) => b.phone),
  }
}
export type AlarmLinksApi = ReturnType<typeof alarmLinksApi>
