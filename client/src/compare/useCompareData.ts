import { onBeforeUnmount, ref, shallowRef, watch, type Ref } from 'vue'
import { WALL_COMPARE } from '../live/view'
import type { PeriodChoice } from '../period/choice'
import { usePeriodStore } from '../stores/period'
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
 * on every change of regions or period, and every 30 s (the period's days re-resolved each time,
 * so a page left open past midnight moves on). `at` is when the figures were read.
 */
export function useCompareData(token: string, codes: Ref<string[]>, period: Ref<PeriodChoice>) {
  const store = usePeriodStore()
  const columns = shallowRef<CompareColumn[]>([])
  const at = ref<number | null>(null)
  const problem = ref<string | null>(null)
  let round = 0
  let timer: ReturnType<typeof setTimeout> | undefined

  async function read() {
    clearTimeout(timer)
    const mine = ++round
    await store.loadPresets(token)
    const range = store.range(period.value)
    if (mine !== round) return
    if (!range) {
      problem.value = '无法获取统计周期'
    } else {
      const next = await Promise.all(codes.value.map((code) => readOne(token, code, range)))
      if (mine !== round) return
      columns.value = next
      at.value = Date.now()
      problem.value = null
    }
    timer = setTimeout(() => void read(), REFRESH_MS)
  }

  watch([codes, period], () => void read(), { immediate: true, deep: true })
  onBeforeUnmount(() => {
    round++
    clearTimeout(timer)
  })
  return { columns, at, problem, read }
}

async function readOne(token: string, code: string, range: { from: string; to: string }): Promise<CompareColumn> {
  const q = new URLSearchParams({ region: code, from: range.from, to: range.to, compare: WALL_COMPARE.join(',') })
  const res = await fetch(`/api/v1/summary?${q}`, { headers: { authorization: `Bearer ${token}` } }).catch(() => null)
  if (!res) return { code, summary: null, problem: '连接失败' }
  if (res.status === 403) return { code, summary: null, problem: '无权查看' }
  if (res.status === 404) return { code, summary: null, problem: '无此区域' }
  if (!res.ok) return { code, summary: null, problem: `读取失败（${res.status}）` }
  return { code, summary: (await res.json()) as ComparedSummary, problem: null }
}
