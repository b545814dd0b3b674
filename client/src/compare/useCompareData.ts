import { onBeforeUnmount, ref, shallowRef, watch, type Ref } from 'vue'
import { WALL_COMPARE } from '../live/view'
import { customRange, isPreset, type PeriodChoice } from '../period/choice'
import type { ComparedSummary } from './rows'

export interface CompareColumn {
  code: string
  summary: ComparedSummary | null
  /** Why there is no summary: the region is unknown or outside the account's scope. */
  problem: string | null
}

/** How often the page reads the figures again while it is open. */
const REFRESH_MS = 30_000

/**
 * The compared regions' summaries over the chosen period with 同比/环比, read over REST: on open,
 * on every change of regions or period, and every 30 s (a named period is resolved by the server
 * at each read, so a page left open past midnight moves on). `at` is when the figures were read.
 */
export function useCompareData(token: string, codes: Ref<string[]>, period: Ref<PeriodChoice>) {
  const columns = shallowRef<CompareColumn[]>([])
  const at = ref<number | null>(null)
  const problem = ref<string | null>(null)
  let round = 0
  let timer: ReturnType<typeof setTimeout> | undefined

  async function read() {
    clearTimeout(timer)
    const mine = ++round
    const p = period.value
    const when: Record<string, string> = isPreset(p) ? { period: p.preset } : customRange(p)
    const next = await Promise.all(codes.value.map((code) => readOne(token, code, when)))
    if (mine !== round) return
    columns.value = next
    at.value = Date.now()
    problem.value = next.some((c) => c.problem === '登录已失效') ? '登录已失效，请重新登录' : null
    timer = setTimeout(() => void read(), REFRESH_MS)
  }

  watch([codes, period], () => void read(), { immediate: true, deep: true })
  onBeforeUnmount(() => {
    round++
    clearTimeout(timer)
  })
  return { columns, at, problem, read }
}

async function readOne(token: string, code: string, when: Record<string, string>): Promise<CompareColumn> {
  const q = new URLSearchParams({ region: code, ...when, compare: WALL_COMPARE.join(',') })
  const res = await fetch(`/api/v1/summary?${q}`, { headers: { authorization: `Bearer ${token}` } }).catch(() => null)
  if (!res) return { code, summary: null, problem: '连接失败' }
  if (res.status === 401) return { code, summary: null, problem: '登录已失效' }
  if (res.status === 403) return { code, summary: null, problem: '无权查看' }
  if (res.status === 404) return { code, summary: null, problem: '无此区域' }
  if (!res.ok) return { code, summary: null, problem: `读取失败（${res.status}）` }
  return { code, summary: (await res.json()) as ComparedSummary, problem: null }
}
