import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { Alarm } from '../../../shared/api/alarms'
import type { Instruction } from '../../../shared/api/instructions'
import type { FeedItem } from '../../../shared/live/protocol'
import type { Summary } from '../../../shared/summary/schema'
import type { LiveSocket } from '../live/socket'
import { applyAlarm, orderAlarms } from './alarmList'
import { ApiError, dutyApi, type AlarmAction, type DutyApi } from './api'
import { useDutyCases } from './dutyCases'
import { useDutyDetail } from './dutyDetail'
import { openDutySocket } from './dutySocket'

export type DutyLink = 'connecting' | 'live' | 'offline'
/** Why an alarm push is news for the seat: raised just now, or escalated to the leaders. */
export type AlarmNews = 'new' | 'escalated'
export type { DutySelection } from './dutyDetail'

export interface DutyCounts {
  alarmsOpen: number
  alarmsAcknowledged: number
  red: number
  yellow: number
  overdue: number
}

/** A change to the red or overdue counts refetches the case list at once; any other change, at most this often. */
const CASES_SOON_MS = 300
const CASES_CALM_MS = 5000

const countsOf = (s: Summary): DutyCounts => ({
  alarmsOpen: s.alarms.open,
  alarmsAcknowledged: s.alarms.acknowledged,
  red: s.cases.byColor.red,
  yellow: s.cases.byColor.yellow,
  overdue: s.cases.overdue,
})

/**
 * The duty desk's data: one region's open alarms (pushed live over /live), its red and overdue
 * cases (refetched when the region's figures move), and the selection in detail (dutyDetail.ts).
 * On every (re)connect the region is subscribed again and every list fetched afresh, so nothing
 * raised during an outage is missed; pushes arriving while a fetch is under way are applied over
 * its answer. stop() releases the socket and every timer.
 */
export const useDutyStore = defineStore('duty', () => {
  const link = ref<DutyLink>('connecting')
  const region = ref('')
  const regionName = ref<string | null>(null)
  const counts = shallowRef<DutyCounts | null>(null)
  const alarms = shallowRef<Alarm[]>([])
  /** Browser time (ms) the alarm list was last known true. */
  const alarmsAt = ref<number | null>(null)
  const problem = ref<string | null>(null)
  /** Who else wants the pushes: the new-alarm popup, the instruction inbox. */
  const newAlarmListeners = new Set<(alarm: Alarm, why: AlarmNews) => void>()
  const instructionListeners = new Set<(instruction: Instruction) => void>()

  let api: DutyApi | null = null
  let connection: { close: () => void } | null = null
  let current: LiveSocket | null = null
  let onDenied: () => void = () => {}
  let casesTimer: ReturnType<typeof setTimeout> | undefined
  let casesDue = Infinity
  /** Bumped by start and stop: answers to an older generation's requests are dropped. */
  let generation = 0
  /** Pushes received while an alarm list fetch is in flight, replayed over its answer. */
  const inFlight = new Set<Alarm[]>()

  /** A 401 anywhere means the token is gone: back to the login form. */
  function failed(err: unknown, what: string) {
    if (err instanceof ApiError && err.status === 401) {
      stop()
      onDenied()
      return
    }
    problem.value = `${what}失败（${err instanceof ApiError ? err.status : '网络'}）`
  }

  const detail = useDutyDetail({ api: () => api, generation: () => generation, failed, alarms })
  const caseLists = useDutyCases({ api: () => api, region: () => region.value, generation: () => generation, failed, fetched: () => (problem.value = null) })
  const { loadCases } = caseLists

  async function loadAlarms() {
    const gen = generation
    const during: Alarm[] = []
    inFlight.add(during)
    try {
      const items = await api!.openAlarms(region.value)
      if (gen !== generation) return
      alarms.value = during.reduce(applyAlarm, orderAlarms(items))
      alarmsAt.value = Date.now()
      problem.value = null
    } catch (err) {
      if (gen === generation) failed(err, '读取告警')
    } finally {
      inFlight.delete(during)
    }
  }

  /** Refetch the case list (and the selected case) within `ms`, never later than already planned. */
  function scheduleCases(ms: number) {
    const due = Date.now() + ms
    if (due >= casesDue) return
    clearTimeout(casesTimer)
    casesDue = due
    casesTimer = setTimeout(() => {
      casesDue = Infinity
      void loadCases()
      void detail.loadCaseDetail()
    }, ms)
  }

  async function resubscribe(s: LiveSocket) {
    current = s
    const ack = await s.timeout(10_000).emitWithAck('subscribe', { region: region.value }).catch(() => null)
    if (!ack || s !== current) return
    if (!ack.ok) {
      problem.value = `此账号不能查看区域 ${region.value}`
      return
    }
    problem.value = null
    regionName.value = ack.summary.region.name
    counts.value = countsOf(ack.summary)
    await Promise.all([loadAlarms(), loadCases(), detail.loadAlarmDetail(), detail.loadCaseDetail()])
    if (s === current && s.connected) link.value = 'live'
  }

  function onAlarm(alarm: Alarm) {
    for (const list of inFlight) list.push(alarm)
    const known = alarms.value.find((a) => a.id === alarm.id)
    const why: AlarmNews | null =
      alarm.status !== 'raised' || alarmsAt.value === null ? null : !known ? 'new' : !known.escalatedAt && alarm.escalatedAt ? 'escalated' : null
    if (why) for (const fn of newAlarmListeners) fn(alarm, why)
    alarms.value = applyAlarm(alarms.value, alarm)
    alarmsAt.value = Date.now()
    if (detail.selection.value.alarmId === alarm.id) void detail.loadAlarmDetail()
    if (alarm.kind === 'case.red') scheduleCases(CASES_SOON_MS)
  }

  function onSummary(summary: Summary) {
    const next = countsOf(summary)
    const before = counts.value
    counts.value = next
    const same = before && before.red === next.red && before.overdue === next.overdue && before.yellow === next.yellow
    scheduleCases(same ? CASES_CALM_MS : CASES_SOON_MS)
  }

  /** A desk action or any event of the selected case (another seat's 催办): its timeline at once. */
  function onFeed(items: FeedItem[]) {
    const id = detail.selection.value.caseId
    if (id !== null && items.some((i) => i.caseId === id)) void detail.loadCaseDetail()
  }

  /** Alarms as an answer (bulk acknowledgement) has them now; their pushes follow and change nothing. */
  function applyAlarms(list: readonly Alarm[]) {
    alarms.value = list.reduce(applyAlarm, alarms.value)
  }

  /** After this seat acted on a case: the lists and the case as they now stand. */
  function refreshCases() {
    return Promise.all([loadCases(), detail.loadCaseDetail()])
  }

  /** Pushes of one kind for another part of the desk; returns the way to stop listening. */
  function onNewAlarm(fn: (alarm: Alarm, why: AlarmNews) => void) {
    newAlarmListeners.add(fn)
    return () => newAlarmListeners.delete(fn)
  }
  function onInstruction(fn: (instruction: Instruction) => void) {
    instructionListeners.add(fn)
    return () => instructionListeners.delete(fn)
  }

  function start(token: string, code: string, denied: () => void) {
    stop()
    api = dutyApi(token)
    onDenied = denied
    region.value = code
    link.value = 'connecting'
    connection = openDutySocket(token, () => region.value, {
      connected: (s) => void resubscribe(s),
      offline: () => (link.value = 'offline'),
      denied: () => {
        stop()
        denied()
      },
      alarm: onAlarm,
      summary: onSummary,
      feed: onFeed,
      instruction: (i) => instructionListeners.forEach((fn) => fn(i)),
    })
  }

  /**
   * Acknowledge or close the selected alarm. The answer moves it in the list at once (the push
   * that follows says the same and changes nothing). Resolves to an error for the form, or null.
   */
  async function act(action: AlarmAction, note: string): Promise<{ status: number; message: string } | null> {
    const id = detail.selection.value.alarmId
    if (id === null || !api) return null
    try {
      alarms.value = applyAlarm(alarms.value, await api.act(id, action, note))
      await detail.loadAlarmDetail()
      return null
    } catch (err) {
      const status = err instanceof ApiError ? err.status : 0
      if (status === 401) failed(err, '操作')
      if (status === 409) void Promise.all([loadAlarms(), detail.loadAlarmDetail()])
      return { status, message: err instanceof Error ? err.message : String(err) }
    }
  }

  function stop() {
    generation++
    clearTimeout(casesTimer)
    casesDue = Infinity
    inFlight.clear()
    connection?.close()
    connection = current = null
  }

  const { selection, alarmDetail, riskPoint, caseDetail, caseDetailAt, select } = detail
  const { cases, dueSoon, casesAt, casesCapped, dueSoonCapped } = caseLists
  return {
    link,
    region,
    regionName,
    counts,
    alarms,
    cases,
    dueSoon,
    alarmsAt,
    casesAt,
    casesCapped,
    dueSoonCapped,
    problem,
    selection,
    alarmDetail,
    riskPoint,
    caseDetail,
    caseDetailAt,
    start,
    stop,
    select,
    act,
    refreshCases,
    applyAlarms,
    onNewAlarm,
    onInstruction,
  }
})
