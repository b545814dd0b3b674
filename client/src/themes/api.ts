import type { ThemeAnswer } from '../../../shared/api/themes'
import type { ThemePage } from '../../../shared/themes/pages'
import { dayStartIso, isPreset, type PeriodChoice } from '../period/choice'
import { readAsOf, shanghaiIso } from '../replay/instant'

/** The period as the REST API takes it: a preset, or whole days [from, to + 1 day). */
export function periodQuery(p: PeriodChoice): string {
  if (isPreset(p)) return `period=${p.preset}`
  const next = new Date(Date.parse(`${p.to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
  return `from=${encodeURIComponent(dayStartIso(p.from))}&to=${encodeURIComponent(dayStartIso(next))}`
}

/**
 * GET /api/v1/themes/:page; null when refused or unreachable (the page keeps what it showed). In
 * 回放 the address's instant (which the replay bar keeps current) is asked for, like the summary.
 */
export async function fetchTheme(token: string, page: ThemePage, region: string, period: PeriodChoice): Promise<ThemeAnswer | null> {
  const asOf = readAsOf()
  const url = `/api/v1/themes/${page}?region=${encodeURIComponent(region)}&${periodQuery(period)}${asOf === null ? '' : `&asOf=${encodeURIComponent(shanghaiIso(asOf))}`}`
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } }).catch(() => null)
  if (!res?.ok) return null
  return (await res.json()) as ThemeAnswer
}
