import { PERIOD_PRESET_LABELS } from '../../../shared/time/periods'
import { SHANGHAI_OFFSET_MS } from '../../../shared/time/shanghai'
import { isPreset, type PeriodChoice } from './choice'

/** The control's words for each named period (今日, 本周 …), as the server labels them too. */
export const PRESET_LABELS = PERIOD_PRESET_LABELS

/**
 * What a flow figure counts, as its tile says it: 本月, 本年累计, 考核期, 12/01–12/04 …. Short on
 * purpose (a tile has room for a few characters); the period bar gives the 考核期's full name.
 */
export function flowTag(p: PeriodChoice): string {
  if (!isPreset(p)) return p.from === p.to ? md(p.from) : `${md(p.from)}–${md(p.to)}`
  if (p.preset === 'year') return '本年累计'
  return PRESET_LABELS[p.preset]
}

/** What a stock figure counts: as it stands now, whatever the period. */
export const STOCK_TAG = '当前'

const md = (day: string) => `${day.slice(5, 7)}/${day.slice(8, 10)}`

function parts(ms: number) {
  const d = new Date(ms + SHANGHAI_OFFSET_MS)
  return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate() }
}

/**
 * A period [from, to) of whole Shanghai days in words, the last day included: 2026年12月1日–2日,
 * 2026年11月28日–12月2日, 2025年12月1日–2026年1月3日, or one day alone.
 */
export function rangeText(period: { from: string; to: string }, withYear = true): string {
  const a = parts(Date.parse(period.from))
  const b = parts(Date.parse(period.to) - 1)
  const head = `${withYear ? `${a.y}年` : ''}${a.m}月${a.d}日`
  if (a.y === b.y && a.m === b.m && a.d === b.d) return head
  if (a.y !== b.y) return `${head}–${b.y}年${b.m}月${b.d}日`
  if (a.m !== b.m) return `${head}–${b.m}月${b.d}日`
  return `${head}–${b.d}日`
}
