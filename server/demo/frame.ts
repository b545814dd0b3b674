import { DAY_MS, shanghaiDay, shanghaiDayStart } from '../../shared/time/shanghai'
import { shiftYears } from './calendar'

/** [from, to) as instants. */
export interface Span {
  from: number
  to: number
}

/**
 * The demo's time frame. The history is two full years up to `now`: the twelve months to now
 * (`current`: from the day after this date last year up to and including today) and the twelve
 * months before them (`previous`, the same calendar dates a year earlier). Both are whole Shanghai
 * days, exactly what `GET /api/v1/summary?from=…&to=…&compare=lastYear` answers for: a figure
 * the demo promises "over the twelve months to now" holds for `current`, and its 同比 compares it
 * with `previous`.
 */
export interface DemoFrame {
  now: number
  today: number
  /** Start of the history: `previous.from`. */
  from: number
  current: Span
  previous: Span
}

export function demoFrame(now: number): DemoFrame {
  const today = shanghaiDay(now)
  const currentFrom = shanghaiDayStart(shiftYears(today, -1) + 1)
  const previousFrom = shanghaiDayStart(shiftYears(today, -2) + 1)
  return {
    now,
    today,
    from: previousFrom,
    current: { from: currentFrom, to: shanghaiDayStart(today + 1) },
    previous: { from: previousFrom, to: currentFrom },
  }
}

/**
 * Where planned counts go within a window: every whole day of it except its first and its last
 * (today, still under way, and the same day a year earlier; and the ends that a 29 February can
 * shift by a day), so a query of the whole window, or of its 同比, finds all of them.
 */
export function placementOf(span: Span): Span {
  return { from: span.from + DAY_MS, to: span.to - DAY_MS }
}
