import { defineStore } from 'pinia'
import { shallowRef } from 'vue'
import { alarmLinksApi, type AlarmLinksApi } from './alarmLinks'
import { commandApi, type CommandApi } from './commandApi'
import { shiftApi, type ShiftApi } from './shiftApi'

/**
 * The command desk's calls with the screen's token (case actions, instructions, bulk
 * acknowledgement, case search), and the handling units (承办单位) a case can be transferred to,
 * asked once per region when first needed.
 */
export const useCommandStore = defineStore('dutyCommand', () => {
  const units = shallowRef<string[]>([])
  let api: CommandApi | null = null
  let shifts: ShiftApi | null = null
  let links: AlarmLinksApi | null = null
  let unitsOf: string | null = null

  function start(token: string) {
    api = commandApi(token)
    shifts = shiftApi(token)
    links = alarmLinksApi(token)
    units.value = []
    unitsOf = null
  }

  function call(): CommandApi {
    if (!api) throw new Error('desk not started')
    return api
  }

  function shift(): ShiftApi {
    if (!shifts) throw new Error('desk not started')
    return shifts
  }

  /** An alarm's 联系人 and 附近摄像头. */
  function alarmLinks(): AlarmLinksApi {
    if (!links) throw new Error('desk not started')
    return links
  }

  async function loadUnits(region: string) {
    if (unitsOf === region || !api) return
    unitsOf = region
    units.value = await api.units(region).catch(() => [])
  }

  return { units, start, call, shift, alarmLinks, loadUnits }
})
