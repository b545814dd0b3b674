import { ref } from 'vue'
import type { CaseFilter } from '../../../shared/api/cases'
import type { ExportJob } from '../../../shared/api/exports'
import type { PeriodPreset } from '../../../shared/time/periods'
import { ExportError, exportApi } from './exportApi'

export type ExportPhase = 'idle' | 'working' | 'done' | 'failed'

/** How often a running case export is asked how far it got. */
const POLL_MS = 400

/**
 * One export at a time from the desk, with what the person waiting sees: the briefing is made in
 * one request (a second or two); a case list is a background job whose rows written out of rows
 * matched are shown until the file is fetched. `cancel()` stops following (the server finishes
 * and drops the file after a while).
 */
export function useExport(token: () => string, onDenied: () => void) {
  const phase = ref<ExportPhase>('idle')
  const status = ref('')
  const rows = ref(0)
  const total = ref<number | null>(null)
  let generation = 0

  function failed(err: unknown) {
    const e = err instanceof ExportError ? err : new ExportError(0, '导出失败（网络错误）')
    phase.value = 'failed'
    status.value = e.message
    if (e.status === 401) onDenied()
  }

  async function briefing(region: string, period: PeriodPreset) {
    const gen = ++generation
    phase.value = 'working'
    total.value = null
    status.value = '正在生成研判简报…'
    try {
      const name = await exportApi(token()).briefing(region, period)
      if (gen !== generation) return
      phase.value = 'done'
      status.value = `已下载 ${name}`
    } catch (err) {
      if (gen === generation) failed(err)
    }
  }

  /** A case list; `reported` (a preset) limits it to cases reported in that period as the server resolves it now. */
  async function cases(filter: CaseFilter, reported: PeriodPreset | null) {
    const gen = ++generation
    const api = exportApi(token())
    phase.value = 'working'
    rows.value = 0
    total.value = null
    status.value = '正在统计匹配的案件…'
    try {
      if (reported) {
        const p = (await api.periods()).presets[reported]
        filter = { ...filter, from: p.from, to: p.to }
      }
      let job: ExportJob = await api.startCases(filter)
      while (job.status === 'running') {
        if (gen !== generation) return
        rows.value = job.rows
        total.value = job.total
        status.value = `正在写入 ${job.rows.toLocaleString('zh-CN')} / ${job.total.toLocaleString('zh-CN')} 行`
        await new Promise((resolve) => setTimeout(resolve, POLL_MS))
        job = await api.job(job.id)
      }
      if (gen !== generation) return
      if (job.status === 'failed') throw new ExportError(500, '文件生成失败，请重试')
      rows.value = job.rows
      total.value = job.total
      status.value = '正在下载…'
      const name = await api.caseFile(job)
      if (gen !== generation) return
      phase.value = 'done'
      status.value = `已下载 ${name}（${job.rows.toLocaleString('zh-CN')} 行）`
    } catch (err) {
      if (gen === generation) failed(err)
    }
  }

  function cancel() {
    generation++
    phase.value = 'idle'
    status.value = ''
  }

  return { phase, status, rows, total, briefing, cases, cancel }
}
