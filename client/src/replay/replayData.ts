import type { RiskView } from '../../../shared/api/cases'
import type { FeedAnswer } from '../../../shared/api/feed'
import { bestFirstOrder } from '../../../shared/figures/polarity'
import type { FeedItem } from '../../../shared/live/protocol'
import type { RegionDetail } from '../../../shared/summary/detail'
import type { Summary } from '../../../shared/summary/schema'
import { WALL_COMPARE } from '../live/view'
import { RANK_GRANDCHILDREN_BELOW } from '../../../shared/summary/rankScope'
import { customRange, isPreset, type PeriodChoice } from '../period/choice'
import { FEED_CAP } from '../stores/live'
import { shanghaiIso } from './instant'

export interface ReplayView {
  region: string
  period: PeriodChoice
  rankBy: string
}

export type ReplayRead =
  | { ok: true; summary: Summary; detail: RegionDetail; feed: FeedItem[]; risks: RiskView[] }
  | { ok: false; problem: string; status: number | null }

/**
 * The wall as the server had it at `t` (REST `asOf`), for the view shown: summary and detail, the
 * ticker's lines of the region and its risk points with their status then.
 */
export async function readReplay(token: string, view: ReplayView, t: number, signal?: AbortSignal): Promise<ReplayRead> {
  const when: Record<string, string> = isPreset(view.period) ? { period: view.period.preset } : customRange(view.period)
  const asOf = shanghaiIso(t)
  const common = { region: view.region, ...when, compare: WALL_COMPARE.join(','), asOf }
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
  const [s, d, f, r] = await Promise.all([
    get('/api/v1/summary', common),
    get('/api/v1/summary/detail', { ...common, rankBy: view.rankBy, order: bestFirstOrder(view.rankBy), grandchildrenBelow: String(RANK_GRANDCHILDREN_BELOW) }),
    get('/api/v1/feed', { region: view.region, limit: String(FEED_CAP), asOf }),
    get('/api/v1/risks', { region: view.region, asOf }),
  ])
  if (!s.ok) return s
  if (!d.ok) return d
  if (!f.ok) return f
  if (!r.ok) return r
  return {
    ok: true,
    summary: s.body as Summary,
    detail: d.body as RegionDetail,
    feed: (f.body as FeedAnswer).items,
    risks: (r.body as { items: RiskView[] }).items,
  }
}
