import { DAY_MS, SHANGHAI_OFFSET_MS, shanghaiDay, shanghaiDayStart } from '../../shared/time/shanghai'

/** How reports write figures, dates and periods for people: Shanghai time, Chinese calendar words. */
const counts = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 })
const pad = (n: number) => String(n).padStart(2, '0')
const local = (ms: number) => new Date(ms + SHANGHAI_OFFSET_MS)

export function formatCount(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : counts.format(Math.round(n))
}

/** 0.8642 → "86.4%"; null (no denominator) → "—". */
export function formatRate(r: number | null | undefined): string {
  if (r === null || r === undefined) return '—'
  const pct = r * 100
  return `${pct === 100 || pct === 0 ? pct.toFixed(0) : pct.toFixed(1)}%`
}

/** 2026年6月1日 */
export function formatDay(ms: number): string {
  const d = local(ms)
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`
}

/** 2026-06-16 10:05 */
export function formatDateTime(ms: number): string {
  const d = local(ms)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
}

const isMidnight = (ms: number) => shanghaiDayStart(shanghaiDay(ms)) === ms

/**
 * A range [from, to) as people say it: whole days inclusively ("2026年6月1日至6月15日", one day
 * alone), anything else exactly with the end marked as not included.
 */
export function formatPeriod(from: number | undefined, to: number | undefined): string {
  if (from === undefined && to === undefined) return '全部'
  if (from !== undefined && to !== undefined && isMidnight(from) && isMidnight(to)) {
    const last = to - DAY_MS
    if (last === from) return formatDay(from)
    const sameYear = local(from).getUTCFullYear() === local(last).getUTCFullYear()
    const end = formatDay(last)
    return `${formatDay(from)}至${sameYear ? end.replace(/^\d+年/, '') : end}`
  }
  if (from === undefined) return `${formatDateTime(to!)}以前`
  if (to === undefined) return `${formatDateTime(from)}起`
  return `${formatDateTime(from)} 至 ${formatDateTime(to)}（不含）`
}

/** Whole days in [from, to). */
export const daysIn = (from: number, to: number) => Math.round((to - from) / DAY_MS)

/** 2天3小时 / 3小时12分 / 12分 (the duty desk's short form). */
export function formatSpan(ms: number): string {
  const m = Math.floor(Math.abs(ms) / 60_000)
  const d = Math.floor(m / 1440)
  const h = Math.floor((m % 1440) / 60)
  if (d > 0) return `${d}天${h}小时`
  if (h > 0) return `${h}小时${m % 60}分`
  return `${m % 60}分`
}
