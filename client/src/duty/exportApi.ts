import type { CaseFilter } from '../../../shared/api/cases'
import type { ExportJob } from '../../../shared/api/exports'
import type { Periods } from '../../../shared/summary/periods'
import type { PeriodPreset } from '../../../shared/time/periods'

/** A refusal, worded for the person at the desk. `status` 401 means the token is gone. */
export class ExportError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

interface ErrorBody {
  error?: string
  details?: Array<{ path: string; message: string }>
}

/** The server speaks English to integrators; the desk says what happened and what to do. */
export function problemText(status: number, body: ErrorBody | null): string {
  const limit = body?.details?.map((d) => /^matches (\d+) cases, more than (\d+)/.exec(d.message)).find(Boolean)
  if (status === 400 && limit)
    return `匹配的案件有 ${Number(limit[1]).toLocaleString('zh-CN')} 件，超过单次导出上限 ${Number(limit[2]).toLocaleString('zh-CN')} 行，请缩小区域、统计期或筛选条件`
  if (status === 400) return '导出条件有误，请重新选择'
  if (status === 401) return '登录已失效，请重新登录'
  if (status === 403) return '此账号无权导出该区域'
  if (status === 404) return '区域或导出任务已不存在'
  if (status === 429) return '服务器正在生成其他文件，请稍后再试'
  return `导出失败（${status || '网络错误'}）`
}

/** The desk's export calls (server/routes/exports.ts and briefing.ts), with the screen's token. */
export function exportApi(token: string) {
  const headers = { authorization: `Bearer ${token}` }
  async function fail(res: Response): Promise<never> {
    const body = (await res.json().catch(() => null)) as ErrorBody | null
    throw new ExportError(res.status, problemText(res.status, body))
  }
  async function json<T>(path: string, init: RequestInit = {}): Promise<T> {
    const res = await fetch(path, { ...init, headers: { ...headers, ...(init.body ? { 'content-type': 'application/json' } : {}) } }).catch(() => null)
    if (!res) throw new ExportError(0, problemText(0, null))
    if (!res.ok) await fail(res)
    return (await res.json()) as T
  }
  /** Fetch a file and hand it to the browser's download, under the server's name for it. */
  async function download(path: string, fallbackName: string): Promise<string> {
    const res = await fetch(path, { headers }).catch(() => null)
    if (!res) throw new ExportError(0, problemText(0, null))
    if (!res.ok) await fail(res)
    const name = /filename\*=UTF-8''([^;]+)/.exec(res.headers.get('content-disposition') ?? '')?.[1]
    const fileName = name ? decodeURIComponent(name) : fallbackName
    const url = URL.createObjectURL(await res.blob())
    const a = document.createElement('a')
    a.href = url
    a.download = fileName
    document.body.append(a)
    a.click()
    a.remove()
    setTimeout(() => URL.revokeObjectURL(url), 60_000)
    return fileName
  }
  const q = encodeURIComponent

  return {
    periods: () => json<Periods>('/api/v1/periods'),
    startCases: (filter: CaseFilter) => json<ExportJob>('/api/v1/exports', { method: 'POST', body: JSON.stringify({ kind: 'cases', ...filter }) }),
    job: (id: string) => json<ExportJob>(`/api/v1/exports/${q(id)}`),
    caseFile: (job: ExportJob) => download(`/api/v1/exports/${q(job.id)}/file`, job.fileName),
    briefing: (region: string, period: PeriodPreset) => download(`/api/v1/reports/briefing?region=${q(region)}&period=${period}&format=pdf`, `研判简报-${region}.pdf`),
  }
}
export type ExportApi = ReturnType<typeof exportApi>
