import { bestFirstOrder } from '../../../shared/figures/polarity'
import type { RegionDetail } from '../../../shared/summary/detail'
import type { Summary } from '../../../shared/summary/schema'
import { WALL_COMPARE } from '../live/view'
import { customRange, isPreset, type PeriodChoice } from '../period/choice'
import { shanghaiIso } from './instant'

export interface ReplayView {
  region: string
  period: PeriodChoice
  rankBy: string
}

export type ReplayRead = { ok: true; summary: Summary; detail: RegionDetail } | { ok: false; problem: string; status: number | null }

/** The wall's summary and detail as the server had them at `t` (REST `asOf`), for the view shown. */
export async function readReplay(token: string, view: ReplayView, t: number, signal?: AbortSignal): Promise<ReplayRead> {
  const when: Record<string, string> = isPreset(view.period) ? { period: view.period.preset } : customRange(view.period)
  const common = { region: view.region, ...when, compare: WALL_COMPARE.join(','), asOf: shanghaiIso(t) }
  const headers = { authorization: `Bearer ${token}` }
  const get = async (path: string, q: Record<string, string>) => {
    const res = await fetch(`${path}?${new URLSearchParams(q)}`, { headers, ...(signal ? { signal } : {}) }).catch(() => null)
    if (!res) return { ok: false as const, problem: '连接失败', status: null }
    if (!res.ok) {
      const problem = res.status === 401 ? '登录已失效' : res.status === 403 ? '无权查看' : res.status === 400 ? '该时刻无法回放' : `读取失败（${res.status}）`
      return { ok: false as const, problem, status: res.status }
    }
    return { ok: true as const, body: (await res.json()) as unknown }
  }
  const [s, d] = await Promise.all([
    get('/api/v1/summary', common),
    get('/api/v1/summary/detail', { ...common, rankBy: view.rankBy, order: bestFirstOrder(view.rankBy) }),
  ])
  if (!s.ok) return s
  if (!d.ok) return d
  return { ok: true, summary: s.body as Summary, detail: d.body as RegionDetail }
}
