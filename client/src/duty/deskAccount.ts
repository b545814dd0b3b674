import { defineStore } from 'pinia'
import { computed, shallowRef } from 'vue'
import type { Me } from '../../../shared/api/me'
import type { Reporter } from '../../../shared/privacy/mask'
import { dutyApi, type DutyApi } from './api'

/**
 * Who sits at the desk (GET /api/v1/me, asked once when the desk mounts), so it offers only what
 * the server will allow (`permissions`): acknowledging and closing alarms needs `alarm.act` (a
 * dispatcher or administrator logged in, never a display token); unmasking a reporter needs
 * `personalData`. The server checks again on every call and logs every unmasking.
 */
export const useDeskAccountStore = defineStore('dutyAccount', () => {
  const me = shallowRef<Me | null>(null)
  let api: DutyApi | null = null

  const mayUnmask = computed(() => me.value?.permissions.includes('personalData') ?? false)
  /** Null while unknown: the desk then shows the form and lets the server's answer decide. */
  const mayAct = computed(() => (me.value ? me.value.permissions.includes('alarm.act') : null))
  const mayActOnCases = computed(() => (me.value ? me.value.permissions.includes('case.act') : null))
  const mayIssue = computed(() => (me.value ? me.value.permissions.includes('instruction.issue') : null))
  /** A leader's desk puts escalated alarms first: they were escalated to the leaders. */
  const isLeader = computed(() => me.value?.account.role === 'leader')

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

  return { me, mayUnmask, mayAct, mayActOnCases, mayIssue, isLeader, load, unmask }
})
