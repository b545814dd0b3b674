/**
 * Replay instants on the wall: read from and written to the address (`asOf`), shown in 24-hour
 * Shanghai time, moved along the time bar. Pure helpers, tested without a browser; imported by the
 * wall itself (tiny), the rest of replay is a lazy chunk.
 */
const SHANGHAI_OFFSET_MS = 8 * 3600_000
export const DAY_MS = 86_400_000
/** How far back the time bar reaches. */
export const REPLAY_DAYS = 7

/** `asOf` of the address as an instant (ms), or null: absent or unreadable. */
export function readAsOf(href: string = window.location.href): number | null {
  const v = new URL(href).searchParams.get('asOf')
  if (!v) return null
  const t = Date.parse(v)
  return Number.isNaN(t) ? null : t
}

/** Replace `asOf` in the address without a new history entry (scrubbing and playing move it constantly). */
export function writeAsOf(t: number | null): void {
  const url = new URL(window.location.href)
  if (t === null) url.searchParams.delete('asOf')
  else url.searchParams.set('asOf', shanghaiIso(t))
  window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash)
}

/** `2026-12-03T22:00:00+08:00`: whole seconds, Shanghai time, as the API takes it. */
export function shanghaiIso(t: number): string {
  return `${new Date(Math.floor(t / 1000) * 1000 + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19)}+08:00`
}

/** `2026-12-03 22:00:05` and its weekday, for the replay bar. */
export function instantLabel(t: number): { date: string; time: string; weekday: string } {
  const s = new Date(t + SHANGHAI_OFFSET_MS).toISOString()
  const weekday = '日一二三四五六'[new Date(t + SHANGHAI_OFFSET_MS).getUTCDay()]!
  return { date: s.slice(0, 10), time: s.slice(11, 19), weekday: `周${weekday}` }
}

/** The time bar: from 00:00 seven days back to now, with a tick at each Shanghai midnight. */
export function timeWindow(now: number): { from: number; to: number; days: Array<{ at: number; label: string }> } {
  const today = Math.floor((now + SHANGHAI_OFFSET_MS) / DAY_MS)
  const from = (today - REPLAY_DAYS) * DAY_MS - SHANGHAI_OFFSET_MS
  const days: Array<{ at: number; label: string }> = []
  for (let d = today - REPLAY_DAYS + 1; d <= today; d++) {
    const at = d * DAY_MS - SHANGHAI_OFFSET_MS
    days.push({ at, label: new Date(d * DAY_MS).toISOString().slice(5, 10).replace('-', '/') })
  }
  return { from, to: now, days }
}

/** Keep an instant inside the window (and never in the future). */
export const clampInstant = (t: number, from: number, to: number) => Math.min(Math.max(t, from), to)
