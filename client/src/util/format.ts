/** Figures as a wall shows them: separators for counts, one decimal for rates, a dash for "no data". */
const counts = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 })

export function formatCount(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : counts.format(n)
}

/** 0.1663 → "16.6"; 1 → "100"; null → "—". The unit (%) is drawn separately, smaller. */
export function formatRate(r: number | null | undefined): string {
  if (r === null || r === undefined) return '—'
  const pct = r * 100
  if (pct === 100 || pct === 0) return pct.toFixed(0)
  return pct.toFixed(1)
}

export function formatClock(ms: number): string {
  return new Date(ms).toLocaleTimeString('zh-CN', { hour12: false, timeZone: 'Asia/Shanghai' })
}

export function formatDate(ms: number): string {
  return new Date(ms).toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'long', day: 'numeric', weekday: 'long' })
}
