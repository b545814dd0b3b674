import { ref, shallowRef } from 'vue'
import type { CaseView } from '../../../shared/api/cases'
import { CASE_PAGE, type DutyApi } from './api'
import { dueSoonCases, urgentCases } from './caseList'

export interface CasesContext {
  api: () => DutyApi | null
  region: () => string
  generation: () => number
  failed: (err: unknown, what: string) => void
  /** Called after each successful fetch (the store clears its problem line). */
  fetched: () => void
}

/**
 * The desk's case lists: red and overdue (most urgent first) and 临期, the yellow cases still
 * inside their time, least time left first: the ones a seat can still keep from turning red.
 * Part of the duty store; refetched when the region's figures move, at most every few seconds.
 */
export function useDutyCases(ctx: CasesContext) {
  const cases = shallowRef<CaseView[]>([])
  const dueSoon = shallowRef<CaseView[]>([])
  const casesAt = ref<number | null>(null)
  /** The server's page limit was reached: more cases exist than the list shows. */
  const casesCapped = ref(false)
  const dueSoonCapped = ref(false)

  async function loadCases() {
    const api = ctx.api()
    const gen = ctx.generation()
    if (!api) return
    try {
      const region = ctx.region()
      const [red, overdue, yellow] = await Promise.all([api.urgentCases(region, 'red'), api.urgentCases(region, 'overdue'), api.urgentCases(region, 'yellow')])
      if (gen !== ctx.generation()) return
      cases.value = urgentCases(red, overdue)
      dueSoon.value = dueSoonCases(yellow, Date.now())
      casesCapped.value = red.length >= CASE_PAGE || overdue.length >= CASE_PAGE
      dueSoonCapped.value = yellow.length >= CASE_PAGE
      casesAt.value = Date.now()
      ctx.fetched()
    } catch (err) {
      if (gen === ctx.generation()) ctx.failed(err, '读取案件')
    }
  }

  return { cases, dueSoon, casesAt, casesCapped, dueSoonCapped, loadCases }
}
