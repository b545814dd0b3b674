import { SHANGHAI_OFFSET_MS } from '../../../shared/time/shanghai'

/**
 * Figures as a wall shows them: separators for counts, one decimal for rates, a dash for "no data".
 * Counts are grouped by hand as `Intl.NumberFormat('zh-CN')` groups them ("1,234,567", "-1,234"):
 * building that formatter costs the page ~50 ms of its main thread on a slow CPU (loading the
 * locale's data) before the first figure can be shown. It is built, once, only for what the hand
 * does not cover (beyond 2^53, ∞, NaN, -0).
 */
let counts: Intl.NumberFormat | undefined

function grouped(n: number): string {
  if (!Number.isSafeInteger(n) || Object.is(n, -0)) return (counts ??= new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 })).format(n)
  const digits = String(Math.abs(n))
  let out = digits.slice(0, digits.length % 3 || 3)
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`
  return n < 0 ? `-${out}` : out
}

export function formatCount(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : grouped(Math.round(n))
}

/** 0.1663 → "16.6"; 1 → "100"; null → "—". The unit (%) is drawn separately, smaller. */
export function formatRate(r: number | null | undefined): string {
  if (r === null || r === undefined) return '—'
  const pct = r * 100
  if (pct === 100 || pct === 0) return pct.toFixed(0)
  return pct.toFixed(1)
}

const pad = (n: number) => String(n).padStart(2, '0')

/**
 * 24-hour Shanghai time, built by hand: `toLocaleTimeString(…, { hour12: false })` writes midnight
 * as "24:00:00" in some engines, and a wall must read the same whatever the kiosk's locale.
 */
export function formatClock(ms: number): string {
  const d = new Date(ms + SHANGHAI_OFFSET_MS)
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
}

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六']

/** 2026年12月1日 星期二, in Shanghai. */
export function formatDate(ms: number): string {
  const d = new Date(ms + SHANGHAI_OFFSET_MS)
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 星期${WEEKDAYS[d.getUTCDay()]}`
}
