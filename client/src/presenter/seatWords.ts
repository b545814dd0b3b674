import { SHANGHAI_OFFSET_MS } from '../../../shared/time/shanghai'

/** `09:35` (or `06-16 09:35` on another day) of an ISO instant, Shanghai time, for the seat's status line. */
export function clockText(iso: string, now: number = Date.now()): string {
  const at = new Date(Date.parse(iso) + SHANGHAI_OFFSET_MS).toISOString()
  const today = new Date(now + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10)
  return at.slice(0, 10) === today ? at.slice(11, 16) : `${at.slice(5, 10)} ${at.slice(11, 16)}`
}

/** A `datetime-local` value (YYYY-MM-DDTHH:MM) of an instant, Shanghai time. */
export const replayInput = (ms: number) => new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16)

/** The wall the seat drives, to open beside it. */
export const wallHref = (wall: string) => `/?wall=${encodeURIComponent(wall)}`
