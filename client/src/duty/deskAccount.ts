import { defineStore } from 'pinia'
import { computed, shallowRef } from 'vue'
import type { Me } from '../../../shared/api/me'
import type { Reporter } from '../../../shared/privacy/mask'
import { dutyApi, type DutyApi } from './api'

/**
 * Who sits at the desk (GET /api/v1/me, asked once when the desk mounts), so it offers only what
 * the server will allow: unmasking a reporter needs a person logged in (not a display token) whose
 * account has the personal-data permission. The server checks again and logs every unmasking.
 */
export const useDeskAccountStore = defineStore('dutyAccount', () => {
  const me = shallowRef<Me | null>(null)
  let api: DutyApi | null = null

  const mayUnmask = computed(() => me.value?.kind === 'session' && me.value.account.personalData)

  /** Unknown until answered, and unknown on failure: then the desk simply offers nothing more. */
  async function load(token: string) {
    const mine = (api = dutyApi(token))
    me.value = null
    const answer = await mine.me().catch(() => null)
    if (api === mine) me.value = answer
  }

  /** The reporter of a case unmasked (logged by the server: who, when); throws ApiError. */
  function unmask(caseId: string): Promise<Reporter | null> {
    if (!api) return Promise.reject(new Error('desk not started'))
    return api.reporter(caseId)
  }

  return { me, mayUnmask, load, unmask }
})
