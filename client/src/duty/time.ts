import { SHANGHAI_OFFSET_MS } from '../../../shared/time/shanghai'

const pad = (n: number) => String(n).padStart(2, '0')

/** 12月2日 08:50:16, in Shanghai, whatever the seat's locale. */
export function formatStamp(ms: number): string {
  const d = new Date(ms + SHANGHAI_OFFSET_MS)
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
}

export interface Countdown {
  overdue: boolean
  /** 2天 03:12:05 or 03:12:05; whole seconds, never negative. */
  text: string
}

/** Time left until `dueAt`, or how long past it; exactly at the due time the case is overdue. */
export function countdown(dueAt: number, now: number): Countdown {
  const diff = dueAt - now
  const overdue = diff <= 0
  const s = Math.floor(Math.abs(diff) / 1000)
  const days = Math.floor(s / 86_400)
  const clock = `${pad(Math.floor((s % 86_400) / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`
  return { overdue, text: days > 0 ? `${days}天 ${clock}` : clock }
}

/** 2天3小时 / 3小时12分 / 12分: the short form for list rows. */
export function shortSpan(ms: number): string {
  const m = Math.floor(Math.abs(ms) / 60_000)
  const d = Math.floor(m / 1440)
  const h = Math.floor((m % 1440) / 60)
  if (d > 0) return `${d}天${h}小时`
  if (h > 0) return `${h}小时${m % 60}分`
  return `${m % 60}分`
}

/**
 * A time of day as typed at the desk, read as 24-hour `HH:MM`: `7:05`, `07:05`, `0705`, `7` and a
 * full-width colon (`22：00`) all count; anything else (`25:00`, `7pm`) is null.
 */
export function readClock(text: string): string | null {
  const t = text.trim().replace('：', ':')
  const m = /^(\d{1,2})(?::?(\d{2}))?$/.exec(t)
  if (!m) return null
  const h = Number(m[1])
  const min = m[2] === undefined ? 0 : Number(m[2])
  return h < 24 && min < 60 ? `${pad(h)}:${pad(min)}` : null
}
