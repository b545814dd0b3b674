import { ref, shallowRef, type Ref } from 'vue'
import type { Alarm } from '../../../shared/api/alarms'
import type { CaseDetail, RiskView } from '../../../shared/api/cases'
import type { AlarmDetail, DutyApi } from './api'

/** What the right-hand side shows: an alarm, its case, or a case alone. */
export interface DutySelection {
  alarmId: number | null
  caseId: string | null
}

export interface DetailContext {
  api: () => DutyApi | null
  /** The store's generation now; an answer from an older one is dropped. */
  generation: () => number
  failed: (err: unknown, what: string) => void
  alarms: Ref<Alarm[]>
}

/**
 * The selected alarm (with its audit trail, and its risk point for a risk alarm) and the
 * selected case (with its timeline). Part of the duty store; each load drops answers that no
 * longer match the selection.
 */
export function useDutyDetail(ctx: DetailContext) {
  const selection = shallowRef<DutySelection>({ alarmId: null, caseId: null })
  const alarmDetail = shallowRef<AlarmDetail | null>(null)
  const riskPoint = shallowRef<RiskView | null>(null)
  const caseDetail = shallowRef<CaseDetail | null>(null)
  const caseDetailAt = ref<number | null>(null)

  async function load<T>(what: string, fetch: (api: DutyApi) => Promise<T>, still: () => boolean, apply: (value: T) => void) {
    const api = ctx.api()
    const gen = ctx.generation()
    if (!api) return
    try {
      const value = await fetch(api)
      if (gen === ctx.generation() && still()) apply(value)
    } catch (err) {
      if (gen === ctx.generation()) ctx.failed(err, what)
    }
  }

  async function loadAlarmDetail() {
    const id = selection.value.alarmId
    if (id === null) return void (alarmDetail.value = riskPoint.value = null)
    await load('读取告警详情', (api) => api.alarm(id), () => selection.value.alarmId === id, (d) => (alarmDetail.value = d))
    const a = alarmDetail.value?.alarm
    if (a?.id !== id || a.kind !== 'risk.alarm') return void (riskPoint.value = null)
    await load(
      '读取风险点',
      (api) => api.risks(a.regionCode),
      () => selection.value.alarmId === id,
      (list) => (riskPoint.value = list.find((r) => r.id === a.subjectId) ?? null),
    )
  }

  async function loadCaseDetail() {
    const id = selection.value.caseId
    if (id === null) return void (caseDetail.value = null)
    await load('读取案件详情', (api) => api.caseDetail(id), () => selection.value.caseId === id, (d) => {
      caseDetail.value = d
      caseDetailAt.value = Date.now()
    })
  }

  /** Show an alarm (and its case, for a red case) or a case (and its open alarm, if any). */
  function select(next: DutySelection) {
    const list = ctx.alarms.value
    const alarm = next.alarmId === null ? undefined : list.find((a) => a.id === next.alarmId)
    const caseId = next.caseId ?? (alarm?.kind === 'case.red' ? alarm.subjectId : null)
    const alarmId = next.alarmId ?? list.find((a) => a.kind === 'case.red' && a.subjectId === caseId)?.id ?? null
    if (alarmId !== selection.value.alarmId) alarmDetail.value = riskPoint.value = null
    if (caseId !== selection.value.caseId) caseDetail.value = null
    selection.value = { alarmId, caseId }
    void loadAlarmDetail()
    void loadCaseDetail()
  }

  return { selection, alarmDetail, riskPoint, caseDetail, caseDetailAt, select, loadAlarmDetail, loadCaseDetail }
}
