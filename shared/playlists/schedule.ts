import { DAY_MS, SHANGHAI_OFFSET_MS } from '../time/shanghai'

/**
 * A daily window of Shanghai wall-clock time, `HH:MM`–`HH:MM`, start included, end excluded; an
 * end before the start runs across midnight (`20:00`–`08:00` is the night). No imports beyond the
 * calendar, so the wall's playlist chunk reads it without any schema.
 */
export interface DailyWindow {
  from: string
  to: string
}

export const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/

/** Minutes since Shanghai midnight of `HH:MM`. */
export const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))

/** Minutes since Shanghai midnight at the instant `ms`. */
export const shanghaiMinute = (ms: number) => Math.floor((((ms + SHANGHAI_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS / 60_000)

/** Whether the instant falls inside the window (no window: always). */
export function withinWindow(w: DailyWindow | null | undefined, ms: number): boolean {
  if (!w) return true
  const at = shanghaiMinute(ms)
  const from = minutesOf(w.from)
  const to = minutesOf(w.to)
  return from <= to ? at >= from && at < to : at >= from || at < to
}

/** What a schedule needs of a playlist: its own window and each item's. */
export interface Scheduled {
  schedule?: DailyWindow | null
  items: ReadonlyArray<{ schedule?: DailyWindow | null }>
}

/** Indices of the items showing at `ms`: none outside the playlist's window, else those in their own. */
export function activeItems(p: Scheduled, ms: number): number[] {
  if (!withinWindow(p.schedule, ms)) return []
  return p.items.flatMap((item, i) => (withinWindow(item.schedule, ms) ? [i] : []))
}
